/**
 * The one small storage interface of the server, implemented twice with the same SQL: `pg` (a
 * PostgreSQL server, several instances may share it) and PGlite (embedded, one process). Query
 * functions take a `Queryable` and are plain `fn(db, args)`; transactions are the only way to
 * write several statements atomically.
 */
import type { SqlQuery } from './sql';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(query: SqlQuery): Promise<R[]>;
}

export interface Transaction extends Queryable {
  /** Static DDL (migrations): a script with no values. */
  exec(script: string): Promise<void>;
  /**
   * Runs `query` as the transaction's last statement, sent together with COMMIT (one round trip
   * on PostgreSQL). If it fails, the transaction rolls back and `transaction()` throws its error.
   */
  defer(query: SqlQuery): void;
}

export interface Session {
  /**
   * One transaction, like `Db.transaction`, on the session's connection; it answers as soon as
   * its COMMIT is sent, so the next transaction travels with it. `committed` settles when the
   * COMMIT answers (the session waits for all of them before it ends).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<{ value: T; committed: Promise<void> }>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /**
   * BEGIN … COMMIT around `fn`; ROLLBACK when it throws (and the error is rethrown). Queries of
   * `fn` issued without waiting for each other travel together (PostgreSQL pipeline mode).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Several transactions one after the other on one connection, each still its own BEGIN …
   * COMMIT. Resolves after every COMMIT answered; throws the first failure.
   */
  session<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` on every NOTIFY of `channel` with its payload (pokes carry none; presence
   * between instances does, see sync/hub.ts), and with null after a lost connection came back.
   * Returns the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Numbers come back as strings (`pg` int8) or numbers (PGlite): read them through these. */
export function toInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new TypeError(`db: expected an integer, got ${typeof value}`);
}

export function toIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toInt(value);
}

export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new TypeError(`db: expected text, got ${typeof value}`);
}

export function toTextOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toText(value);
}

export function toTextArrayOrNull(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw new TypeError('db: expected a text array');
}

/** jsonb comes back parsed from both drivers; a string means a json text column. */
export function toJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
