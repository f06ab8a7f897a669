/**
 * The core process under plain Node (the browser host, tests, benchmarks): a child process
 * rather than a worker thread, so it fails like Electron's utilityProcess does — a crash of the
 * core (native code included) ends the child, and the serving process stays up to say so.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CoreProcess } from './protocol';

export interface ForkCoreOptions {
  /** The core process's entry: out/main/core-process.js when built, or a .ts file run with tsx. */
  entry: string;
  /** Environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** The source entry, for tests and benchmarks run from source with tsx. */
export const SOURCE_CORE_ENTRY = fileURLToPath(new URL('./core-process.ts', import.meta.url));

export function forkCoreProcess(options: ForkCoreOptions): CoreProcess {
  const child = fork(options.entry, [], {
    // A .ts entry runs through tsx (tests, benchmarks); the built one is plain JavaScript.
    execArgv: options.entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: options.env ?? process.env,
  });
  let exited = false;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.once('exit', (code) => {
    exited = true;
    for (const listener of exitListeners) listener(code);
  });
  return {
    send(message) {
      if (!exited && child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      if (exited) listener(child.exitCode);
      else exitListeners.push(listener);
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
