import { expect, test } from './fixtures';

test('opens on the queue screen in Italian when the system is Italian', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Interazioni in coda' })).toBeVisible();
  await expect(page.getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navigazione principale' })).toBeVisible();
  // The sync state in Italian (solo mode: the in-process server comes up beside the app).
  await expect(page.getByTestId('sync-state')).toHaveText(/^(Sincronizzato|Sincronizzazione…|Offline)$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
});

test('switching to English changes the texts and survives a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();

  await page.getByLabel('Lingua', { exact: true }).selectOption('en');

  await expect(page.getByRole('heading', { level: 1, name: 'To handle' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Queued interactions' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'To handle' })).toBeVisible();
  await expect(page.getByLabel('Language', { exact: true })).toHaveValue('en');
});

test('the settings screen can go back to the system language', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByLabel('Lingua', { exact: true }).selectOption('en');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await page.getByLabel('Interface language').selectOption('system');

  await expect(page.getByRole('heading', { level: 1, name: 'Impostazioni' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
});

test('a malformed WebSocket message gets a clear error and the host keeps serving', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();

  const answers = await page.evaluate(async () => {
    const socket = new WebSocket(`ws://${location.host}/contract`);
    const received: unknown[] = [];
    socket.onmessage = (event) => received.push(JSON.parse(String(event.data)));
    await new Promise((resolve) => (socket.onopen = resolve));
    socket.send('{not json');
    socket.send(JSON.stringify({ type: 'call', id: 'x' }));
    socket.send(JSON.stringify({ type: 'call', id: 7, name: 'no:such-call', args: {} }));
    socket.send(JSON.stringify({ type: 'call', id: 8, name: 'settings:set', args: { language: 'klingon' } }));
    const deadline = Date.now() + 5000;
    while (received.filter((m) => (m as { type: string }).type !== 'event').length < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    socket.close();
    return received.filter((m) => (m as { type: string }).type !== 'event');
  });

  expect(answers).toEqual(
    expect.arrayContaining([
      { type: 'error', error: { code: 'bad_request', message: 'Message is not valid JSON.' } },
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'bad_request' }) }),
      { type: 'result', id: 7, result: { ok: false, error: expect.objectContaining({ code: 'unknown_call' }) } },
      {
        type: 'result',
        id: 8,
        result: {
          ok: false,
          error: expect.objectContaining({ code: 'invalid_args', message: expect.stringContaining('language') }),
        },
      },
    ]),
  );
  expect(answers).toHaveLength(4);

  // The host is still up and the app still works, with nothing changed by the bad calls.
  expect(host.process.exitCode).toBeNull();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Da gestire' })).toBeVisible();
});
