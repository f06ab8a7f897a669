/**
 * `npm run web`: the app in a browser, for machines where Electron cannot run. Starts the
 * desktop core on a data folder in a process of its own (electron/remote/) and serves the
 * built renderer on 127.0.0.1 from this one, whose event loop the core's work never blocks.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConsoleLogger } from '../core/log';
import { systemLocaleFromEnv } from '../core/locale';
import { startRemoteCore, type RemoteCore } from '../remote/client';
import { forkCoreProcess } from '../remote/fork';
import { startWebHost } from './host';

const APP_NAME = 'Moderator Desk';
/** Built to out/main/, two levels below the package root. */
function appVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const version = (pkg as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
const DEFAULT_PORT = 5799;

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm run web -- [--port N] [--data-folder DIR] [--locale it-IT] [--demo-items N] [--solo | --no-server]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-folder': { type: 'string' },
        locale: { type: 'string' },
        'demo-items': { type: 'string' },
        solo: { type: 'boolean' },
        'no-server': { type: 'boolean' },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usage(`--port must be a number from 0 to 65535, not "${values.port}".`);
  }
  const demoItems = values['demo-items'] === undefined ? undefined : Number(values['demo-items']);
  if (demoItems !== undefined && (!Number.isInteger(demoItems) || demoItems < 0 || demoItems > 1_000_000)) {
    usage(`--demo-items must be a number from 0 to 1000000, not "${values['demo-items']}".`);
  }
  if (values.solo && values['no-server']) usage('Pass either --solo or --no-server, not both.');
  const dataFolder = values['data-folder'] ?? join(homedir(), '.moderator-desk', 'web');
  const log = createConsoleLogger();
  // Built next to this file (electron.vite.config.ts).
  const child = forkCoreProcess({ entry: fileURLToPath(new URL('./core-process.js', import.meta.url)) });
  let core: RemoteCore;
  try {
    core = await startRemoteCore(
      child,
      {
        appName: APP_NAME,
        appVersion: appVersion(),
        dataFolder,
        systemLocale: values.locale ?? systemLocaleFromEnv(process.env),
        host: 'web',
        ...(demoItems === undefined ? {} : { demoItems }),
        // --solo: work on this computer without asking; --no-server: the replica alone (benchmarks).
        sync: values.solo ? 'solo' : values['no-server'] ? 'off' : 'ask',
      },
      { log },
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  core.onCrash((code) => {
    console.error(
      `The desktop core stopped unexpectedly (exit code ${code}); the browser host stops too. Its log is above; start it again with npm run web.`,
    );
    process.exit(1);
  });
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  let host;
  try {
    host = await startWebHost({ core, rendererDir, port, log });
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use: stop the other program or pass --port with another number.`
        : `The browser host could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    await core.close();
    process.exit(1);
  }
  // The one line tests and people look for.
  console.log(`Moderator Desk is running at ${host.url}`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

void main();
