/**
 * A simulated desktop replica, as docs/sync.md describes one: confirmed rows (what the server sent),
 * pending mutations (ids counting up, kept until the server confirms them), a cursor. Answers can
 * be "lost" on the way back: the server did the work, the replica never hears of it.
 */
import type { FastifyInstance } from 'fastify';
import type { User } from '../../../shared/domain/entities';
import type { Mutation, MutationArgs, MutationName } from '../../../shared/sync/mutations';
import type { Change, PullResponse, PushResponse } from '../../../shared/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../../../shared/sync/protocol';

export class SimReplica {
  nextId = 1;
  pending: Mutation[] = [];
  readonly confirmed = new Map<string, unknown>();
  cursor = 0;
  lastMutationId = 0;
  readonly refused = new Map<number, string>();
  /** Every change that reached this replica, answers lost on the way included. */
  readonly received: Change[] = [];
  /** Every mutation it ever made, by id. */
  readonly made = new Map<number, Mutation>();

  constructor(
    readonly user: User,
    readonly clientId: string,
    public token: string,
  ) {}

  mutate<N extends MutationName>(name: N, args: MutationArgs<N>, createdAt: number): Mutation {
    const mutation: Mutation = { clientId: this.clientId, id: this.nextId, name, args, createdAt };
    this.nextId += 1;
    this.pending.push(mutation);
    this.made.set(mutation.id, mutation);
    return mutation;
  }

  private async call<T>(
    app: FastifyInstance,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.token}` },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  /** Pushes the pending mutations (optionally without the first: a gap). */
  async push(
    app: FastifyInstance,
    options: { drop?: boolean; skipFirst?: boolean } = {},
  ): Promise<PushResponse | null> {
    const mutations = options.skipFirst === true ? this.pending.slice(1) : this.pending;
    const answer = await this.call<PushResponse>(app, 'POST', '/sync/push', {
      protocol: SYNC_PROTOCOL_VERSION,
      clientId: this.clientId,
      mutations,
    });
    if (answer.status !== 200)
      throw new Error(`push ${this.clientId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return options.drop === true ? null : answer.body;
  }

  /** Pulls until the server has nothing more; a lost answer leaves the replica as it was. */
  async pull(app: FastifyInstance, options: { drop?: boolean; limit?: number } = {}): Promise<void> {
    let cursor = this.cursor;
    const pages: PullResponse[] = [];
    for (let page = 0; page < 10_000; page += 1) {
      const url = `/sync/pull?clientId=${this.clientId}&cursor=${cursor}&limit=${options.limit ?? 1000}`;
      const answer = await this.call<PullResponse>(app, 'GET', url);
      if (answer.status !== 200)
        throw new Error(`pull ${this.clientId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      this.received.push(...answer.body.changes);
      pages.push(answer.body);
      cursor = answer.body.cursor;
      if (!answer.body.more) break;
    }
    if (options.drop === true) return;
    for (const page of pages) this.apply(page);
  }

  /** One page in one go, as the replica's SQLite transaction does: changes, then the rebase. */
  private apply(page: PullResponse): void {
    for (const change of page.changes) {
      const key = `${change.entity}:${change.id}`;
      if (change.op === 'delete') this.confirmed.delete(key);
      else this.confirmed.set(key, change.data);
    }
    for (const refusal of page.refused) this.refused.set(refusal.id, refusal.code);
    this.cursor = page.cursor;
    this.lastMutationId = page.lastMutationId;
    this.pending = this.pending.filter((mutation) => mutation.id > page.lastMutationId);
  }
}
