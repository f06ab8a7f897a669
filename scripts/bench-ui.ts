/**
 * `npm run bench:ui`: how the queue feels, measured in Chromium against the browser host with
 * the demo workspace in the replica. Prints a table; `--json` prints one JSON object.
 *
 *   nav_p95_ms           j → next row highlighted and its detail shown
 *   archive_next_p95_ms  d → item gone, next row highlighted and its detail shown
 *   *_full_p95_ms        the same until the contact card shows too (it renders just after the
 *                        item, in a deferred pass; informational)
 *   cold_open_ms         page load → first row selected and its detail shown
 *   search_ms            last keystroke → results on screen, p95 of 20 different searches
 *   heap_mb_1m           renderer JS heap with 1M items in the replica
 *
 * Options: --items N (default 100000), --heap-items N (default 1000000), --max-items N (caps both,
 * for quick runs), --skip-1m (no heap run), --json. Seeded data folders are cached in
 * node_modules/.cache/bench-ui (keyed by item count and seed) and copied for every run.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    items: { type: 'string' },
    'heap-items': { type: 'string' },
    'max-items': { type: 'string' },
    'skip-1m': { type: 'boolean' },
    json: { type: 'boolean' },
  },
});
const maxItems = values['max-items'] === undefined ? Infinity : Number(values['max-items']);
const items = Math.min(Number(values.items ?? 100_000), maxItems);
const heapItems = values['skip-1m'] ? 0 : Math.min(Number(values['heap-items'] ?? 1_000_000), maxItems);
/** The core's demo seed (its default); part of the cache key. */
const DEMO_SEED = 1;
const CACHE_ROOT = join('node_modules', '.cache', 'bench-ui');

interface Host {
  url: string;
  stop(): Promise<void>;
}

