#!/usr/bin/env node
// Sums the JSON reports of every test runner (vitest, Playwright, the server install check) into one line:
// "N passed, N failed". A red `npm test` with no failing test (lint, typecheck, build) counts as
// one failure, so the line never looks green when the run was not.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
const ran = [];

if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  ran.push(`vitest ${report.numPassedTests}/${report.numTotalTests}`);
}
// The second report is the same suite run under CPU stress (.ci/run).
for (const [file, label] of [
  ['test-results/playwright.json', 'playwright'],
  ['test-results/playwright-stress.json', 'playwright under stress'],
]) {
  if (!existsSync(file)) continue;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  ran.push(`${label} ${stats.expected}/${stats.expected + stats.unexpected + stats.flaky + stats.skipped}`);
}
if (existsSync('test-results/server-install.json')) {
  const check = JSON.parse(readFileSync('test-results/server-install.json', 'utf8'));
  passed += check.passed ?? 0;
  failed += check.failed ?? 0;
  ran.push(`server install check ${check.passed}/${(check.passed ?? 0) + (check.failed ?? 0)}`);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`runners: ${ran.join(', ') || 'none'}`);
console.log(`${passed} passed, ${failed} failed`);
