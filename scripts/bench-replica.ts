/**
 * Benchmark of the local replica: `npm run bench:replica [-- --json] [-- --max-items N]`.
 *
 * For 10k, 100k and 1M demo items (a fresh temp database each): ingest rate (with FTS, indexes
 * and counters), queue page p50/p95 for several filter/sort combinations, counts, search and
 * item detail p95, and the database size. Prints a table, or one JSON object with `--json`.
 *
 * The ingest figure is the app's path: seedDemo into an empty replica, which a worker thread
 * builds (electron/core/replica/build.ts); `ingest_per_s` is interactions per second of the
 * worker's write time (rows, then indexes, search and counters, commit, WAL copy), demo
 * generation excluded — it runs on the main thread alongside. Also: the rate including
 * generation (wall clock), the process CPU per interaction (both threads), the longest the main
 * thread was held between two event-loop turns, and an incremental ingest of 20k more items into
 * the built replica, closed and opened again (the path a sync pull takes) with its longest
 * transaction (search index merge steps included). Every figure is
 * wall-clock time on a possibly shared machine: the load average is printed next to them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { queueListArgs } from '../shared/contract/queue';
import { generateDemo, type DemoBatch } from '../shared/demo';
import type { BuildProgress } from '../electron/core/replica/build';
import { contactCard } from '../electron/core/replica/contacts';
import type { ReadableDb } from '../electron/core/replica/db';
import { queueCounts } from '../electron/core/replica/counts';
import { ingest, type IngestProgress, type ReplicaBatch } from '../electron/core/replica/ingest';
import { itemDetail } from '../electron/core/replica/items';
import { openReplica } from '../electron/core/replica/open';
import { queuePage } from '../electron/core/replica/queue';
import { sql } from '../electron/core/replica/sql';
import { seedDemo } from '../electron/core/replica/seedDemo';
import { recordingLog, tempDir, TEST_NOW } from '../electron/core/replica/testing';

const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
const maxAt = argv.indexOf('--max-items');
const maxItems = maxAt >= 0 ? Number(argv[maxAt + 1]) : Number.POSITIVE_INFINITY;
const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= maxItems);
if (sizes.length === 0) sizes.push(Math.max(100, Math.floor(maxItems)));

/**
 * CPU time this thread has used, ms, where the OS tells (Linux: schedstat's first field, ns): the
 * main thread's stretches are measured in it as well as by the wall clock, which on a shared
 * machine also counts the time other processes had the CPU. The kernel brings the figure up to
 * date at each scheduler tick and switch, so a stretch read this way is off by up to a tick
 * (4 ms on our build machine).
 */
const threadClock = (() => {
  const read = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  try {
    return Number.isFinite(read()) ? read : undefined;
  } catch {
    return undefined;
  }
})();

/** New items written through the incremental path after each build. */
const INCREMENTAL_ITEMS = 20_000;

/** The build's phases in whole ms (absent for the incremental path). */
function phasesOf(progress: IngestProgress): Record<string, number | null> | null {
  if (!('phases' in progress)) return null;
  const phases = (progress as BuildProgress).phases;
  return Object.fromEntries(Object.entries(phases).map(([name, ms]) => [name, ms === null ? null : Math.round(ms)]));
}

/**
 * The demo's people, threads and work under new ids (prefix), so they add to a replica built
 * from another seed instead of updating it; the agency (clients, users, channels) is already there.
 */
function* renamed(batches: Iterable<DemoBatch>, prefix: string): Generator<ReplicaBatch> {
  const id = (value: string) => `${prefix}${value}`;
  for (const batch of batches) {
    yield {
      contacts: batch.contacts.map((c) => ({ ...c, id: id(c.id) })),
      threads: batch.threads.map((t) => ({ ...t, id: id(t.id) })),
      interactions: batch.interactions.map((x) => ({
        ...x,
        id: id(x.id),
        threadId: id(x.threadId),
        contactId: id(x.contactId),
        parentId: x.parentId === null ? null : id(x.parentId),
      })),
      items: batch.items.map((i) => ({ ...i, id: id(i.id), interactionId: id(i.interactionId) })),
      replies: batch.replies.map((r) => ({
        ...r,
        id: id(r.id),
        itemId: id(r.itemId),
        approvals: r.approvals.map((a) => ({ ...a, id: id(a.id), replyId: id(r.id) })),
      })),
      notes: batch.notes.map((n) => ({ ...n, id: id(n.id), contactId: id(n.contactId) })),
    };
  }
}

const say = (line: string) => {
  if (!asJson) console.log(line);
};

interface Timing {
  p50: number;
  p95: number;
  n: number;
}

