/**
 * `npm run bench:ui`: how the queue feels, measured in Chromium against the browser host with
 * the demo workspace in the replica. Prints a table; `--json` prints one JSON object.
 *
 *   nav_p95_ms           j → next row highlighted and its detail shown
 *   archive_next_p95_ms  d → item gone, next row highlighted and its detail shown
 *   cold_open_ms         page load → first row selected and its detail shown
 *   search_ms            last keystroke → results on screen
 *   heap_mb_1m           renderer JS heap with 1M items in the replica
 *
 * Options: --items N (default 100000), --heap-items N (default 1000000), --json.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { items: { type: 'string' }, 'heap-items': { type: 'string' }, json: { type: 'boolean' } },
});
const items = Number(values.items ?? 100_000);
const heapItems = Number(values['heap-items'] ?? 1_000_000);

async function startHost(demoItems: number) {
  const dataFolder = await mkdtemp(join(tmpdir(), 'bench-ui-'));
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
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1] && output.includes('core.demo_seeded')) resolve(match[1]);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${output.slice(-2000)}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dataFolder, { recursive: true, force: true });
    },
  };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/**
 * In-page probes as source text: tsx would otherwise wrap the functions with helpers that do not
 * exist in the page. Each resolves with the ms from the action to the outcome on screen.
 */
const KEY_PROBE = `async ({ key, expectChange }) => {
  const selected = () => document.querySelector('.queue-row[aria-selected="true"]');
  const before = selected()?.getAttribute('data-item-id');
  const t0 = performance.now();
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const row = selected();
    const author = row?.querySelector('.author')?.textContent;
    const shown = document.querySelector('.detail-pane h2')?.textContent;
    const changed = row?.getAttribute('data-item-id') !== before;
    if (row && author === shown && (changed || !expectChange)) return performance.now() - t0;
    if (performance.now() - t0 > 5000) return NaN;
  }
}`;

const SEARCH_PROBE = `async (term) => {
  const input = document.querySelector('.queue-search');
  if (!input) return NaN;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, term);
  const t0 = performance.now();
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase();
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const first = document.querySelector('.queue-row .excerpt')?.textContent ?? '';
    const author = document.querySelector('.queue-row .author')?.textContent ?? '';
    if (fold(first + author).includes(term) || document.querySelector('.empty-state')) return performance.now() - t0;
    if (performance.now() - t0 > 5000) return NaN;
  }
}`;

const probe = <A>(page: Page, source: string, arg: A): Promise<number> =>
  page.evaluate(`(${source})(${JSON.stringify(arg)})`) as Promise<number>;

const timedKey = (page: Page, key: string, expectChange: boolean) => probe(page, KEY_PROBE, { key, expectChange });

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
  const host = await startHost(items);
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 }, locale: 'it-IT' });
    const t0 = Date.now();
    await page.goto(host.url);
    await page.locator('.queue-row[aria-selected="true"]').waitFor();
    await page.locator('.detail-pane h2').waitFor();
    figures.cold_open_ms = Date.now() - t0;
    await page.waitForTimeout(500);

    const nav: number[] = [];
    for (let i = 0; i < 60; i++) nav.push(await timedKey(page, 'j', true));
    figures.nav_p50_ms = percentile(nav, 50);
    figures.nav_p95_ms = percentile(nav, 95);

    const archive: number[] = [];
    for (let i = 0; i < 30; i++) archive.push(await timedKey(page, 'd', true));
    figures.archive_next_p50_ms = percentile(archive, 50);
    figures.archive_next_p95_ms = percentile(archive, 95);

    const searches: number[] = [];
    for (const term of ['cardiolex', 'rimborso', 'fusilli', 'sciopero', 'perche']) {
      searches.push(await probe(page, SEARCH_PROBE, term));
    }
    figures.search_ms = percentile(searches, 95);
  } finally {
    await host.stop();
  }

  if (heapItems > 0) {
    const big = await startHost(heapItems);
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