/** Starts the browser host on a data folder; resolves once it serves and (if seeding) has seeded. */
async function startHost(dataFolder: string, demoItems: number, waitForSeed: boolean): Promise<Host> {
  const child = spawn(
    process.execPath,
    [
      'out/main/web-host.js',
      '--port',
      '0',
      '--data-folder',
      dataFolder,
      '--demo-items',
      String(demoItems),
      '--locale',
      'it-IT',
      // The replica alone, seeded directly: a 100k or 1M replica in minutes, not via a snapshot.
      '--no-server',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1] && (!waitForSeed || output.includes('core.demo_seeded'))) resolve(match[1]);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${output.slice(-2000)}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A seeded data folder per item count and seed, kept under node_modules/.cache: seeding 100k
 * items takes half a minute and 1M several minutes, so it is done once and copied per run.
 */
async function seededFolder(count: number): Promise<string> {
  const cached = join(CACHE_ROOT, `items-${count}-seed-${DEMO_SEED}`);
  if (existsSync(join(cached, 'replica.sqlite'))) {
    // Opened once in place, so a replica migration added since it was seeded runs here, once,
    // rather than in every run's copy.
    const host = await startHost(cached, count, false);
    await host.stop();
    return cached;
  }
  await mkdir(CACHE_ROOT, { recursive: true });
  const building = `${cached}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  if (!values.json) console.error(`Seeding ${count.toLocaleString('en')} demo items once into ${cached} …`);
  try {
    const host = await startHost(building, count, true);
    await host.stop(); // the core closes the replica cleanly (WAL checkpointed) before exiting
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  await rm(join(building, 'settings.json'), { force: true });
  await rm(cached, { recursive: true, force: true });
  await rename(building, cached);
  return cached;
}

/** A private copy of the seeded folder, so runs never see each other's changes. */
async function startSeededHost(count: number): Promise<Host> {
  const source = await seededFolder(count);
  const dataFolder = await mkdtemp(join(tmpdir(), 'bench-ui-'));
  await cp(source, dataFolder, { recursive: true });
  const host = await startHost(dataFolder, count, false);
  return {
    url: host.url,
    async stop() {
      await host.stop();
      await rm(dataFolder, { recursive: true, force: true });
    },
  };
}

const percentile = (xs: number[], p: number) => {
  const sorted = xs.map((x) => (Number.isNaN(x) ? Infinity : x)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/**
 * In-page probes as source text: tsx would otherwise wrap the functions with helpers that do not
 * exist in the page. Each resolves with `shown`, the ms from the action until the DOM shows the
 * outcome (a MutationObserver checks after every DOM change) with its style and layout done, and
 * `frame`, the ms until the frame showing it has been painted, which adds the wait for the
 * display's next frame (0–16.7 ms, not the app's doing). Marks bench:start and bench:shown are
 * left for traces.
 */
const OUTCOME = `(action, done) => new Promise((resolve) => {
  let shownAt = null;
  const t0 = performance.now();
  performance.mark('bench:start');
  const finish = () => {
    observer.disconnect();
    // Style and layout of the change, which the next frame would otherwise do before painting.
    document.body.getBoundingClientRect();
    shownAt = performance.now();
    performance.mark('bench:shown');
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve({ shown: shownAt - t0, frame: performance.now() - t0 });
      channel.port2.postMessage(null);
    });
  };
  const observer = new MutationObserver(() => {
    if (shownAt === null && done()) finish();
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  action();
  if (shownAt === null && done()) finish();
  setTimeout(() => {
    if (shownAt !== null) return;
    observer.disconnect();
    resolve({ shown: NaN, frame: NaN });
  }, 5000);
})`;

const KEY_PROBE = `({ key, expectChange, withContact }) => {
  const selected = () => document.querySelector('.queue-row[aria-selected="true"]');
  const before = selected()?.getAttribute('data-item-id');
  const done = () => {
    const row = selected();
    const author = row?.querySelector('.author')?.textContent;
    const shown = document.querySelector('.detail-pane h2')?.textContent;
    const changed = row?.getAttribute('data-item-id') !== before;
    // The contact card (its title is the author's name) renders just after the item.
    const card = withContact ? document.querySelector('.contact-card h3')?.textContent : shown;
    return Boolean(row && author === shown && card === shown && (changed || !expectChange));
  };
  return (${OUTCOME})(() => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true })), done);
}`;

/**
 * Twenty different searches (a term searched again would come from the cache): drugs, products,
 * politics, complaints, everyday words, Italian and English, one typed without its accent.
 */
const SEARCH_TERMS = [
  'cardiolex',
  'rimborso',
  'fusilli',
  'sciopero',
  'perche',
  'pressione',
  'stabilimento',
  'reclamo',
  'pastificio',
  'manovra',
  'settimane',
  'giornata',
  'finalmente',
  'risposta',
  'qualcuno',
  'nessuno',
  'pressure',
  'morning',
  'support',
  'elections',
];

const SEARCH_PROBE = `(term) => {
  const input = document.querySelector('.queue-search');
  if (!input) return { shown: NaN, frame: NaN };
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase();
  const done = () => {
    const first = document.querySelector('.queue-row .excerpt')?.textContent ?? '';
    const author = document.querySelector('.queue-row .author')?.textContent ?? '';
    return fold(first + author).includes(term) || document.querySelector('.empty-state') !== null;
  };
  return (${OUTCOME})(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, term);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, done);
}`;

/** Before the page's own scripts: notes when the queue first shows a selected row and its detail. */
const COLD_OPEN_PROBE = `(() => {
  const usable = () =>
    document.querySelector('.queue-row[aria-selected="true"]') && document.querySelector('.detail-pane h2');
  const observer = new MutationObserver(() => {
    if (!usable()) return;
    window.__benchUsableAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})()`;

interface Timing {
  shown: number;
  frame: number;
}

const probe = <A>(page: Page, source: string, arg: A): Promise<Timing> =>
  page.evaluate(`(${source})(${JSON.stringify(arg)})`) as Promise<Timing>;

const timedKey = (page: Page, key: string, expectChange: boolean, withContact = false) =>
  probe(page, KEY_PROBE, { key, expectChange, withContact });

async function main() {
  const executablePath =
    process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-precise-memory-info',
    ],
  });
  const figures: Record<string, number> = {};
  const host = await startSeededHost(items);
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 }, locale: 'it-IT' });
    await page.addInitScript(COLD_OPEN_PROBE);
    await page.goto(host.url);
    await page.locator('.queue-row[aria-selected="true"]').waitFor();
    await page.locator('.detail-pane h2').waitFor();
    figures.cold_open_ms = Math.round(Number(await page.evaluate('window.__benchUsableAt')));
    await page.waitForTimeout(500);

    const record = (name: string, timings: Timing[]) => {
      const shown = timings.map((t) => t.shown);
      figures[`${name}_p50_ms`] = percentile(shown, 50);
      figures[`${name}_p95_ms`] = percentile(shown, 95);
      figures[`${name}_frame_p95_ms`] = percentile(
        timings.map((t) => t.frame),
        95,
      );
    };
    const nav: Timing[] = [];
    for (let i = 0; i < 60; i++) nav.push(await timedKey(page, i % 4 === 3 ? 'k' : 'j', true));
    record('nav', nav);

    const archive: Timing[] = [];
    for (let i = 0; i < 30; i++) archive.push(await timedKey(page, 'd', true));
    record('archive_next', archive);

    // The same with the contact card on screen too (it follows the item in a deferred render).
    const navFull: Timing[] = [];
    for (let i = 0; i < 60; i++) navFull.push(await timedKey(page, i % 4 === 3 ? 'k' : 'j', true, true));
    figures.nav_full_p95_ms = percentile(
      navFull.map((t) => t.shown),
      95,
    );
    const archiveFull: Timing[] = [];
    for (let i = 0; i < 30; i++) archiveFull.push(await timedKey(page, 'd', true, true));
    figures.archive_next_full_p95_ms = percentile(
      archiveFull.map((t) => t.shown),
      95,
    );

    const searches: Timing[] = [];
    for (const term of SEARCH_TERMS) {
      searches.push(await probe(page, SEARCH_PROBE, term));
      await page.waitForTimeout(200);
    }
    figures.search_ms = percentile(
      searches.map((t) => t.shown),
      95,
    );
    figures.search_frame_ms = percentile(
      searches.map((t) => t.frame),
      95,
    );
  } finally {
    await host.stop();
  }

  if (heapItems > 0) {
    const big = await startSeededHost(heapItems);
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 900 }, locale: 'it-IT' });
      await page.goto(big.url);
      await page.locator('.detail-pane h2').waitFor({ timeout: 60_000 });
      for (let i = 0; i < 200; i++) await page.keyboard.press('j');
      const session = await page.context().newCDPSession(page);
      await session.send('HeapProfiler.collectGarbage');
      const { usedSize } = await session.send('Runtime.getHeapUsage');
      figures.heap_mb_1m = Math.round((usedSize / 1024 / 1024) * 10) / 10;
    } finally {
      await big.stop();
    }
  }
  await browser.close();

  if (values.json) {
    console.log(JSON.stringify({ items, heapItems, figures }));
    return;
  }
  const targets: Record<string, string> = {
    nav_p95_ms: '≤ 16',
    archive_next_p95_ms: '≤ 16',
    cold_open_ms: '≤ 1000',
    search_ms: '≤ 100',
    heap_mb_1m: '≤ 150',
  };
  console.log(`UI benchmark (${items.toLocaleString('en')} items; heap with ${heapItems.toLocaleString('en')})`);
  console.log('| figure | measured | target |\n| --- | --- | --- |');
  for (const [name, value] of Object.entries(figures)) {
    console.log(`| ${name} | ${Number.isFinite(value) ? value.toFixed(1) : 'n/a'} | ${targets[name] ?? ''} |`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
