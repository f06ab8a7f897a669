/**
 * The sandbox's webhook sender: Meta-shaped deliveries (`object`, batched `entry[]` with
 * `changes[]` or `messaging[]`), signed exactly as Meta does — `X-Hub-Signature-256: sha256=` HMAC
 * of the raw bytes with the app secret (and the legacy sha1 header) — with non-ASCII characters
 * escaped as `\uXXXX` in the bytes, as Meta sends them. Faults: duplicate, reorder, drop.
 */
import { createHmac } from 'node:crypto';
import type { SandboxComment, SandboxMessage, SandboxPost, SandboxWorld } from './world';

export interface Delivery {
  readonly object: 'page' | 'instagram';
  readonly entry: readonly unknown[];
}

export interface WebhookFaults {
  /** The next N deliveries are sent twice. */
  duplicate: number;
  /** The next N deliveries are held back and sent after the one that follows them. */
  reorder: number;
  /** The next N deliveries are never sent: only polling finds what they carried. */
  drop: number;
}

/** JSON with every non-ASCII character escaped, as in Meta's signed payloads. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function signatureHeaders(body: string, appSecret: string): Record<string, string> {
  return {
    'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
    'x-hub-signature': `sha1=${createHmac('sha1', appSecret).update(body).digest('hex')}`,
  };
}

export function commentDelivery(world: SandboxWorld, comment: SandboxComment, verb: string): Delivery {
  const account = world.account(comment.accountId);
  const time = Math.floor(world.now() / 1000);
  if (account.platform === 'instagram') {
    const value = {
      id: comment.id,
      text: comment.message,
      from: { id: comment.from.id, username: comment.from.username },
      media: { id: comment.objectId, media_product_type: 'FEED' },
      ...(comment.parentId === comment.objectId ? {} : { parent_id: comment.parentId }),
    };
    return { object: 'instagram', entry: [{ id: account.id, time, changes: [{ field: 'comments', value }] }] };
  }
  const value = {
    from: { id: comment.from.id, name: comment.from.name },
    post: { status_type: 'mobile_status_update', is_published: true, id: comment.objectId },
    message: verb === 'remove' ? undefined : comment.message,
    post_id: comment.objectId,
    comment_id: comment.id,
    created_time: verb === 'remove' ? undefined : comment.createdTime,
    item: 'comment',
    parent_id: comment.parentId,
    verb,
  };
  return { object: 'page', entry: [{ id: account.id, time, changes: [{ field: 'feed', value }] }] };
}

export function postDelivery(world: SandboxWorld, post: SandboxPost): Delivery {
  const value = {
    from: { id: post.from.id, name: post.from.name },
    message: post.message,
    post_id: post.id,
    created_time: post.createdTime,
    item: 'status',
    published: 1,
    verb: 'add',
  };
  return {
    object: 'page',
    entry: [{ id: post.accountId, time: post.createdTime, changes: [{ field: 'feed', value }] }],
  };
}

export function messageDelivery(world: SandboxWorld, message: SandboxMessage): Delivery {
  const account = world.account(message.accountId);
  const own = message.from.id === account.id;
  const item = {
    sender: { id: own ? account.id : message.userId },
    recipient: { id: own ? message.userId : account.id },
    timestamp: message.createdMs,
    message: {
      mid: message.mid,
      text: message.text,
      ...(own
        ? { is_echo: true, app_id: 1517776481860111, ...(message.metadata ? { metadata: message.metadata } : {}) }
        : {}),
    },
  };
  return {
    object: account.platform === 'instagram' ? 'instagram' : 'page',
    entry: [{ id: account.id, time: message.createdMs, messaging: [item] }],
  };
}

export interface SentDelivery {
  readonly body: string;
  readonly status: number;
}

export class WebhookSender {
  readonly faults: WebhookFaults = { duplicate: 0, reorder: 0, drop: 0 };
  readonly sent: SentDelivery[] = [];
  readonly dropped: Delivery[] = [];
  private held: string[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly appSecret: string,
    public callbackUrl: string | undefined,
  ) {}

  /** Queues one delivery; deliveries go out one at a time, in order (unless told to reorder). */
  deliver(delivery: Delivery): Promise<void> {
    if (this.faults.drop > 0) {
      this.faults.drop -= 1;
      this.dropped.push(delivery);
      return this.queue;
    }
    const body = metaJson(delivery);
    if (this.faults.reorder > 0) {
      this.faults.reorder -= 1;
      this.held.push(body);
      return this.queue;
    }
    const times = this.faults.duplicate > 0 ? 2 : 1;
    if (times === 2) this.faults.duplicate -= 1;
    const bodies = [...Array<string>(times).fill(body), ...this.held.splice(0)];
    this.queue = this.queue.then(async () => {
      for (const each of bodies) await this.post(each);
    });
    return this.queue;
  }

  /** Sends whatever is still held back by a reorder. */
  flush(): Promise<void> {
    const bodies = this.held.splice(0);
    this.queue = this.queue.then(async () => {
      for (const each of bodies) await this.post(each);
    });
    return this.queue;
  }

  private async post(body: string): Promise<void> {
    if (!this.callbackUrl) return;
    try {
      const response = await fetch(this.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(body, this.appSecret) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      this.sent.push({ body, status: response.status });
    } catch {
      this.sent.push({ body, status: 0 });
    }
  }
}