function percentiles(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: sorted.length };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function time(fn: () => unknown, runs: number): Timing {
  // Steady state, as in the app: statements prepared, the pages a query touches in memory.
  for (let i = 0; i < 10; i += 1) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

/** A seeded pick, so every run asks the same questions. */
function picker(seed: number) {
  let state = seed >>> 0;
  return <T>(values: readonly T[]): T => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const value = values[state % values.length];
    if (value === undefined) throw new Error('empty');
    return value;
  };
}

const queueCases: Record<string, unknown> = {
  'inbox · priority': { view: 'inbox', sort: 'priority' },
  'inbox · newest · client': { view: 'inbox', sort: 'newest', filters: { clientId: 'cl-vitalia' } },
  'mine · priority': { view: 'mine', sort: 'priority', userId: 'us-giulia' },
  'inbox · priority · negative+approval': {
    view: 'inbox',
    sort: 'priority',
    filters: { sentiment: 'negative', needsApproval: true },
  },
  'done · newest · channel': { view: 'done', sort: 'newest', filters: { channelId: 'ch-bel-x' } },
  'all · oldest · DMs': { view: 'all', sort: 'oldest', filters: { kinds: ['dm'] } },
  'all · newest · label (rare)': { view: 'all', sort: 'newest', filters: { label: 'farmacovigilanza' } },
};

const searchCases: Record<string, string> = {
  'common word': 'grazie ',
  'rare word': 'farfalline ',
  'two words': 'nausea cardiolex ',
  prefix: 'cardio',
};

function timeSearches(db: ReadableDb): Record<string, Timing> {
  const search: Record<string, Timing> = {};
  for (const [name, text] of Object.entries(searchCases)) {
    const args = queueListArgs.parse({ view: 'all', sort: 'newest', filters: { search: text } });
    search[name] = time(() => queuePage(db, args), 100);
  }
  return search;
}

/** Segments of each search index (each has entries in its `_idx` table): what a search reads. */
const searchSegments = (db: ReadableDb) => ({
  interactions: db.column<number>(sql`SELECT count(DISTINCT segid) FROM interactions_fts_idx`)[0] ?? 0,
  contacts: db.column<number>(sql`SELECT count(DISTINCT segid) FROM contacts_fts_idx`)[0] ?? 0,
});

