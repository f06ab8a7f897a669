import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { selectedRow } from './queue';

const selectedId = (page: Page) => selectedRow(page).getAttribute('data-item-id');
const inboxCount = (page: Page) =>
  page.getByRole('navigation', { name: 'Viste della coda' }).getByRole('button').first().locator('.count');

async function openQueue(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await expect(selectedRow(page)).toBeVisible();
  // The list has focus-free keyboard control: keys go to the page.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
}

test('j/k move the selection and the detail follows; Enter opens the item', async ({ page, host }) => {
  await openQueue(page, host.url);
  const first = await selectedId(page);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const third = await selectedId(page);
  expect(third).not.toBe(first);
  const author = await selectedRow(page).locator('.author').textContent();
  await expect(page.getByRole('region', { name: 'Dettaglio' }).getByRole('heading', { level: 2 })).toHaveText(
    author ?? '',
  );
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowUp');
  expect(await selectedId(page)).toBe(first);
  await page.keyboard.press('Enter');
  await expect(page.locator('.detail-column.focused')).toBeVisible();
});

test('label, assign, snooze and archive with the keyboard, with undo', async ({ page, host }) => {
  await openQueue(page, host.url);
  const before = Number(await inboxCount(page).textContent());
  // Move (with j) to an item nobody has claimed yet.
  for (let i = 0; i < 30 && (await selectedRow(page).locator('.assignee').count()) > 0; i++) {
    await page.keyboard.press('j');
  }
  await expect(selectedRow(page).locator('.assignee')).toHaveCount(0);

  // l: label
  await page.keyboard.press('l');
  await page.keyboard.type('richiamare');
  await page.keyboard.press('Enter');
  await expect(selectedRow(page).locator('.label', { hasText: 'richiamare' })).toBeVisible();

  // a: claim (assign to me)
  await page.keyboard.press('a');
  await expect(selectedRow(page).locator('.assignee')).toHaveText('Giulia Conti');
  await expect(selectedRow(page).locator('.lock')).toHaveCount(0);

  // Shift+A: assign to someone else
  await page.keyboard.press('Shift+A');
  const assign = page.getByRole('dialog', { name: 'Assegna a…' });
  await expect(assign.getByRole('option', { name: 'Marco Rinaldi' })).toBeVisible();
  await assign.getByRole('option', { name: 'Marco Rinaldi' }).click();
  await expect(selectedRow(page).locator('.assignee')).toContainText('Marco Rinaldi');
  await expect(selectedRow(page).getByRole('img', { name: 'Preso in carico da Marco Rinaldi' })).toBeVisible();

  // s: snooze → the item leaves the inbox and the next one is selected
  const snoozed = await selectedId(page);
  await page.keyboard.press('s');
  await expect(page.getByRole('dialog', { name: 'Posticipa fino a…' })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '1 elemento posticipato' })).toBeVisible();
  expect(await selectedId(page)).not.toBe(snoozed);
  await expect(page.locator(`[data-item-id="${snoozed}"]`)).toHaveCount(0);

  // d: done
  const archived = await selectedId(page);
  await page.keyboard.press('d');
  await expect(page.locator(`[data-item-id="${archived}"]`)).toHaveCount(0);
  await expect(inboxCount(page)).toHaveText(String(before - 2));

  // u: undo the archive → it is back
  await page.keyboard.press('u');
  await expect(page.locator(`[data-item-id="${archived}"]`)).toHaveCount(1);
  await expect(inboxCount(page)).toHaveText(String(before - 1));
});

test('bulk: x and Shift+J select, d archives them all, u brings them back', async ({ page, host }) => {
  await openQueue(page, host.url);
  const before = Number(await inboxCount(page).textContent());
  const ids = await page
    .locator('.queue-row')
    .evaluateAll((rows) => rows.slice(0, 3).map((r) => r.getAttribute('data-item-id')));
  await page.keyboard.press('x');
  await page.keyboard.press('Shift+J');
  await page.keyboard.press('Shift+J');
  await expect(page.getByText('3 elementi selezionati')).toBeVisible();
  await page.keyboard.press('d');
  await expect(page.getByRole('status').filter({ hasText: '3 elementi archiviati' })).toBeVisible();
  for (const id of ids) await expect(page.locator(`[data-item-id="${id}"]`)).toHaveCount(0);
  await expect(inboxCount(page)).toHaveText(String(before - 3));
  await page.keyboard.press('u');
  for (const id of ids) await expect(page.locator(`[data-item-id="${id}"]`)).toHaveCount(1);
  await expect(inboxCount(page)).toHaveText(String(before));
});

test('/ focuses search, results follow the text, Esc clears it', async ({ page, host }) => {
  await openQueue(page, host.url);
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Cerca nella coda' })).toBeFocused();
  await page.keyboard.type('cardiolex');
  await expect(page.locator('.queue-row').first()).toContainText(/cardiolex/i);
  const rows = await page.locator('.queue-row .excerpt').allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Cerca nella coda' })).toHaveValue('');
});

test('no single-key shortcut fires while typing in a text field', async ({ page, host }) => {
  await openQueue(page, host.url);
  const first = await selectedId(page);
  const before = await inboxCount(page).textContent();
  await page.keyboard.press('/');
  // Every single-key shortcut of the keymap, typed into the search field.
  await page.keyboard.type('jkdaxehslnu?gs*1');
  await expect(page.getByRole('searchbox', { name: 'Cerca nella coda' })).toHaveValue('jkdaxehslnu?gs*1');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Cerca nella coda' }).fill('');
  await expect(inboxCount(page)).toHaveText(before ?? '');
  await expect(page.locator(`[data-item-id="${first}"]`)).toHaveCount(1);
  await expect(page.getByText(/selezionat/)).toHaveCount(0);
});

test('switching language with the keyboard: g s, then the language select', async ({ page, host }) => {
  await openQueue(page, host.url);
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.getByLabel("Lingua dell'interfaccia").selectOption('en');
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { level: 1, name: 'To handle' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Queue views' })).toBeVisible();
});

test('claiming an item someone else has claimed is refused and says so', async ({ page, host }) => {
  await openQueue(page, host.url);
  for (let i = 0; i < 60 && (await selectedRow(page).locator('.lock').count()) === 0; i++) {
    await page.keyboard.press('j');
  }
  const owner = await selectedRow(page).locator('.assignee').textContent();
  await page.keyboard.press('a');
  await expect(page.getByRole('status').filter({ hasText: 'non consentito' })).toBeVisible();
  await expect(selectedRow(page).locator('.assignee')).toHaveText(owner ?? '');
});

test('1…6 switch views, including the handled and all items', async ({ page, host }) => {
  await openQueue(page, host.url);
  for (const [key, title] of [
    ['5', 'Gestite'],
    ['6', 'Tutte'],
    ['4', 'Posticipate'],
    ['2', 'Assegnate a me'],
    ['1', 'Da gestire'],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(selectedRow(page)).toBeVisible();
  }
  await expect(page.getByRole('status').filter({ hasText: /non/ })).toHaveCount(0);
});

test('n writes a note on the contact; it shows on the contact card', async ({ page, host }) => {
  await openQueue(page, host.url);
  // The note is about the contact on screen: wait for the card, as a moderator would.
  await expect(page.getByRole('complementary', { name: 'Scheda contatto' })).toBeVisible();
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: /^Nota su / });
  await expect(dialog).toBeVisible();
  await dialog
    .getByLabel('Nota per il team (visibile su tutti i canali)')
    .fill('Preferisce essere contattata in privato.');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Scheda contatto' })).toContainText(
    'Preferisce essere contattata in privato.',
  );
});
