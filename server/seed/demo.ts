/**
 * The demo workspace on an empty server: shared/demo's deterministic agency (the same data the
 * desktop's offline demo shows) with every person able to log in with DEMO_PASSWORD. Only for
 * demos, training and tests: `SERVER_SEED=demo`, or by default on a loopback address.
 */
import type { User } from '../../shared/domain/entities';
import { generateDemo } from '../../shared/demo';
import type { Db } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';
import { hashPassword } from '../auth/passwords';
import { writeBatch, writeUsers } from './write';

export const DEMO_PASSWORD = 'demo-password';

export interface DemoSeedOptions {
  readonly items: number;
  readonly seed?: number;
  readonly now: number;
  readonly password?: string;
  /** Items per commit: a replica's pull page never splits a commit, so keep commits modest. */
  readonly batchSize?: number;
}

export async function isEmpty(db: Pick<Db, 'query'>): Promise<boolean> {
  const [found] = await db.query(sql`SELECT count(*) AS users FROM users`);
  return toInt(found?.users ?? 0) === 0;
}

export interface DemoSeedReport {
  readonly users: readonly User[];
  readonly items: number;
}

export async function seedDemo(db: Db, options: DemoSeedOptions): Promise<DemoSeedReport> {
  const password = options.password ?? DEMO_PASSWORD;
  let users: readonly User[] = [];
  let items = 0;
  const batches = generateDemo({
    seed: options.seed ?? 42,
    items: options.items,
    now: options.now,
    batchSize: options.batchSize ?? 200,
  });
  for (const batch of batches) {
    await db.transaction(async (tx) => {
      if (batch.workspace || batch.clients || batch.users) {
        // Clients before users: a replica stores a user's client list as links to clients.
        await writeBatch(tx, { workspace: batch.workspace, clients: batch.clients }, options.now);
        users = batch.users ?? [];
        const accounts = await Promise.all(
          users.map(async (user) => ({ user, passwordHash: await hashPassword(password) })),
        );
        await writeUsers(tx, accounts, options.now);
      }
      const { workspace: _workspace, clients: _clients, users: _users, ...rest } = batch;
      await writeBatch(tx, rest, options.now);
    });
    items += batch.items.length;
  }
  return { users, items };
}
