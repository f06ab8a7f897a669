import { describe, expect, it, vi } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import type { Logger } from '../log';
import { dispatchCall, type Handlers } from './dispatch';
import { stubHandlers } from './testing';

function recordingLogger() {
  const lines: string[] = [];
  const log: Logger = {
    info: (e, f) => lines.push(JSON.stringify({ e, ...f })),
    warn: (e, f) => lines.push(JSON.stringify({ e, ...f })),
    error: (e, f) => lines.push(JSON.stringify({ e, ...f })),
  };
  return { log, lines };
}

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return stubHandlers({
    'app:info': () => ({ name: 'M', version: '1', systemLocale: 'it-IT', dataFolder: '/d', host: 'web', notices: [] }),
    'settings:get': () => ({ language: null }),
    'settings:set': (patch) => ({ language: patch.language ?? null }),
    ...overrides,
  });
}

describe('dispatchCall', () => {
  it('returns the handler value as ok', async () => {
    const { log } = recordingLogger();
    expect(await dispatchCall(handlers(), 'settings:set', { language: 'it' }, log)).toEqual({
      ok: true,
      value: { language: 'it' },
    });
  });

  it('treats missing arguments as an empty object', async () => {
    const { log } = recordingLogger();
    expect(await dispatchCall(handlers(), 'settings:get', undefined, log)).toEqual({
      ok: true,
      value: { language: null },
    });
  });

  it('refuses unknown names, including prototype keys', async () => {
    const { log } = recordingLogger();
    for (const name of ['nope', '__proto__', 'toString', 42, null]) {
      expect(await dispatchCall(handlers(), name, {}, log)).toMatchObject({
        ok: false,
        error: { code: 'unknown_call' },
      });
    }
  });

  it('refuses extra or wrong arguments and says which field, without echoing values', async () => {
    const { log } = recordingLogger();
    const result = await dispatchCall(handlers(), 'settings:set', { language: 'secret-value', x: 1 }, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    if (!result.ok) {
      expect(result.error.message).toContain('language');
      expect(result.error.message).not.toContain('secret-value');
    }
  });

  it('turns a thrown error into internal and logs it without the arguments', async () => {
    const { log, lines } = recordingLogger();
    const set = vi.fn(() => {
      throw new Error('disk full');
    });
    const result = await dispatchCall(handlers({ 'settings:set': set }), 'settings:set', { language: 'en' }, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(lines.join('\n')).toContain('disk full');
    expect(lines.join('\n')).not.toContain('"en"');
  });

  it('passes the code of a ContractFailure through', async () => {
    const { log } = recordingLogger();
    const get = () => {
      throw new ContractFailure('replica_newer', 'Update the app.');
    };
    expect(await dispatchCall(handlers({ 'settings:get': get }), 'settings:get', {}, log)).toEqual({
      ok: false,
      error: { code: 'replica_newer', message: 'Update the app.' },
    });
  });

  it('refuses to send an answer that does not match the contract', async () => {
    const { log, lines } = recordingLogger();
    const get = () => ({ language: 'fr' }) as unknown as { language: null };
    expect(await dispatchCall(handlers({ 'settings:get': get }), 'settings:get', {}, log)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(lines.some((l) => l.includes('contract.result_mismatch'))).toBe(true);
  });
});
