import type BetterSqlite3 from 'better-sqlite3';
import type { EventPayload } from '../../../shared/contract/events';
import { ReplicaError } from './errors';
import type { BoundValue, SqlFragment } from './sql';

/**
 * Typed access to the replica's connection. Query functions take a `ReadableDb` when they only
 * read and a `WritableDb` when they write, so a reader cannot be handed to a writer by mistake;
 * the reader also refuses, at run time, any statement that is not read-only.
 */

/** What changed, as the renderer hears it (the contract's `replica:changed` event). */
export type ReplicaChange = EventPayload<'replica:changed'>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface ReadableDb {
  readonly access: 'read' | 'write';
  get<Row>(query: SqlFragment): Row | undefined;
  all<Row>(query: SqlFragment): Row[];
  /** The first column of every row. */
  column<Value>(query: SqlFragment): Value[];
  /** Rows as arrays in column order: no object per row (hot paths returning many columns). */
  rows<Row extends readonly unknown[]>(query: SqlFragment): Row[];
  /** `EXPLAIN QUERY PLAN` details, one line per step (tests and the benchmark check indexes). */
  explain(query: SqlFragment): string[];
}

/** Where the replica's file is, so a worker thread can open its own connection to it. */
export interface ReplicaLocation {
  file: string;
  nativeBinding?: string;
}

export interface WritableDb extends ReadableDb {
  readonly access: 'write';
  /** Set for a replica opened from a file (openReplica); absent for in-memory test databases. */
  readonly location?: ReplicaLocation;
  run(query: SqlFragment): RunResult;
  /**
   * Runs `fn` in one transaction (a savepoint when nested). Changes announced inside it reach
   * listeners only after the outermost commit, and never after a rollback. `bulk` marks one
   * chunk of a large write: before-commit work that pays off in bigger batches may wait.
   */
  transaction<T>(fn: () => T, options?: TransactionOptions): T;
  notifyChanged(change: Partial<ReplicaChange>): void;
  /** Static DDL of migrations: a script with no values. */
  execScript(script: string): void;
  /**
   * While set, transactions on this connection fail at once with `ReplicaError('unavailable')`
   * and this message instead of waiting for a lock another connection (a worker build) holds.
   */
  setWriteBarrier?(message: string | null): void;
}

export interface TransactionOptions {
  bulk?: boolean;
}

export type BeforeCommit = (db: WritableDb, options: TransactionOptions) => void;

export interface DbFacades {
  reader: ReadableDb;
  writer: WritableDb;
  onChange(listener: (change: ReplicaChange) => void): () => void;
  /** Work every write transaction does last, before it commits (keeping derived indexes). */
  addBeforeCommit(hook: BeforeCommit): void;
}

type Statement = BetterSqlite3.Statement<BoundValue[]>;

/** Prepared statements kept per SQL text; queue filters produce a bounded set of texts. */
class StatementCache {
  private readonly statements = new Map<string, Statement>();
  constructor(
    private readonly connection: BetterSqlite3.Database,
    private readonly capacity: number,
  ) {}

  get(text: string): Statement {
    const cached = this.statements.get(text);
    if (cached) {
      // Least recently used goes first: re-inserting moves this one to the end.
      this.statements.delete(text);
      this.statements.set(text, cached);
      return cached;
    }
    const statement = this.connection.prepare<BoundValue[]>(text);
    this.statements.set(text, statement);
    if (this.statements.size > this.capacity) {
      const oldest = this.statements.keys().next();
      if (!oldest.done) this.statements.delete(oldest.value);
    }
    return statement;
  }
}

export function createDbFacades(
  connection: BetterSqlite3.Database,
  cacheSize = 400,
  location?: ReplicaLocation,
): DbFacades {
  const cache = new StatementCache(connection, cacheSize);
  const listeners = new Set<(change: ReplicaChange) => void>();
  const beforeCommit: BeforeCommit[] = [];
  let pending: { items: Set<string>; contacts: Set<string>; reset: boolean } | null = null;
  let barrier: string | null = null;

  const emit = (change: ReplicaChange): void => {
    for (const listener of listeners) listener(change);
  };

  // `raw(true)` flips a prepared statement for good, so `column` keeps its own statements.
  const columnCache = new StatementCache(connection, cacheSize);

  const facade = (access: 'read' | 'write'): ReadableDb => {
    const statementFor = (query: SqlFragment, cacheToUse: StatementCache): Statement => {
      const statement = cacheToUse.get(query.text);
      if (access === 'read' && !statement.readonly) {
        throw new TypeError('ReadableDb: statement is not read-only');
      }
      return statement;
    };
    return {
      access,
      get<Row>(query: SqlFragment): Row | undefined {
        return statementFor(query, cache).get(...query.params) as Row | undefined;
      },
      all<Row>(query: SqlFragment): Row[] {
        return statementFor(query, cache).all(...query.params) as Row[];
      },
      column<Value>(query: SqlFragment): Value[] {
        return statementFor(query, columnCache)
          .raw(true)
          .all(...query.params)
          .map((row) => (row as unknown[])[0] as Value);
      },
      rows<Row extends readonly unknown[]>(query: SqlFragment): Row[] {
        return statementFor(query, columnCache)
          .raw(true)
          .all(...query.params) as Row[];
      },
      explain(query: SqlFragment): string[] {
        const rows = connection.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.params);
        return rows.map((row) => String((row as { detail: unknown }).detail));
      },
    };
  };

  const reader = facade('read');

  const writer: WritableDb = {
    ...facade('write'),
    access: 'write',
    ...(location ? { location } : {}),
    run(query: SqlFragment): RunResult {
      // A lone write is a transaction of its own, so the before-commit work runs for it too.
      if (!connection.inTransaction && beforeCommit.length > 0) {
        return writer.transaction(() => cache.get(query.text).run(...query.params));
      }
      return cache.get(query.text).run(...query.params);
    },
    transaction<T>(fn: () => T, options: TransactionOptions = {}): T {
      const outermost = !connection.inTransaction;
      if (outermost && barrier !== null) throw new ReplicaError('unavailable', barrier);
      if (outermost) pending = { items: new Set(), contacts: new Set(), reset: false };
      try {
        const body = outermost
          ? () => {
              const value = fn();
              for (const hook of beforeCommit) hook(writer, options);
              return value;
            }
          : fn;
        const result = outermost ? connection.transaction(body).immediate() : connection.transaction(body)();
        if (outermost && pending) {
          const change = pending;
          pending = null;
          if (change.reset || change.items.size > 0 || change.contacts.size > 0) {
            emit({ items: [...change.items], contacts: [...change.contacts], reset: change.reset });
          }
        }
        return result;
      } catch (error) {
        if (outermost) pending = null;
        throw error;
      }
    },
    notifyChanged(change: Partial<ReplicaChange>): void {
      if (pending) {
        for (const id of change.items ?? []) pending.items.add(id);
        for (const id of change.contacts ?? []) pending.contacts.add(id);
        pending.reset ||= change.reset ?? false;
        return;
      }
      emit({ items: change.items ?? [], contacts: change.contacts ?? [], reset: change.reset ?? false });
    },
    execScript(script: string): void {
      connection.exec(script);
    },
    setWriteBarrier(message: string | null): void {
      barrier = message;
    },
  };

  return {
    reader,
    writer,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    addBeforeCommit(hook) {
      beforeCommit.push(hook);
    },
  };
}
