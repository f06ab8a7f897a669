/**
 * The audit trail's event and its hash chain (issue 6). Pure: the server stores and appends
 * events, this module says what an event is, how it is hashed and how a chain is checked.
 *
 * Hashing, in two layers so the server can chain a batch inside one SQL statement:
 * - `contentHash` = SHA-256 of "audit-content/v1\n" + the canonical JSON of everything the event
 *   says (time, actor, action, entity, client, before/after, signature), computed in JS;
 * - `hash` = SHA-256 of "audit/v1|<prevHash>|<seq>|<contentHash>" (hex, decimal, hex), which
 *   PostgreSQL's `sha256()` computes identically while it holds the chain's head.
 * The first event of a chain links to `GENESIS_HASH`. Events are numbered 1, 2, 3… per chain.
 *
 * Canonical JSON is RFC 8785's (JCS) for the values audit events hold: object keys sorted by
 * UTF-16 code units, no whitespace, strings and numbers as ECMAScript's JSON.stringify writes
 * them. It survives PostgreSQL's jsonb (which reorders keys) unchanged.
 */
import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { epochMs, id, role } from './entities';

export const auditActions = [
  'ingest',
  'claim',
  'assign',
  'unassign',
  'archive',
  'snooze',
  'reopen',
  'label',
  'draft',
  'submit',
  'approve',
  'reject',
  'send',
  /** The moderator confirmed (or declined) an approver's rewrite of their reply. */
  'edit_confirm',
  'edit_decline',
  'dispatch',
  'dispatch_failed',
  'hide',
  'delete',
  'note',
  'contact_tag',
  'policy_change',
  'user_change',
  'login',
  'login_failed',
  'logout',
] as const;
export const auditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditAction>;

export const auditEntities = [
  'item',
  'reply',
  'approval',
  'note',
  'contact',
  'client',
  'channel',
  'saved_reply',
  'user',
  'account',
  'workspace',
] as const;
export const auditEntity = z.enum(auditEntities);
export type AuditEntity = z.infer<typeof auditEntity>;

/**
 * Who acted, as they were when they acted (a later rename must not rewrite history). `id` null:
 * nobody known (a failed login on an unknown address); the system acts as `system`.
 */
export const auditActor = z.object({
  id: id.nullable(),
  name: z.string().max(200),
  role: role.nullable(),
});
export type AuditActor = z.infer<typeof auditActor>;

/** An e-signature (approve/reject): printed name, time and meaning, e.g. "Approved — Medical review". */
export const auditSignature = z.object({
  printedName: z.string().min(1).max(200),
  meaning: z.string().min(1).max(200),
  at: epochMs,
});
export type AuditSignature = z.infer<typeof auditSignature>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** What an event says; the chain fields are added when it is appended. */
export const auditContent = z.object({
  at: epochMs,
  actor: auditActor,
  action: auditAction,
  entity: auditEntity,
  entityId: z.string().min(1).max(200),
  /** The client (brand) scope, which is also the chain; null: workspace-level (logins, users). */
  clientId: id.nullable(),
  /** The state before and after (domain values; a reply's text may be here, never in logs). */
  before: z.json().nullable(),
  after: z.json().nullable(),
  signature: auditSignature.nullable(),
});
export type AuditContent = z.infer<typeof auditContent>;

export const auditEvent = auditContent.extend({
  seq: z.number().int().positive(),
  prevHash: hex64,
  hash: hex64,
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const GENESIS_HASH = '0'.repeat(64);
const CONTENT_TAG = 'audit-content/v1\n';
const LINK_TAG = 'audit/v1';

/** RFC 8785 canonical JSON of a JSON value (throws on what JSON cannot say). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      // String building instead of entries/map/join: this runs for every event appended and checked.
      if (Array.isArray(value)) {
        let out = '[';
        for (let index = 0; index < value.length; index += 1) {
          if (index > 0) out += ',';
          out += canonicalJson(value[index]);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, which is what RFC 8785 asks for.
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const field = record[key];
        if (field === undefined) continue;
        if (out.length > 1) out += ',';
        out += `${JSON.stringify(key)}:${canonicalJson(field)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

/** The content fields only, whatever else the object carries (seq, hashes, database columns). */
export function contentOf(event: AuditContent): AuditContent {
  const { at, actor, action, entity, entityId, clientId, before, after, signature } = event;
  return { at, actor, action, entity, entityId, clientId, before, after, signature };
}

export function contentHash(content: AuditContent): string {
  return sha256Hex(CONTENT_TAG + canonicalJson(contentOf(content)));
}

export function linkHash(prevHash: string, seq: number, content: string): string {
  return sha256Hex(`${LINK_TAG}|${prevHash}|${seq}|${content}`);
}

export function eventHash(event: AuditContent & Pick<AuditEvent, 'seq' | 'prevHash'>): string {
  return linkHash(event.prevHash, event.seq, contentHash(event));
}

/** Where a chain (or the part of it being checked) starts: after event `seq` with `hash`. */
export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}
export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/** Appends contents after `start` (tests, tools; the server chains in SQL the same way). */
export function chainEvents(contents: readonly AuditContent[], start: ChainPoint = CHAIN_START): AuditEvent[] {
  let previous = start;
  return contents.map((content) => {
    const seq = previous.seq + 1;
    const hash = linkHash(previous.hash, seq, contentHash(content));
    const event: AuditEvent = { ...contentOf(content), seq, prevHash: previous.hash, hash };
    previous = { seq, hash };
    return event;
  });
}

export const chainProblemKinds = ['edited', 'removed', 'reordered', 'inserted'] as const;
export type ChainProblemKind = (typeof chainProblemKinds)[number];

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** 0-based position in the chain (`startIndex` + position in the list checked). */
  readonly index: number;
  /** The event number concerned; for `removed`, the first missing number. */
  readonly seq: number;
}

