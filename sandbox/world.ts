/**
 * The sandbox platform's state: a few Facebook Pages and Instagram accounts with posts, comments
 * and conversations, in memory. Ids look like Meta's (`<page>_<post>`, `<post>_<comment>`,
 * 17-digit Instagram ids, `m_…` message ids). Nothing here is real; nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';

export type SandboxPlatform = 'facebook' | 'instagram';
export type TokenState = 'ok' | 'expired' | 'revoked';

export interface SandboxPerson {
  readonly id: string;
  readonly name: string;
  readonly username: string;
}

export interface SandboxAccount {
  readonly id: string;
  readonly platform: SandboxPlatform;
  readonly name: string;
  readonly username: string;
  token: string;
  tokenState: TokenState;
}

export interface SandboxPost {
  readonly id: string;
  readonly accountId: string;
  readonly from: SandboxPerson;
  readonly message: string;
  readonly createdTime: number; // unix seconds
}

export interface SandboxComment {
  readonly id: string;
  readonly accountId: string;
  /** The post (Facebook) or media (Instagram) the comment lives under. */
  readonly objectId: string;
  /** The post for a top-level comment, the parent comment for a reply. */
  readonly parentId: string;
  readonly from: SandboxPerson;
  message: string;
  readonly createdTime: number;
  hidden: boolean;
  deleted: boolean;
}

export interface SandboxMessage {
  readonly mid: string;
  readonly accountId: string;
  /** The customer's scoped id: the thread. */
  readonly userId: string;
  readonly from: SandboxPerson;
  readonly text: string;
  readonly createdMs: number;
  readonly metadata?: string;
}

export class SandboxWorld {
  readonly accounts = new Map<string, SandboxAccount>();
  readonly posts: SandboxPost[] = [];
  readonly comments: SandboxComment[] = [];
  readonly messages: SandboxMessage[] = [];
  private sequence = 1000;

  constructor(private readonly clock: () => number = Date.now) {}

  now(): number {
    return this.clock();
  }

  nextNumber(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addAccount(platform: SandboxPlatform, id: string, name: string, username: string): SandboxAccount {
    const account: SandboxAccount = { id, platform, name, username, token: newToken(), tokenState: 'ok' };
    this.accounts.set(id, account);
    return account;
  }

  /** A fresh token, as after a reconnect; the old one stops working. */
  reconnect(accountId: string): string {
    const account = this.account(accountId);
    account.token = newToken();
    account.tokenState = 'ok';
    return account.token;
  }

  account(accountId: string): SandboxAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`sandbox: no account ${accountId}`);
    return account;
  }

  accountByToken(token: string): SandboxAccount | undefined {
    return [...this.accounts.values()].find((account) => account.token === token);
  }

  self(accountId: string): SandboxPerson {
    const account = this.account(accountId);
    return { id: account.id, name: account.name, username: account.username };
  }

  addPost(accountId: string, message: string, from?: SandboxPerson): SandboxPost {
    const account = this.account(accountId);
    const number = this.nextNumber();
    const id =
      account.platform === 'instagram' ? `1790000000${String(number).padStart(7, '0')}` : `${accountId}_${number}`;
    const post: SandboxPost = {
      id,
      accountId,
      from: from ?? this.self(accountId),
      message,
      createdTime: this.seconds(),
    };
    this.posts.push(post);
    return post;
  }

  addComment(objectId: string, parentId: string, from: SandboxPerson, message: string): SandboxComment {
    const post = this.posts.find((candidate) => candidate.id === objectId);
    if (!post) throw new Error(`sandbox: no post ${objectId}`);
    const number = this.nextNumber();
    const platform = this.account(post.accountId).platform;
    const postNumber = objectId.split('_').pop() ?? objectId;
    const id = platform === 'instagram' ? `1800000000${String(number).padStart(7, '0')}` : `${postNumber}_${number}`;
    const comment: SandboxComment = {
      id,
      accountId: post.accountId,
      objectId,
      parentId,
      from,
      message,
      createdTime: this.seconds(),
      hidden: false,
      deleted: false,
    };
    this.comments.push(comment);
    return comment;
  }

  addMessage(accountId: string, userId: string, from: SandboxPerson, text: string, metadata?: string): SandboxMessage {
    const message: SandboxMessage = {
      mid: `m_${randomBytes(12).toString('base64url')}`,
      accountId,
      userId,
      from,
      text,
      createdMs: this.now(),
      ...(metadata === undefined ? {} : { metadata }),
    };
    this.messages.push(message);
    return message;
  }

  comment(id: string): SandboxComment | undefined {
    return this.comments.find((comment) => comment.id === id);
  }

  /** Where an object lives, for routes addressed by object id. */
  ownerOf(objectId: string): string | undefined {
    if (this.accounts.has(objectId)) return objectId;
    return (
      this.posts.find((post) => post.id === objectId)?.accountId ??
      this.comment(objectId)?.accountId ??
      this.messages.find((message) => message.mid === objectId)?.accountId
    );
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

function newToken(): string {
  return `SANDBOX${randomBytes(24).toString('base64url')}`;
}
