/**
 * `Db` on a PostgreSQL server through a `pg` Pool. Several server instances may share one
 * database; LISTEN uses its own connection (a pooled one may be handed to someone else) and comes
 * back after a lost connection, calling the listener once so no poke is missed meanwhile.
 */
import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';
import type { Db, Row, Session, Transaction } from './db';
import type { SqlQuery } from './sql';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool (pushes in parallel, pulls, logins). */
  max?: number;
  onError?: (error: Error) => void;
}

/** int8 (cursors, ids, epoch ms) as JS numbers: every value we store is below 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function params(query: SqlQuery): unknown[] {
  return [...query.params];
}

/**
 * Every query as a named prepared statement: parsed and planned once per connection, not per
 * call. Query texts are static (values are always parameters), so the names are few.
 */
const statementNames = new Map<string, string>();
function named(query: SqlQuery): pg.QueryConfig<unknown[]> {
  const text = query.text;
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < 2000) {
    name = `md_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { text, values: params(query), ...(name === undefined ? {} : { name }) };
}

/** pg keeps its socket private; corking it turns a burst of pipelined messages into one write. */
function socketOf(client: pg.PoolClient): Pick<Socket, 'cork' | 'uncork'> | null {
  const stream = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  return stream instanceof Socket ? stream : null;
}

/** The connection failed (not a statement): the pool must drop it, not hand it out again. */
class BrokenConnectionError extends Error {
  constructor(readonly reason: unknown) {
    super(`database connection failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'BrokenConnectionError';
  }
}

function brokenConnection(error: unknown): Error | undefined {
  return error instanceof BrokenConnectionError ? error : undefined;
}

/**
 * BEGIN, the statements fn issues before its first await, and later the deferred statements with
 * COMMIT each leave as one packet (pipeline mode, corked socket). It answers once COMMIT is sent:
 * on a session the next transaction's BEGIN and reads follow it on the wire, and PostgreSQL runs
 * them after it, so they see its writes. `committed` settles when COMMIT answers.
 */
async function runTransaction<T>(
  client: pg.PoolClient,
  fn: (tx: Transaction) => Promise<T>,
): Promise<{ value: T; committed: Promise<void> }> {
  const socket = socketOf(client);
  const deferred: SqlQuery[] = [];
  const tx: Transaction = {
    async query<R extends Row = Row>(query: SqlQuery): Promise<R[]> {
      const result = client.query<R>(named(query));
      await begun;
      return (await result).rows;
    },
    async exec(script: string): Promise<void> {
      await begun;
      await client.query(script);
    },
    defer(query: SqlQuery): void {
      deferred.push(query);
    },
  };
  socket?.cork();
  const begun = client.query('BEGIN');
  begun.catch(() => undefined);
  let running: Promise<T>;
  try {
    running = fn(tx);
  } finally {
    socket?.uncork();
  }
  let value: T;
  try {
    value = await running;
    await begun;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      throw new BrokenConnectionError(rollbackError);
    }
    throw error;
  }
  // After a failed deferred statement, COMMIT answers ROLLBACK: the failure is the outcome.
  socket?.cork();
  const last = [...deferred.map((query) => client.query(named(query))), client.query('COMMIT')];
  socket?.uncork();
  const committed = Promise.allSettled(last).then((outcomes) => {
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed === undefined) return;
    throw failed.reason instanceof pg.DatabaseError ? failed.reason : new BrokenConnectionError(failed.reason);
  });
  return { value, committed };
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10, types, pipeline: true });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (error) => options.onError?.(error));
  // Fail now, with the driver's message, rather than at the first request.
  const probe = await pool.connect();
  probe.release();

  const listeners = new Set<pg.Client>();
  let closed = false;

  const db: Db = {
    kind: 'postgres',
    async query<R extends Row = Row>(query: SqlQuery): Promise<R[]> {
      const result = await pool.query<R>(named(query));
      return result.rows;
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const { value, committed } = await runTransaction(client, fn);
        await committed;
        return value;
      } catch (error) {
        broken = brokenConnection(error);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async session<T>(fn: (session: Session) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const commits: Promise<void>[] = [];
      let broken: Error | undefined;
      try {
        const value = await fn({
          async transaction<V>(work: (tx: Transaction) => Promise<V>) {
            const result = await runTransaction(client, work);
            result.committed.catch(() => undefined);
            commits.push(result.committed);
            return result;
          },
        });
        const failed = (await Promise.allSettled(commits)).find((outcome) => outcome.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        return value;
      } catch (error) {
        await Promise.allSettled(commits);
        broken = brokenConnection(error);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>> {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new TypeError(`db: bad channel name ${channel}`);
      let client: pg.Client | null = null;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: options.url, types });
        next.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? null);
        });
        next.on('error', (error) => {
          options.onError?.(error);
          listeners.delete(next);
          void next.end().catch(() => undefined);
          if (!stopped && !closed) setTimeout(() => void reconnect(), 1000).unref();
        });
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        listeners.add(next);
        client = next;
      };
      const reconnect = async (): Promise<void> => {
        try {
          await connect();
          onNotify(null);
        } catch (error) {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
          if (!stopped && !closed) setTimeout(() => void reconnect(), 1000).unref();
        }
      };
      await connect();
      return async () => {
        stopped = true;
        const current = client;
        if (current === null) return;
        listeners.delete(current);
        await current.end().catch(() => undefined);
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((client) => client.end().catch(() => undefined)));
      listeners.clear();
      await pool.end();
    },
  };
  return db;
}
