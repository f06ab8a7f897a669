import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startCore, type Core } from '../core';
import { silentLogger } from '../core/log';
import { startRemoteCore, type RemoteCore } from '../remote/client';
import { forkCoreProcess } from '../remote/fork';
import type { CoreProcess } from '../remote/protocol';
import type { ResultText } from '../../shared/contract/resultText';
import { RELEASE_FILE } from '../remote/testing/busy-core';
import { startWebHost, type WebHost } from './host';

const BUSY_CORE_ENTRY = fileURLToPath(new URL('../remote/testing/busy-core-process.ts', import.meta.url));

let dir: string;
let core: Core;
let host: WebHost;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'web-host-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  core = await startCore({
    appName: 'Moderator Desk',
    appVersion: '1.2.3',
    dataFolder: join(dir, 'data'),
    systemLocale: 'it-IT',
    host: 'web',
    log: silentLogger,
    demoItems: 0,
  });
  host = await startWebHost({ core, rendererDir, port: 0, log: silentLogger });
});

afterEach(async () => {
  await host.close();
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

const wsUrl = () => host.url.replace(/^http/, 'ws') + 'contract';
const origin = () => host.url.replace(/\/$/, '');

/** Opens a socket and collects every message; `next(n)` waits for n non-event messages. */
function connect(headers: Record<string, string> = { origin: origin() }) {
  return connectTo(wsUrl(), headers);
}

async function connectTo(url: string, headers: Record<string, string>) {
  const socket = new WebSocket(url, { headers });
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = async (count: number) => {
    for (let i = 0; i < 200; i++) {
      const answers = messages.filter((m) => m.type !== 'event');
      if (answers.length >= count) return answers;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no answer');
  };
  return { socket, messages, next, closed };
}

describe('browser host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
  });

  it('serves the renderer with a strict CSP', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('answers calls and sends the current sync status on connect', async () => {
    const { socket, next, messages } = await connect();
    socket.send(JSON.stringify({ type: 'call', id: 1, name: 'app:info', args: {} }));
    const [answer] = await next(1);
    expect(answer).toEqual({
      type: 'result',
      id: 1,
      result: {
        ok: true,
        value: {
          name: 'Moderator Desk',
          version: '1.2.3',
          systemLocale: 'it-IT',
          dataFolder: join(dir, 'data'),
          host: 'web',
          notices: [],
        },
      },
    });
    expect(messages.find((m) => m.type === 'event')).toMatchObject({
      name: 'sync:status',
      payload: { state: 'offline' },
    });
    socket.close();
  });

  it('answers malformed messages with bad_request and keeps the connection', async () => {
    const { socket, next } = await connect();
    socket.send('nope');
    socket.send(JSON.stringify({ type: 'subscribe' }));
    socket.send(Buffer.from([1, 2, 3]));
    socket.send(JSON.stringify({ type: 'call', id: 2, name: 'settings:get', args: {} }));
    const answers = await next(4);
    expect(answers.slice(0, 3).map((a) => (a.error as { code: string }).code)).toEqual([
      'bad_request',
      'bad_request',
      'bad_request',
    ]);
    expect(answers[3]).toEqual({ type: 'result', id: 2, result: { ok: true, value: { language: null } } });
    socket.close();
  });

  it('closes a connection from another origin without answering it', async () => {
    const { socket, closed, messages } = await connect({ origin: 'https://evil.example' });
    socket.send(JSON.stringify({ type: 'call', id: 1, name: 'settings:set', args: { language: 'en' } }));
    expect(await closed).toBe(1008);
    expect(messages.filter((m) => m.type === 'result')).toEqual([]);
    expect(core.handlers['settings:get']({})).toEqual({ language: null });
  });

  it("forwards the core's answer text inside its frame byte for byte, without re-encoding it", async () => {
    // Spacing and a field the contract does not know: a decoded and re-encoded answer loses both.
    const text = '{ "ok": true, "value": { "language": "en" }, "spacing": "kept" }' as ResultText;
    const relay = await startWebHost({
      core: { ...core, call: () => Promise.resolve(text) },
      rendererDir: join(dir, 'renderer'),
      port: 0,
      log: silentLogger,
    });
    const socket = new WebSocket(relay.url.replace(/^http/, 'ws') + 'contract', {
      headers: { origin: relay.url.replace(/\/$/, '') },
    });
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(String(data)));
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.send(JSON.stringify({ type: 'call', id: 5, name: 'settings:get', args: {} }));
      const answer = () => frames.find((frame) => frame.startsWith('{"type":"result"'));
      await vi.waitFor(() => expect(answer()).toBeDefined(), { timeout: 10_000 });
      expect(answer()).toBe(`{"type":"result","id":5,"result":${text}}`);
    } finally {
      socket.close();
      await relay.close();
    }
  });

  it('drops a message bigger than the limit and stays up for others', async () => {
    const big = await connect();
    big.socket.send('x'.repeat(2 * 1024 * 1024));
    expect(await big.closed).toBe(1009);
    const other = await connect();
    other.socket.send(JSON.stringify({ type: 'call', id: 3, name: 'settings:get', args: {} }));
    expect((await other.next(1))[0]).toMatchObject({ id: 3, result: { ok: true } });
    other.socket.close();
  });
});