export type ChainVerdict =
  { readonly ok: true; readonly count: number; readonly last: ChainPoint } | ({ readonly ok: false } & ChainProblem);

export interface VerifyOptions {
  /** The event before the first one given (default: the chain's start). */
  readonly start?: ChainPoint;
  /** Position of the first event given in the whole chain (for paged checks). */
  readonly startIndex?: number;
  /** The chain's head as recorded elsewhere: catches events cut off or added at the end. */
  readonly head?: ChainPoint | null;
}

/** How far ahead a moved event is looked for (pages are checked with a small overlap). */
const LOOKAHEAD = 64;

/**
 * Checks a chain (events in the order they are stored) and names the first problem:
 * - `edited`: an event's content no longer matches its hash, or its hash no longer matches what
 *   the next event (or the recorded head) says it was — changed and re-hashed;
 * - `removed`: a number is missing, or the chain ends before its recorded head;
 * - `reordered`: events are out of order (numbers, or contents that belong to another position);
 * - `inserted`: an event that is not part of the chain — a number used twice, a stranger in
 *   the sequence, or more events than the recorded head.
 */
export function verifyChain(events: readonly AuditEvent[], options: VerifyOptions = {}): ChainVerdict {
  const start = options.start ?? CHAIN_START;
  const base = options.startIndex ?? 0;
  const problem = (kind: ChainProblemKind, index: number, seq: number): ChainVerdict => ({
    ok: false,
    kind,
    index: base + index,
    seq,
  });
  const contentHashes = events.map((event) => contentHash(event));
  const seen = new Set<number>();
  let previous = start;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index] as AuditEvent;
    const expected = previous.seq + 1;
    const later = events.slice(index + 1, index + 1 + LOOKAHEAD);
    if (event.seq < expected) return problem(seen.has(event.seq) ? 'inserted' : 'reordered', index, event.seq);
    if (event.seq > expected) {
      if (later.some((other) => other.seq === event.seq)) return problem('inserted', index, event.seq);
      const next = later.findIndex((other) => other.seq === expected);
      if (next < 0) return problem('removed', index, expected);
      // A stranger directly followed by the expected event, which it was not chained after.
      const stranger = next === 0 && event.prevHash !== later[0]?.hash;
      return problem(stranger ? 'inserted' : 'reordered', index, event.seq);
    }
    const ownHash = contentHashes[index] as string;
    if (linkHash(event.prevHash, event.seq, ownHash) !== event.hash) {
      // The content, or the number, belongs to another position: moved, not changed.
      if (later.some((other) => other.hash === event.prevHash)) return problem('reordered', index, event.seq);
      const window = events.slice(Math.max(0, index - LOOKAHEAD), index + 1 + LOOKAHEAD);
      const elsewhere = window.some(
        (other) => other !== event && linkHash(other.prevHash, other.seq, ownHash) === other.hash,
      );
      if (elsewhere) return problem('reordered', index, event.seq);
      if (linkHash(event.prevHash, event.seq - 1, ownHash) === event.hash) return problem('inserted', index, event.seq);
      if (linkHash(event.prevHash, event.seq + 1, ownHash) === event.hash) return problem('removed', index, event.seq);
      return problem('edited', index, event.seq);
    }
    if (event.prevHash !== previous.hash) {
      // Intact itself, but its predecessor is not the event it was chained to.
      return index === 0 ? problem('edited', -1, previous.seq) : problem('edited', index - 1, previous.seq);
    }
    seen.add(event.seq);
    previous = { seq: event.seq, hash: event.hash };
  }
  const head = options.head ?? null;
  if (head !== null) {
    if (previous.seq < head.seq) return problem('removed', events.length, previous.seq + 1);
    if (previous.seq > head.seq) {
      const first = events.findIndex((event) => event.seq > head.seq);
      return problem('inserted', first, head.seq + 1);
    }
    if (previous.hash !== head.hash) return problem('edited', events.length - 1, previous.seq);
  }
  return { ok: true, count: events.length, last: previous };
}
