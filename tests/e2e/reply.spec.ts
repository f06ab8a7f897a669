import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openReplyTo, selectedRow } from './queue';

/** Keyboard only: search for the customer's question about Fusilli, open the composer. */
async function openReplyToFusilliQuestion(page: Page, url: string) {
  await page.goto(url);
  return openReplyTo(page, 'fusilli surgelare', 'Fusilli');
}

test('reply with a saved reply: / inserts it with variables filled, Mod+Enter sends after the undo window', async ({
  page,
  host,
}) => {
  const composer = await openReplyToFusilliQuestion(page, host.url);
  const itemId = await selectedRow(page).getAttribute('data-item-id');
  await page.keyboard.type('/dove');
  await expect(composer.getByRole('option', { name: /Dove trovarci/ })).toBeVisible();
  await page.keyboard.press('Enter');
  const text = composer.getByLabel('Testo della risposta');
  await expect(text).toHaveValue(/^Ciao Ilaria, trovi i nostri formati .* Giulia$/);
  await expect(text).not.toHaveValue(/\{\{/);

  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('status').filter({ hasText: /Invio tra \d+ s/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Risposta in coda' })).toBeVisible({ timeout: 15_000 });
  // Answered: it leaves the list of things to handle.
  await expect(page.locator(`[data-item-id="${itemId}"]`)).toHaveCount(0);
});

test('undo-send inside the window keeps the draft and sends nothing; the draft survives a reload', async ({
  page,
  host,
}) => {
  // It waits out the whole undo window (10 s) on purpose, to show nothing went: room for that.
  test.slow();
  const composer = await openReplyToFusilliQuestion(page, host.url);
  const itemId = await selectedRow(page).getAttribute('data-item-id');
  await page.keyboard.type('Certo, si possono surgelare appena cotti e scolati.');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('status').filter({ hasText: /Invio tra \d+ s/ })).toBeVisible();
  await page.keyboard.press('u');
  await expect(page.getByRole('status').filter({ hasText: 'Invio annullato' })).toBeVisible();
  await expect(composer.getByLabel('Testo della risposta')).toHaveValue(
    'Certo, si possono surgelare appena cotti e scolati.',
  );
  await page.waitForTimeout(11_000);
  await expect(page.locator(`[data-item-id="${itemId}"]`)).toHaveCount(1);

  await page.reload();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await page.keyboard.type('fusilli surgelare');
  await expect(selectedRow(page)).toContainText('Fusilli');
  await page.keyboard.press('Enter');
  await page.keyboard.press('r');
  await expect(page.getByRole('region', { name: 'Risposta' }).getByLabel('Testo della risposta')).toHaveValue(
    'Certo, si possono surgelare appena cotti e scolati.',
  );
});

test('a reply on a sensitive pharma question turns into a submission for approval', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(selectedRow(page)).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await page.keyboard.type('dosaggio cardiolex');
  await expect(selectedRow(page)).toContainText(/dosaggio/i);
  await page.keyboard.press('Enter');
  await page.keyboard.press('r');
  const composer = page.getByRole('region', { name: 'Risposta' });
  await expect(composer.getByLabel('Testo della risposta')).toBeFocused();
  await page.keyboard.type('La dose giusta la decide il suo medico.');
  await expect(composer.getByRole('button', { name: 'Invia per approvazione' })).toBeVisible();
  await expect(composer.locator('mark').first()).toBeVisible();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('status').filter({ hasText: /Invio per approvazione tra \d+ s/ })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Risposta inviata al cliente per approvazione' }),
  ).toBeVisible({
    timeout: 15_000,
  });
  await page.keyboard.press('3');
  await expect(page.getByRole('heading', { level: 1, name: 'In approvazione' })).toBeVisible();
  await expect(
    page
      .locator('.queue-row')
      .filter({ hasText: /dosaggio/i })
      .first(),
  ).toBeVisible();
});

test('with the undo-send window off in the settings, Mod+Enter sends at once', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Impostazioni' }).click();
  await page.getByLabel("Tempo per annullare l'invio").selectOption({ label: 'Disattivato (invio immediato)' });
  await page.getByRole('button', { name: 'Coda' }).click();
  const composer = await openReplyToFusilliQuestion(page, host.url);
  const itemId = await selectedRow(page).getAttribute('data-item-id');
  await composer.getByLabel('Testo della risposta').fill('Certo, si possono surgelare appena cotti.');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Risposta in coda' })).toBeVisible({ timeout: 4000 });
  await expect(page.getByRole('status').filter({ hasText: /Invio tra \d+ s/ })).toHaveCount(0);
  await expect(page.locator(`[data-item-id="${itemId}"]`)).toHaveCount(0);
});
