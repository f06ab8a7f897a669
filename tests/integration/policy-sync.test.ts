/**
 * A policy edited on an admin's desktop reaches a moderator's desktop through the change log:
 * two real desktop cores and one team server on PGlite, over loopback (issue 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER } from '../../shared/demo';
import type { Core } from '../../electron/core';
import type { ModeratorServer } from '../../server/app';
import { call, signedInDesktop, startDemoServer, until } from './support/desktops';

const folder = mkdtempSync(join(tmpdir(), 'policy-sync-'));
let server: ModeratorServer;
let admin: Core;
let moderator: Core;

const desktop = (name: string, serverUrl: string, userId: string) => signedInDesktop(folder, name, serverUrl, userId);

beforeAll(async () => {
  const started = await startDemoServer(folder, 50);
  server = started.server;
  const url = started.url;
  admin = await desktop('admin', url, 'us-admin');
  moderator = await desktop('moderator', url, 'us-giulia');
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await moderator?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a policy edited on one desktop', () => {
  it("reaches the moderator's replica without the moderator asking", async () => {
    const view = await call(admin, 'policy:get', { clientId: CONSUMER });
    const policy = structuredClone(view.policy);
    const topic = policy.sensitivity.topics[0];
    if (topic === undefined) throw new Error('no topic');
    topic.keywords.push('surgelare');
    await call(admin, 'policy:save', { clientId: CONSUMER, version: view.version, policy });
    const seen = await until('the keyword on the moderator desktop', async () => {
      const client = await call(moderator, 'client:get', { clientId: CONSUMER });
      return client.sensitivity.topics[0]?.keywords.includes('surgelare') ? client : null;
    });
    expect(seen.id).toBe(CONSUMER);
  });
});