async function runSize(items: number) {
  const dir = tempDir('bench-replica-');
  const file = dir.file();
  try {
    const { replica } = await openReplica({ file, log: recordingLog() });
    const loadBefore = loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // The benchmark path is the app's: seedDemo, an empty replica built by a worker thread.
    const ingested = await seedDemo(replica.writer, { seed: 2026, items, now: TEST_NOW }, { threadClock });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const loadAfter = loadavg()[0] ?? 0;
    const workerCpuMs = 'phases' in ingested ? (ingested as BuildProgress).phases.cpuMs : null;
    const db = replica.reader;

    const queue: Record<string, Timing> = {};
    for (const [name, raw] of Object.entries(queueCases)) {
      const args = queueListArgs.parse(raw);
      // The first page and the three after it, like a user scrolling.
      const cursors: (string | null)[] = [null];
      for (let page = 0; page < 3; page += 1) {
        const next = queuePage(db, { ...args, after: cursors.at(-1) ?? null }).nextCursor;
        if (next === null) break;
        cursors.push(next);
      }
      const pick = picker(items);
      queue[name] = time(() => queuePage(db, { ...args, after: pick(cursors) }), 200);
    }

    const counts = time(() => queueCounts(db, { userId: 'us-giulia' }), 300);

    const search = timeSearches(db);

    const itemIds = db.column<string>(sql`SELECT id FROM items WHERE pk % ${Math.max(1, Math.floor(items / 500))} = 0`);
    const pickItem = picker(7);
    const detail = time(() => itemDetail(db, pickItem(itemIds)), 300);
    const contactIds = db.column<string>(sql`SELECT id FROM contacts WHERE pk % 97 = 0 LIMIT 500`);
    const pickContact = picker(11);
    const contact = time(() => contactCard(db, pickContact(contactIds)), 200);

    // The size of the complete file: the build's WAL folded back first.
    replica.writer.execScript('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = readdirSync(dir.path)
      .filter((name) => name.startsWith('replica.db'))
      .reduce((sum, name) => sum + statSync(`${dir.path}/${name}`).size, 0);

    // The incremental path on the built replica (what a sync pull of new work does): new items,
    // every index and trigger live, chunked transactions on the caller's thread. The replica is
    // closed and opened again first, as a pull usually finds it: closing runs `PRAGMA optimize`,
    // so the planner has statistics of the big tables (plans change with them).
    await replica.close();
    const { replica: reopened } = await openReplica({ file, log: recordingLog() });
    const extra = Math.min(INCREMENTAL_ITEMS, items);
    const incremental = await ingest(
      reopened.writer,
      renamed(generateDemo({ seed: 2027, items: extra, now: TEST_NOW }), 'z'),
      { threadClock },
    );
    // Search again after the incremental writes: their segments, merged in steps, are read too.
    const segmentsAfter = searchSegments(reopened.reader);
    const searchAfter = timeSearches(reopened.reader);
    await reopened.close();
    return {
      items,
      ingest: {
        interactions: ingested.interactions,
        rows: ingested.rows,
        chunks: ingested.chunks,
        writeMs: Math.round(ingested.writeMs),
        wallMs: Math.round(wallMs),
        perSecond: Math.round((ingested.interactions / ingested.writeMs) * 1000),
        perSecondWall: Math.round((ingested.interactions / wallMs) * 1000),
        perCpuSecond: workerCpuMs ? Math.round((ingested.interactions / workerCpuMs) * 1000) : null,
        mode: ingested.mode ?? 'incremental',
        mainThreadLongestMs: round(ingested.longestMs),
        mainThreadStretchesOver16ms: ingested.stretchesOver16ms ?? null,
        mainThreadLongestCpuMs: ingested.longestCpuMs === undefined ? null : round(ingested.longestCpuMs),
        mainThreadCpuStretchesOver16ms: ingested.cpuStretchesOver16ms ?? null,
        phases: phasesOf(ingested),
        /** Both threads (generation on the caller's, writing on the worker), per interaction. */
        processCpuMicrosPerInteraction: Math.round((cpu.user + cpu.system) / ingested.interactions),
        loadAverage: [round(loadBefore), round(loadAfter)],
      },
      incremental: {
        interactions: incremental.interactions,
        perSecond: Math.round((incremental.interactions / incremental.writeMs) * 1000),
        longestTransactionMs: round(incremental.longestMs),
        transactionsOver16ms: incremental.stretchesOver16ms ?? 0,
        longestTransactionCpuMs: incremental.longestCpuMs === undefined ? null : round(incremental.longestCpuMs),
        transactionsOver16msCpu: incremental.cpuStretchesOver16ms ?? null,
        transactions: incremental.chunks,
        searchSegments: segmentsAfter,
        mergeSteps: incremental.searchMerges?.steps ?? 0,
        longestMergeStepMs: round(incremental.searchMerges?.longestMs ?? 0),
        longestMergeStepCpuMs:
          incremental.searchMerges?.longestCpuMs === undefined ? null : round(incremental.searchMerges.longestCpuMs),
      },
      queue,
      counts,
      search,
      searchAfterIncremental: searchAfter,
      detail,
      contact,
      sizeMB: Math.round((bytes / 1e6) * 10) / 10,
    };
  } finally {
    dir.remove();
  }
}

type SizeResult = Awaited<ReturnType<typeof runSize>>;

function printTable(results: SizeResult[]): void {
  const header = ['', ...results.map((r) => `${r.items.toLocaleString('en')} items`)];
  const rows: string[][] = [
    [
      'ingest, new replica build (interactions/s, worker time)',
      ...results.map((r) => r.ingest.perSecond.toLocaleString('en')),
    ],
    [
      "ingest, new replica build (interactions/s of the worker's CPU time)",
      ...results.map((r) => r.ingest.perCpuSecond?.toLocaleString('en') ?? '-'),
    ],
    ['ingest (interactions/s, incl. generation)', ...results.map((r) => r.ingest.perSecondWall.toLocaleString('en'))],
    ['ingest longest main-thread block (ms)', ...results.map((r) => String(r.ingest.mainThreadLongestMs))],
    [
      'ingest main-thread stretches over 16 ms (of all)',
      ...results.map((r) => `${r.ingest.mainThreadStretchesOver16ms ?? '-'} of ${r.ingest.chunks}`),
    ],
    [
      'ingest longest main-thread block, its own CPU time (ms)',
      ...results.map((r) => String(r.ingest.mainThreadLongestCpuMs ?? '-')),
    ],
    [
      'ingest main-thread stretches over 16 ms of CPU time',
      ...results.map((r) => String(r.ingest.mainThreadCpuStretchesOver16ms ?? '-')),
    ],
    [
      `incremental ingest of ${INCREMENTAL_ITEMS.toLocaleString('en')} more (interactions/s)`,
      ...results.map((r) => r.incremental.perSecond.toLocaleString('en')),
    ],
    ['incremental longest transaction (ms)', ...results.map((r) => String(r.incremental.longestTransactionMs))],
    [
      'incremental transactions over 16 ms (of all)',
      ...results.map((r) => `${r.incremental.transactionsOver16ms} of ${r.incremental.transactions}`),
    ],
    [
      'incremental longest transaction, CPU time (ms)',
      ...results.map((r) => String(r.incremental.longestTransactionCpuMs ?? '-')),
    ],
    [
      'incremental transactions over 16 ms of CPU time',
      ...results.map((r) => String(r.incremental.transactionsOver16msCpu ?? '-')),
    ],
    [
      'build CPU, both threads (µs per interaction)',
      ...results.map((r) => String(r.ingest.processCpuMicrosPerInteraction)),
    ],
    ['load average (1 min) before / after build', ...results.map((r) => r.ingest.loadAverage.join(' / '))],
  ];
  const pair = (t: Timing | undefined) => (t ? `${t.p50} / ${t.p95}` : '-');
  for (const name of Object.keys(queueCases)) {
    rows.push([`queue ${name} (p50 / p95 ms)`, ...results.map((r) => pair(r.queue[name]))]);
  }
  rows.push(['counts (p50 / p95 ms)', ...results.map((r) => pair(r.counts))]);
  for (const name of Object.keys(searchCases)) {
    rows.push([`search ${name} (p50 / p95 ms)`, ...results.map((r) => pair(r.search[name]))]);
  }
  for (const name of Object.keys(searchCases)) {
    rows.push([
      `search ${name} after the incremental ingest (p50 / p95 ms)`,
      ...results.map((r) => pair(r.searchAfterIncremental[name])),
    ]);
  }
  rows.push([
    'incremental: search index merge steps, longest (ms wall / CPU)',
    ...results.map(
      (r) =>
        `${r.incremental.mergeSteps}: ${r.incremental.longestMergeStepMs} / ${r.incremental.longestMergeStepCpuMs ?? '-'}`,
    ),
  ]);
  rows.push([
    'search index segments after it (interactions / contacts)',
    ...results.map((r) => `${r.incremental.searchSegments.interactions} / ${r.incremental.searchSegments.contacts}`),
  ]);
  rows.push(['item detail (p50 / p95 ms)', ...results.map((r) => pair(r.detail))]);
  rows.push(['contact card (p50 / p95 ms)', ...results.map((r) => pair(r.contact))]);
  rows.push(['database size (MB)', ...results.map((r) => String(r.sizeMB))]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

const results: SizeResult[] = [];
for (const items of sizes) {
  say(`… ${items.toLocaleString('en')} items`);
  results.push(await runSize(items));
}
const largest = results.at(-1);
const atMillion = results.find((r) => r.items === 1_000_000);
const worst = (timings: Record<string, Timing> | undefined) =>
  timings ? Math.max(...Object.values(timings).map((t) => t.p95)) : null;
const figures = {
  ingest_per_s: largest?.ingest.perSecond ?? null,
  ingest_path: largest?.ingest.mode === 'build' ? 'new replica build (worker thread)' : 'incremental',
  ingest_wall_per_s: largest?.ingest.perSecondWall ?? null,
  ingest_per_worker_cpu_s: largest?.ingest.perCpuSecond ?? null,
  main_thread_longest_ms: results.length > 0 ? Math.max(...results.map((r) => r.ingest.mainThreadLongestMs)) : null,
  main_thread_longest_cpu_ms:
    results.length > 0 && threadClock ? Math.max(...results.map((r) => r.ingest.mainThreadLongestCpuMs ?? 0)) : null,
  incremental_ingest_per_s: largest?.incremental.perSecond ?? null,
  incremental_longest_transaction_ms: largest?.incremental.longestTransactionMs ?? null,
  incremental_transactions_over_16ms: largest?.incremental.transactionsOver16ms ?? null,
  incremental_longest_transaction_cpu_ms: largest?.incremental.longestTransactionCpuMs ?? null,
  incremental_longest_merge_step_cpu_ms: largest?.incremental.longestMergeStepCpuMs ?? null,
  build_cpu_us_per_interaction: largest?.ingest.processCpuMicrosPerInteraction ?? null,
  queue_page_p95_ms_1m: worst(atMillion?.queue),
  counts_p95_ms_1m: atMillion?.counts.p95 ?? null,
  search_p95_ms_1m: worst(atMillion?.search),
  detail_p95_ms_1m: atMillion?.detail.p95 ?? null,
  largest_items: largest?.items ?? null,
  queue_page_p95_ms_largest: worst(largest?.queue),
  search_p95_ms_largest: worst(largest?.search),
  search_p95_ms_after_incremental_largest: worst(largest?.searchAfterIncremental),
};
if (asJson) {
  console.log(
    JSON.stringify({
      machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg().map(round) },
      figures,
      results,
    }),
  );
} else {
  printTable(results);
}
