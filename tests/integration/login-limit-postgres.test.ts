/**
 * The login limit on a real PostgreSQL, where requests do run at the same time (PGlite runs
 * transactions one by one): wrong logins sent at once to two instances sharing the database are
 * reserved one by one (server/auth/rate-limit.ts), so at most the limit's number are checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../../server/app';
import { createServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrations';
import { openPostgres } from '../../server/db/postgres';
import { createLogger } from '../../server/log';
import { testConfig } from '../../server/testing/harness';
import { people, seedWorld } from '../../server/testing/world';
import type { PostgresCluster } from './support/postgres';
import { startPostgres } from './support/postgres';

let cluster: PostgresCluster;
let instances: ModeratorServer[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
  const seeding: Db = await openPostgres({ url: cluster.url });
  await migrate(seeding);
  await seedWorld(seeding);
  await seeding.close();
  const config = { ...testConfig, database: { kind: 'postgres' as const, url: cluster.url } };
  instances = await Promise.all(
    [0, 1].map(() =>
      createServer(config, {
        logger: createLogger('silent'),
        loginLimit: { maxFailures: 5, windowMs: 15 * 60_000 },
      }),
    ),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  await cluster?.stop();
});

describe('login limit on PostgreSQL', { timeout: 60_000 }, () => {
  it('checks at most 5 of 40 wrong logins sent at once to two instances', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        instances[index % 2]?.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: people.admin.email, password: `guess-${index}` },
          remoteAddress: '10.9.1.1',
        }),
      ),
    );
    const statuses = answers.map((answer) => answer?.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
  });
});
