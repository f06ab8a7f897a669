import { expect, test } from './fixtures';

test('? opens the keyboard help generated from the keymap, Esc closes it', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Scorciatoie da tastiera' });
  await expect(help).toBeVisible();
  await expect(help.getByText('Elemento successivo')).toBeVisible();
  await expect(help.getByText('Archivia: nessuna risposta necessaria')).toBeVisible();
  // Only commands something on this screen handles: a moderator has no approver shortcuts.
  await expect(help.getByText('Modifica e approva')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('Mod+K opens the command palette; a command runs from it; typing there fires no shortcut', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+k');
  const palette = page.getByRole('dialog', { name: 'Tavolozza dei comandi' });
  await expect(palette).toBeVisible();
  // "?" and "g s" typed into the palette's field are text, not shortcuts.
  await page.keyboard.type('?g s');
  await expect(page.getByRole('dialog', { name: 'Scorciatoie da tastiera' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await palette.getByRole('combobox').fill('impost');
  await expect(palette.getByRole('option')).toHaveText([/Vai alle impostazioni/]);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Impostazioni' })).toBeVisible();
});

test('g then i and g then s switch screens', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { level: 1, name: 'Impostazioni' })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
});