describe('browser host with the core in its own process', () => {
  let remoteDir: string;
  let remote: RemoteCore;
  let remoteHost: WebHost;
  let child: CoreProcess;

  beforeEach(async () => {
    remoteDir = await mkdtemp(join(tmpdir(), 'web-host-remote-'));
    const rendererDir = join(remoteDir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    child = forkCoreProcess({ entry: BUSY_CORE_ENTRY });
    remote = await startRemoteCore(
      child,
      {
        appName: 'Moderator Desk',
        appVersion: '1.2.3',
        dataFolder: join(remoteDir, 'data'),
        systemLocale: 'it-IT',
        host: 'web',
        demoItems: 0,
        sync: 'off',
      },
      { log: silentLogger },
    );
    remoteHost = await startWebHost({ core: remote, rendererDir, port: 0, log: silentLogger });
  });

  afterEach(async () => {
    await remoteHost.close();
    await remote.close();
    await rm(remoteDir, { recursive: true, force: true });
  });

  const remoteConnect = () =>
    connectTo(remoteHost.url.replace(/^http/, 'ws') + 'contract', { origin: remoteHost.url.replace(/\/$/, '') });

  // The fixed figure (page within 50 ms, loop never blocked over 16 ms) is bench:responsiveness's,
  // measured on a machine whose load the benchmark controls; here, on a shared machine, the
  // page must come back while the core is still busy.
  it('serves its page while the core is busy with a long synchronous job', async () => {
    const { socket, messages, next } = await remoteConnect();
    // The HTTP client's own first-use cost is not the host's.
    await (await fetch(remoteHost.url)).text();
    socket.send(JSON.stringify({ type: 'call', id: 7, name: 'settings:get', args: {} }));
    // The core announces the job (settings:changed) and then keeps its thread busy.
    await vi.waitFor(() => expect(messages.some((m) => m.name === 'settings:changed')).toBe(true), {
      timeout: 20_000,
    });
    for (let i = 0; i < 3; i++) {
      const response = await fetch(remoteHost.url);
      await response.text();
      expect(response.status).toBe(200);
    }
    // Every page came back while the core was still working on the call: it answers only once
    // released, after them (busy-core-process.ts).
    expect(messages.filter((m) => m.type === 'result')).toEqual([]);
    await writeFile(join(remoteDir, 'data', RELEASE_FILE), '');
    expect((await next(1))[0]).toMatchObject({ id: 7, result: { ok: true } });
    socket.close();
  });

  it('a crash of the core process fails calls with unavailable instead of leaving them waiting', async () => {
    const crashed = new Promise<number | null>((resolve) => remote.onCrash(resolve));
    const { socket, next } = await remoteConnect();
    child.kill();
    await crashed;
    socket.send(JSON.stringify({ type: 'call', id: 8, name: 'queue:counts', args: {} }));
    const [answer] = await next(1);
    expect(answer).toMatchObject({
      id: 8,
      result: { ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped unexpectedly/) } },
    });
    socket.close();
  });
});
