/**
 * Test support for rules.property.test.ts: runs one sequence of commands (rules.model.ts) against
 * the real server — pushes, signed decisions over HTTP, the platform dispatcher — and keeps what
 * the server answered (the signatures it returned, what it handed to the platform) for the
 * oracle. Checks that need no oracle are made on the spot: a resent mutation id is never applied
 * again, another user's replica id is refused, a refused decision changes nothing, and another
 * client's reply is answered like a missing one. No production code imports it.
 */
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Client, Reply, User } from '../../shared/domain/entities';
import { approvalProgress, currentTextHash, replyTextHash } from '../../shared/domain';
import type { Db } from '../db/db';
import { toInt, toJson } from '../db/db';
import { sql } from '../db/sql';
import { completeDispatch, takeForDispatch } from '../outbox/outbox';
import type { DispatchJob } from '../outbox/outbox';
import type { Clock } from '../testing/harness';
import { as, mutationOf, pushOf } from '../testing/harness';
import { clients, PASSWORD } from '../testing/world';
import type { Mutation } from '../../shared/sync/mutations';
import type { Command, Step } from './rules.model';
import { HOME_ITEM, REPLIES, SAVED_REPLY, textFor } from './rules.model';
import { everyone, politicsClient } from './rules.world';
import { decideJson } from './testing';

export interface RunEnv {
  readonly db: Db;
  readonly app: FastifyInstance;
  readonly clock: Clock;
  /** A session token per name of `everyone`. */
  readonly tokens: ReadonlyMap<string, string>;
}

export const chains = new Map<string, Client>([...clients, politicsClient].map((client) => [client.id, client]));
let runs = 0;

export const userOf = (name: string): User => everyone[name] as User;
export const seesClient = (user: User, clientId: string) =>
  user.clientIds === null ? user.role !== 'approver' : user.clientIds.includes(clientId);

export interface Handed {
  readonly job: DispatchJob;
  readonly sent: boolean;
}

/** One sequence of commands on fresh items; what the server answered, for the oracle. */
export class Run {
  readonly id = (runs += 1);
  items: string[] = [];
  readonly replyIds = Array.from({ length: REPLIES }, (_, index) => `r-run-${this.id}-${index}`);
  readonly counters = new Map<string, number>();
  readonly lastBatch = new Map<string, Mutation[]>();
  /** Every decision the server answered 200 to: approval id → who signed which hash of which reply. */
  readonly signed = new Map<string, { userId: string; replyId: string; textHash: string }>();
  readonly seenHashes = new Map<string, string[]>();
  readonly handed: Handed[] = [];
  /** The codes the HTTP endpoints refused with ('http:…'). */
  readonly refusals = new Set<string>();
  startCursor = 0;
  startAt = 0;
  private calls = 0;

  constructor(private readonly env: RunEnv) {}

  private tokenOf = (name: string): string => this.env.tokens.get(name) ?? '';

  replica = (actor: string) => `rp-${this.id}-${actor}`;
  nextIp = () => `10.${this.id % 250}.${Math.floor((this.calls += 1) / 250) % 250}.${this.calls % 250}`;

  async reply(index: number): Promise<Reply | undefined> {
    const [found] = await this.env.db.query(
      sql`SELECT data FROM entities WHERE entity = 'reply' AND id = ${this.replyIds[index] ?? ''}`,
    );
    return found === undefined ? undefined : (toJson(found.data) as Reply);
  }

