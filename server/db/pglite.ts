/**
 * `Db` on PGlite: PostgreSQL compiled to WebAssembly, embedded in this process, in a data folder
 * (or in memory for tests). One connection: PGlite runs transactions one at a time and makes plain
 * queries wait for the running transaction, which is what the sync rules need.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Row, Session, Transaction } from './db';
import type { SqlQuery } from './sql';

export interface PgliteOptions {
  /** A folder on disk; omitted: in memory (tests). */
  dataDir?: string;
  /** A data folder dump (`dumpDataDir`) to start from: tests copy a migrated database quickly. */
  loadDataDir?: Blob;
}

function params(query: SqlQuery): unknown[] {
  return [...query.params];
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db & { dump(): Promise<Blob> }> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  });
  await pglite.waitReady;
  const db: Db & { dump(): Promise<Blob> } = {
    kind: 'pglite',
    async query<R extends Row = Row>(query: SqlQuery): Promise<R[]> {
      return (await pglite.query<R>(query.text, params(query))).rows;
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return pglite.transaction(async (inner) => {
        const deferred: SqlQuery[] = [];
        const value = await fn({
          async query<R extends Row = Row>(query: SqlQuery): Promise<R[]> {
            return (await inner.query<R>(query.text, params(query))).rows;
          },
          async exec(script: string): Promise<void> {
            await inner.exec(script);
          },
          defer(query: SqlQuery): void {
            deferred.push(query);
          },
        });
        for (const query of deferred) await inner.query(query.text, params(query));
        return value;
      });
    },
    async session<T>(fn: (session: Session) => Promise<T>): Promise<T> {
      return fn({
        transaction: async <V>(work: (tx: Transaction) => Promise<V>) => ({
          value: await db.transaction(work),
          committed: Promise.resolve(),
        }),
      });
    },
    async listen(channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>> {
      const unlisten = await pglite.listen(channel, (payload) => onNotify(payload));
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close();
    },
    async dump(): Promise<Blob> {
      return pglite.dumpDataDir('none');
    },
  };
  return db;
}
