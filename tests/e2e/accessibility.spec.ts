import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the queue screen has no serious accessibility violations', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the help overlay and the settings screen have no serious accessibility violations', async ({ page, host }) => {
  // Two full axe scans: on a loaded machine they alone take most of the default 30 s.
  test.slow();
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { level: 1, name: 'Impostazioni' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