  async mutationFor(actor: string, id: number, step: Step): Promise<Mutation> {
    const replica = this.replica(actor);
    const itemAt = (index: number) => this.items[index] ?? '';
    const replyId = 'reply' in step ? (this.replyIds[step.reply] ?? '') : '';
    switch (step.kind) {
      case 'claim':
      case 'reopen':
        return mutationOf(replica, id, `item.${step.kind}`, { itemId: itemAt(step.item) });
      case 'archive':
        return mutationOf(replica, id, 'item.archive', { itemId: itemAt(step.item), reason: 'no_reply_needed' });
      case 'snooze':
        return mutationOf(replica, id, 'item.snooze', {
          itemId: itemAt(step.item),
          until: this.env.clock.now() + 3_600_000,
        });
      case 'assign':
        return mutationOf(replica, id, 'item.assign', { itemId: itemAt(step.item), assigneeId: userOf(step.to).id });
      case 'moderate':
        return mutationOf(replica, id, step.op, { itemId: itemAt(step.item), reason: step.reason });
      case 'draft': {
        const itemId = itemAt(step.item === 'home' ? (HOME_ITEM[step.reply] ?? 0) : step.item);
        const text = textFor(step.text, userOf(actor).name);
        const savedReplyId = (step.fromSaved ?? step.text === 'saved') ? SAVED_REPLY.id : null;
        return mutationOf(replica, id, 'reply.draft', {
          replyId,
          itemId,
          text,
          visibility: step.visibility,
          savedReplyId,
        });
      }
      case 'submit':
        return mutationOf(replica, id, 'reply.submit', {
          replyId,
          escalated: step.escalated,
          note: step.escalated ? 'Da verificare' : null,
        });
      case 'send':
        return mutationOf(replica, id, 'reply.send', { replyId, seenUpTo: null });
      case 'pushDecide': {
        const reply = await this.reply(step.reply);
        return mutationOf(replica, id, 'approval.decide', {
          replyId,
          approvalId: `ap-push-${this.id}-${id}`,
          stepIndex: step.step,
          decision: step.decision,
          textHash: reply === undefined ? 'none' : currentTextHash(reply),
          comment: step.decision === 'rejected' ? 'Non va bene' : null,
        });
      }
    }
  }

  async push(actor: string, steps: readonly Step[]): Promise<void> {
    const first = (this.counters.get(actor) ?? 0) + 1;
    const mutations: Mutation[] = [];
    for (const [offset, step] of steps.entries()) mutations.push(await this.mutationFor(actor, first + offset, step));
    this.counters.set(actor, first + steps.length - 1);
    this.lastBatch.set(actor, mutations);
    const answer = await as(this.env.app, this.tokenOf(actor)).push(pushOf(this.replica(actor), mutations));
    expect(answer.status, 'a push is answered, refusals included').toBe(200);
  }

  private noteRefusal(body: unknown): void {
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    if (typeof code === 'string') this.refusals.add(`http:${code}`);
  }

  async commitCount(replica: string): Promise<number> {
    const [found] = await this.env.db.query(sql`SELECT count(*) AS n FROM commits WHERE client_id = ${replica}`);
    return toInt(found?.n);
  }

  async replay(actor: string, altered: Step | null): Promise<void> {
    const batch = this.lastBatch.get(actor);
    if (batch === undefined || batch.length === 0) return;
    const last = batch[batch.length - 1] as Mutation;
    const resent = altered === null ? batch : [...batch.slice(0, -1), await this.mutationFor(actor, last.id, altered)];
    const before = await this.commitCount(this.replica(actor));
    const answer = await as(this.env.app, this.tokenOf(actor)).push(pushOf(this.replica(actor), resent));
    expect(answer.status).toBe(200);
    expect(answer.body.lastMutationId, 'a resent id is never applied again').toBe(last.id);
    expect(await this.commitCount(this.replica(actor))).toBe(before);
  }

  async hijack(actor: string, victim: string, step: Step): Promise<void> {
    if (userOf(actor).id === userOf(victim).id) return;
    const replica = this.replica(victim);
    // Registered to the victim first (the thief may be the first to use it otherwise).
    await as(this.env.app, this.tokenOf(victim)).push(pushOf(replica, []));
    const mutation = await this.mutationFor(victim, (this.counters.get(victim) ?? 0) + 1, step);
    const before = await this.commitCount(replica);
    const answer = await as(this.env.app, this.tokenOf(actor)).push(pushOf(replica, [mutation]));
    expect(answer.status, 'another user’s replica id is refused').toBe(403);
    this.noteRefusal(answer.body);
    expect(await this.commitCount(replica)).toBe(before);
  }

