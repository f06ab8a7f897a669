import { expect, test } from './fixtures';
import { openReplyTo } from './queue';

const REPLY = 'La dose giusta la decide il suo medico: ne parli con lui prima di cambiarla.';

/** Vitalia Pharma's chain: Medical review → Legal review → Regulatory affairs, one signer each. */
const approvers = [
  'elena.marchetti@agenzialumen.it',
  'federica.galli@agenzialumen.it',
  'stefano.villa@agenzialumen.it',
];

test('the moderator escalates, the client approves from the browser page, the app shows it approved', async ({
  page,
  browser,
  host,
}) => {
  test.setTimeout(120_000);
  // The moderator answers a dosage question: the policy makes it a submission for approval.
  await page.goto(host.url);
  await openReplyTo(page, 'dosaggio cardiolex', /dosaggio/i);
  await page.keyboard.type(REPLY);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(
    page.getByRole('status').filter({ hasText: 'Risposta inviata al cliente per approvazione' }),
  ).toBeVisible({ timeout: 20_000 });

  // The client's reviewers, one per step, each from the page the team server serves.
  const solo = /"event":"sync.solo_server","url":"(http:\/\/[^"]+)"/.exec(host.output())?.[1];
  expect(solo).toBeTruthy();
  const context = await browser.newContext({ locale: 'it-IT' });
  const approver = await context.newPage();
  for (const email of approvers) {
    await approver.goto(`${solo}/approve/login`);
    await approver.getByLabel('Email').fill(email);
    await approver.getByLabel('Password', { exact: true }).fill('demo-password');
    await approver.getByRole('button', { name: 'Accedi' }).click();
    await expect(approver.getByRole('heading', { name: 'Risposte in attesa di approvazione' })).toBeVisible();
    // Ours is the newest request: the list is oldest first. The moderator's push may take a moment.
    await expect(async () => {
      await approver.reload();
      await approver
        .getByRole('link', { name: /Esamina la risposta a/ })
        .last()
        .click();
      await expect(approver.getByText(REPLY).first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await approver.getByLabel('Password per firmare l’approvazione').fill('demo-password');
    await approver.getByRole('button', { name: 'Approva', exact: true }).click();
    await expect(approver.getByRole('status')).toContainText('La tua decisione è stata registrata e firmata');
    await approver.getByRole('button', { name: 'Esci' }).click();
  }
  await context.close();

  // Back in the moderator's app: the decision arrived by the normal sync, and the moderator is told.
  await expect(page.getByTestId('notify-toast').filter({ hasText: 'Risposta approvata' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    page
      .locator('.replies')
      .getByText(/Approvata|In coda di invio|Inviata/)
      .first(),
  ).toBeVisible({
    timeout: 30_000,
  });
});
