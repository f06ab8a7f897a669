/**
 * The operating system's locale from the POSIX environment, as a BCP 47 tag ("it_IT.UTF-8" →
 * "it-IT"), or null when the environment does not say (C/POSIX). The Electron shell asks
 * Electron instead; the browser host uses this and otherwise lets the browser's language decide.
 */
export function systemLocaleFromEnv(env: NodeJS.ProcessEnv): string | null {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (!value || value === 'C' || value === 'POSIX' || value.startsWith('C.')) continue;
    const tag = value.split('.')[0]?.split('@')[0]?.replace('_', '-');
    if (tag && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(tag)) return tag;
  }
  return null;
}
