/**
 * `npm run audit:verify` (tsx scripts/audit-verify.ts): checks the audit trail's hash chains in
 * the server's database — the same settings as `npm run server` (DATABASE_URL, or PGlite in
 * SERVER_DATA_DIR; PGlite's folder is one process's at a time: stop the server first, or use
 * `GET /audit/verify`).
 *
 *   npm run audit:verify                       every chain (each client's and the workspace's): every
 *                      chain with a head, and every chain the change log or the outbox shows once
 *                      held events (server/audit/traces.ts) — so a chain deleted with its head fails
 *   npm run audit:verify -- --client c-vitalia one client's chain (--workspace: the workspace's)
 *   npm run audit:verify -- --client c-vitalia --anchor 1234:<hash>
 *                      also checks that event 1234 still has the hash printed on an earlier
 *                      export: the chain's end is kept in the same database, so only such an
 *                      outside copy shows a chain rewritten from some event on
 *   --json             one JSON object on stdout
 *
 * Exit code: 0 every chain checked is intact, 1 a problem was found, 2 bad settings or arguments.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config';
import type { ServerConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { toText } from '../server/db/db';
import { latestVersion, schemaVersion } from '../server/db/migrations';
import { openPglite } from '../server/db/pglite';
import { openPostgres } from '../server/db/postgres';
import { sql } from '../server/db/sql';
import { chainKey } from '../server/audit/store';
import { expectedChains } from '../server/audit/traces';
import type { ChainReport } from '../server/audit/verify';
import { verifyStoredChain } from '../server/audit/verify';

interface AnchorCheck {
  readonly seq: number;
  readonly hash: string;
  readonly ok: boolean;
}

function usage(message: string): never {
  console.error(`audit:verify: ${message}`);
  console.error('usage: npm run audit:verify -- [--client ID | --workspace] [--anchor SEQ:HASH] [--json]');
  process.exit(2);
}

async function openDatabase(config: ServerConfig): Promise<Db> {
  if (config.database.kind === 'postgres') return openPostgres({ url: config.database.url, max: 2 });
  return openPglite({ dataDir: config.database.dataDir });
}

async function checkAnchor(db: Db, clientId: string | null, anchor: string): Promise<AnchorCheck> {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(anchor);
  if (match === null) usage('--anchor must be SEQ:HASH (a number, a colon, 64 hex digits)');
  const seq = Number(match[1]);
  const hash = match[2] ?? '';
  const [row] = await db.query(sql`SELECT hash FROM audit_events WHERE chain = ${chainKey(clientId)} AND seq = ${seq}`);
  return { seq, hash, ok: row !== undefined && toText(row.hash) === hash };
}

const chainName = (clientId: string | null) => clientId ?? '(workspace)';

function describe(report: ChainReport): string {
  if (report.ok) return `intact: ${report.events} events, last ${report.head.seq} ${report.head.hash}`;
  const { kind, seq, index } = report.problem;
  return `NOT INTACT: ${kind} at event ${seq} (position ${index + 1})`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      client: { type: 'string' },
      workspace: { type: 'boolean', default: false },
      anchor: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.client !== undefined && values.workspace) usage('--client and --workspace exclude each other');
  if (values.anchor !== undefined && values.client === undefined && !values.workspace)
    usage('--anchor needs --client ID or --workspace');
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) usage(error.message);
    throw error;
  }
  const db = await openDatabase(config);
  try {
    if ((await schemaVersion(db)) < 2 || latestVersion() < 2) {
      console.error('audit:verify: this database has no audit trail yet (start the server once to migrate it)');
      process.exit(2);
    }
    const targets =
      values.client !== undefined ? [values.client] : values.workspace ? [null] : await expectedChains(db);
    const reports: ChainReport[] = [];
    for (const clientId of targets) reports.push(await verifyStoredChain(db, clientId));
    const anchor = values.anchor === undefined ? null : await checkAnchor(db, values.client ?? null, values.anchor);
    const ok = reports.every((report) => report.ok) && (anchor?.ok ?? true);
    if (values.json) {
      console.log(JSON.stringify({ ok, chains: reports, anchor }));
    } else {
      for (const report of reports) console.log(`${chainName(report.clientId).padEnd(24)} ${describe(report)}`);
      if (reports.length === 0) console.log('no audit events yet');
      if (anchor !== null) {
        console.log(
          anchor.ok
            ? `anchor: event ${anchor.seq} still has the hash given`
            : `anchor: NOT MATCHED — event ${anchor.seq} is missing or its hash differs: the chain was rewritten`,
        );
      }
    }
    process.exitCode = ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

void main();
