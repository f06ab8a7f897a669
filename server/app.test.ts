import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db/db';
import { toInt } from './db/db';
import { sql } from './db/sql';
import { createLogger } from './log';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from './testing/harness';
import { itemId, OTHER, people } from './testing/world';

let db: Db;

beforeAll(async () => {
  db = await openWorldDb();
});

afterAll(async () => {
  await db.close();
});

describe('createServer', () => {
  it('finishes the pushes in flight before it closes', async () => {
    const server = await startTestServer(db, new Clock());
    const moderator = as(server.app, await login(server.app, people.moderator.email));
    const replica = 'replica-shutdown-1';
    const labels = Array.from({ length: 60 }, (_, index) =>
      mutationOf(replica, index + 1, 'item.label', { itemId: itemId(OTHER, 5), label: `s-${index}`, op: 'add' }),
    );
    const inFlight = moderator.push(pushOf(replica, labels));
    // Shut down once the push is being applied.
    for (let tries = 0; tries < 500; tries += 1) {
      const [started] = await db.query(sql`SELECT count(*) AS n FROM commits WHERE client_id = ${replica}`);
      if (toInt(started?.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const closing = server.close();
    const answer = await inFlight;
    await closing;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ lastMutationId: 60, gapAt: null });
    const [row] = await db.query(
      sql`SELECT count(*) AS n FROM commits WHERE client_id = ${replica} AND cursor IS NOT NULL`,
    );
    expect(toInt(row?.n)).toBe(60);
  });

  it('logs requests without tokens, passwords or authorization headers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const server = await startTestServer(db, new Clock(), { logger: createLogger('info', sink) });
    const token = await login(server.app, people.lead.email);
    await server.app.inject({ method: 'GET', url: `/sync/socket?token=${token}` });
    await server.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
    await server.close();
    const log = lines.join('');
    expect(log).toContain('"msg":"login"');
    expect(log).toContain('token=[Redacted]');
    expect(log).not.toContain(token);
    expect(log).not.toContain('test-password');
    createLogger('info', sink).info({ password: 'segreto', user: { token: 'abc', passwordHash: 'x' } }, 'probe');
    expect(lines.at(-1)).not.toMatch(/segreto|abc|"x"/);
  });
});
