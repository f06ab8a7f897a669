import { expect, test } from './fixtures';

test('the undo-send window is a setting: 10 s by default, another choice survives a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await page.getByRole('button', { name: 'Impostazioni' }).click();
  const window = page.getByLabel("Tempo per annullare l'invio");
  await expect(window).toHaveValue('10');
  await expect(window.locator('option')).toHaveText([
    'Disattivato (invio immediato)',
    '5 secondi',
    '10 secondi',
    '20 secondi',
    '30 secondi',
  ]);

  await window.selectOption({ label: '5 secondi' });
  await page.reload();
  await page.getByRole('button', { name: 'Impostazioni' }).click();
  await expect(page.getByLabel("Tempo per annullare l'invio")).toHaveValue('5');

  await page.getByLabel('Lingua', { exact: true }).selectOption('en');
  await expect(page.getByLabel('Undo-send window')).toHaveValue('5');
  await expect(page.getByText('How long a reply waits before it leaves')).toBeVisible();
});
