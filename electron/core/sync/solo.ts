/**
 * Solo use is a team of one (docs/architecture.md): with no team server configured, the desktop
 * starts the same server as `npm run server` (server/main.ts) in a process of its own, on PGlite
 * in its data folder, seeded with the demo workspace, and syncs with it over loopback — the same
 * code path as a team. The server's start (PGlite, migrations, the demo seed) never runs on the
 * core's thread.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { soloFromServer, type SoloToServer } from '../../../server/solo-protocol';

export { SOLO_FOLDER } from '../../../server/solo-protocol';
export const SOLO_START_TIMEOUT_MS = 180_000;
const SIGN_IN_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface SoloServer {
  readonly url: string;
  /** A session for the local user, asked over the child's IPC channel: no password, no endpoint. */
  signIn(userId: string): Promise<string>;
  close(): Promise<void>;
}

let entry: string = fileURLToPath(new URL('../../../server/main.ts', import.meta.url));

/** The built solo server (out/server/main.js), set by the core process's entry. */
export function setSoloServerEntry(url: URL): void {
  entry = fileURLToPath(url);
}

export async function startSoloServer(options: {
  dataFolder: string;
  demoItems: number;
  demoSeed?: number;
}): Promise<SoloServer> {
  const child: ChildProcess = fork(entry, ['--solo-ipc'], {
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Under Electron, a forked child runs the bundled Node, not another app.
    env: process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waiters = new Map<number, (token: string | null) => void>();
  let nextId = 0;
  let onListening: (url: string | null, message?: string) => void = () => undefined;
  child.on('message', (raw) => {
    const parsed = soloFromServer.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'listening') onListening(message.url);
    else if (message.type === 'failed') onListening(null, message.message);
    else {
      waiters.get(message.id)?.(message.token);
      waiters.delete(message.id);
    }
  });
  void exited.then((code) => {
    onListening(null, `the solo server stopped (exit code ${code})`);
    for (const waiter of waiters.values()) waiter(null);
    waiters.clear();
  });
  const send = (message: SoloToServer) => {
    if (child.connected) child.send(message);
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => onListening(null, 'the solo server did not start in time'), SOLO_START_TIMEOUT_MS);
    onListening = (value, message) => {
      clearTimeout(timer);
      onListening = () => undefined;
      if (value) resolve(value);
      else {
        child.kill('SIGKILL');
        reject(new Error(message ?? 'the solo server did not start'));
      }
    };
    send({
      type: 'start',
      dataFolder: options.dataFolder,
      demoItems: options.demoItems,
      ...(options.demoSeed === undefined ? {} : { demoSeed: options.demoSeed }),
    });
  });

  return {
    url,
    signIn(userId) {
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => waiters.get(id)?.(null), SIGN_IN_TIMEOUT_MS);
        waiters.set(id, (token) => {
          clearTimeout(timer);
          waiters.delete(id);
          if (token) resolve(token);
          else reject(new Error('the solo server gave no session'));
        });
        send({ type: 'signIn', id, userId });
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