  async decide(cmd: Extract<Command, { kind: 'decide' }>): Promise<void> {
    const reply = await this.reply(cmd.reply);
    const client = reply === undefined ? undefined : chains.get(reply.clientId);
    const progress = reply === undefined || client === undefined ? null : approvalProgress(reply, client.approvalChain);
    const group = client?.approvalChain[progress?.currentStep ?? 0]?.approverIds ?? [];
    const memberId = group.find((id) => id !== reply?.authorId);
    const member = Object.keys(everyone).find((name) => userOf(name).id === memberId);
    const author = Object.keys(everyone).find((name) => userOf(name).id === reply?.authorId);
    const actor =
      cmd.actor === 'group' ? (member ?? 'medical') : cmd.actor === 'author' ? (author ?? 'moderator') : cmd.actor;
    const current = reply === undefined ? 'none' : currentTextHash(reply);
    const stale = (this.seenHashes.get(this.replyIds[cmd.reply] ?? '') ?? []).find((hash) => hash !== current);
    const textHash =
      cmd.hash === 'current'
        ? current
        : cmd.hash === 'stale'
          ? (stale ?? 'f'.repeat(64))
          : replyTextHash('Altro testo', 'public');
    const body: Record<string, unknown> = {
      replyId: this.replyIds[cmd.reply],
      stepIndex: cmd.step === 'current' ? (progress?.currentStep ?? 0) : cmd.step,
      decision: cmd.decision,
      textHash,
      comment: cmd.decision === 'rejected' ? 'Troppo tecnico' : null,
      ...(cmd.password === 'missing' ? {} : { password: cmd.password === 'right' ? PASSWORD : 'wrong-password' }),
      ...(cmd.edit === null || cmd.decision === 'rejected'
        ? {}
        : { editedText: textFor(cmd.edit, userOf(actor).name) }),
    };
    await this.post(actor, body, reply);
  }

  async post(actor: string, body: Record<string, unknown>, reply: Reply | undefined): Promise<number> {
    const answer = await decideJson(this.env.app, this.tokenOf(actor), body, this.nextIp());
    const user = userOf(actor);
    if (body.password !== PASSWORD) expect(answer.status, 'a decision without the right password').not.toBe(200);
    this.noteRefusal(answer.body);
    if (reply !== undefined && !seesClient(user, reply.clientId)) {
      // Answered like a missing reply (or before anything was read): nothing about it leaks.
      expect([400, 401, 404], `${actor} deciding another client's reply`).toContain(answer.status);
      expect(answer.body.reply).toBeUndefined();
    }
    if (answer.status === 200) {
      const approval = answer.body.approval as { id: string; approverId: string; textHash: string; replyId: string };
      expect(approval.approverId).toBe(user.id);
      this.signed.set(approval.id, { userId: user.id, replyId: approval.replyId, textHash: approval.textHash });
    } else if (reply !== undefined) {
      expect(
        await this.reply(this.replyIds.indexOf(String(body.replyId))),
        'a refused decision changes nothing',
      ).toEqual(reply);
    }
    return answer.status;
  }

  /** Signs every waiting step properly (a group member who is not the author, the current hash). */
  async approveAll(index: number, sender: string | null): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const reply = await this.reply(index);
      if (reply?.status !== 'awaiting_approval') break;
      await this.decide({
        kind: 'decide',
        actor: 'group',
        reply: index,
        decision: 'approved',
        step: 'current',
        hash: 'current',
        password: 'right',
        edit: null,
      });
    }
    if (sender !== null) await this.push(sender, [{ kind: 'send', reply: index }]);
  }

  async dispatch(sent: readonly boolean[]): Promise<void> {
    const taken = await takeForDispatch(this.env.db, 50, this.env.clock.now());
    for (const [index, job] of taken.ready.entries()) {
      const accepted = sent[index % sent.length] ?? true;
      await completeDispatch(
        this.env.db,
        job.outboxId,
        accepted ? { sent: true } : { sent: false, error: 'platform_error' },
        this.env.clock.now(),
      );
      this.handed.push({ job, sent: accepted });
    }
  }

  async noteHashes(): Promise<void> {
    for (let index = 0; index < REPLIES; index += 1) {
      const reply = await this.reply(index);
      if (reply === undefined) continue;
      const seen = this.seenHashes.get(reply.id) ?? [];
      const hash = currentTextHash(reply);
      if (!seen.includes(hash)) this.seenHashes.set(reply.id, [...seen, hash]);
    }
  }

  async execute(cmd: Command): Promise<void> {
    this.env.clock.advance(1000);
    if (cmd.kind === 'push') await this.push(cmd.actor, cmd.steps);
    else if (cmd.kind === 'replay') await this.replay(cmd.actor, cmd.altered);
    else if (cmd.kind === 'hijack') await this.hijack(cmd.actor, cmd.victim, cmd.step);
    else if (cmd.kind === 'decide') await this.decide(cmd);
    else if (cmd.kind === 'approveAll') await this.approveAll(cmd.reply, cmd.sender);
    else await this.dispatch(cmd.sent);
    await this.noteHashes();
  }
}
