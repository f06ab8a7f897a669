import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { openReplyTo } from './queue';

const REPLY = 'Certo, si possono surgelare appena cotti e scolati.';

/** A second desktop (the browser host) that asks how to work: the admin signs in to the team server. */
async function startAdminDesktop(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataFolder = await mkdtemp(join(tmpdir(), 'moderator-desk-e2e-admin-'));
  const child = spawn(
    process.execPath,
    ['out/main/web-host.js', '--port', '0', '--data-folder', dataFolder, '--locale', 'it-IT', '--demo-items', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`admin host did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`admin host exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataFolder, { recursive: true, force: true });
    },
  };
}

test('an admin adds a keyword to the client policy; the moderator’s composer then asks for approval', async ({
  page,
  browser,
  host,
}) => {
  test.setTimeout(120_000);
  // The moderator's reply is not sensitive under today's policy.
  await page.goto(host.url);
  const composer = await openReplyTo(page, 'fusilli surgelare', 'Fusilli');
  await page.keyboard.type(REPLY);
  await expect(composer.getByText('Nessun contenuto sensibile trovato: la risposta può essere inviata.')).toBeVisible();

  // The admin, on another desktop signed in to the same team server, edits Pasta Dorata's policy.
  const server = /"event":"sync.solo_server","url":"(http:\/\/[^"]+)"/.exec(host.output())?.[1];
  expect(server).toBeTruthy();
  const desktop = await startAdminDesktop();
  try {
    const context = await browser.newContext({ locale: 'it-IT' });
    const admin = await context.newPage();
    await admin.goto(desktop.url);
    await admin.getByLabel('Indirizzo del server').fill(server ?? '');
    await admin.getByLabel('E-mail').fill('alessandra.ferri@agenzialumen.it');
    await admin.getByLabel('Password').fill('demo-password');
    await admin.getByRole('button', { name: 'Accedi' }).click();
    await admin.getByRole('navigation').getByRole('button', { name: 'Policy cliente' }).click({ timeout: 60_000 });
    await expect(admin.getByRole('heading', { level: 1, name: 'Policy del cliente' })).toBeVisible();
    await admin.getByLabel('Cliente', { exact: true }).selectOption({ label: 'Pasta Dorata' });
    const keywords = admin.getByLabel("Parole chiave dell'argomento 3 (una per riga)");
    await expect(keywords).toHaveValue(/farfalline/);
    await keywords.press('ControlOrMeta+End');
    await keywords.pressSequentially('\nsurgelare');
    await admin.getByRole('button', { name: 'Salva la policy' }).click();
    await expect(
      admin.getByText('Policy salvata. I moderatori la ricevono alla prossima sincronizzazione.'),
    ).toBeVisible();
    await context.close();
  } finally {
    await desktop.stop();
  }

  // The moderator's app receives the policy with its next pull: the open composer now asks for approval.
  await expect(composer.getByText('Questa risposta va inviata al cliente per approvazione.')).toBeVisible({
    timeout: 30_000,
  });
  await expect(composer.getByLabel('Testo della risposta')).toHaveValue(REPLY);
});
