/**
 * `npm run sandbox`: the sandbox platform on loopback with the demo accounts, generating traffic.
 * Settings (environment): SANDBOX_PORT (default 4545), SANDBOX_APP_SECRET (default
 * `sandbox-app-secret`), SANDBOX_CALLBACK_URL (where to send signed webhooks; unset = polling
 * only), SANDBOX_EVERY_MS (one new interaction every N ms, default 5000; 0 = none).
 * The printed tokens are sandbox tokens: they open nothing but this sandbox.
 */
import { z } from 'zod';
import { startSandbox } from './server';

const env = z
  .object({
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).default(4545),
    SANDBOX_APP_SECRET: z.string().min(8).default('sandbox-app-secret'),
    SANDBOX_CALLBACK_URL: z.string().url().optional(),
    SANDBOX_EVERY_MS: z.coerce.number().int().min(0).default(5000),
  })
  .parse(process.env);

const sandbox = await startSandbox({
  appSecret: env.SANDBOX_APP_SECRET,
  port: env.SANDBOX_PORT,
  ...(env.SANDBOX_CALLBACK_URL ? { callbackUrl: env.SANDBOX_CALLBACK_URL } : {}),
});

process.stdout.write(`Sandbox platform (Graph API shapes) at ${sandbox.url} — not a real platform.\n`);
for (const account of sandbox.world.accounts.values()) {
  process.stdout.write(`  ${account.platform} ${account.id} "${account.name}" token ${account.token}\n`);
}
process.stdout.write(
  env.SANDBOX_CALLBACK_URL ? `Webhooks to ${env.SANDBOX_CALLBACK_URL}\n` : 'No SANDBOX_CALLBACK_URL: polling only.\n',
);

const timer = env.SANDBOX_EVERY_MS > 0 ? setInterval(() => void sandbox.generate(1), env.SANDBOX_EVERY_MS) : undefined;

const stop = () => {
  if (timer) clearInterval(timer);
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
