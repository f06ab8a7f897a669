import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  calls,
  ContractFailure,
  type CallName,
  type CallSpec,
  type HandlersFor,
  type NotificationSettings,
} from '../../../shared/contract';
import { actionCalls } from '../../../shared/contract/actions';
import { appCalls } from '../../../shared/contract/app';
import { policyCalls } from '../../../shared/contract/policy';
import { queueCalls } from '../../../shared/contract/queue';
import { syncCalls } from '../../../shared/contract/sync';
import type { Logger } from '../log';
import { dispatchCall, mergeHandlers, type Handlers } from './dispatch';
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

/** One area's part, answering 'internal' except where a test gives the call an answer. */
function partFor<C extends Readonly<Record<string, CallSpec>>>(
  area: C,
  overrides: Partial<Handlers> = {},
): HandlersFor<C> {
  const all = stubHandlers(overrides);
  return Object.fromEntries(
    Object.keys(area).map((name) => [name, all[name as CallName]]),
  ) as unknown as HandlersFor<C>;
}

describe('mergeHandlers', () => {
  const quiet: NotificationSettings = { quiet: true, off: [] };
  const app = partFor(appCalls, { 'settings:get': () => ({ language: 'it', notifications: quiet }) });
  const queue = partFor(queueCalls);
  const actions = partFor(actionCalls);
  const sync = partFor(syncCalls);
  const policy = partFor(policyCalls);

  it("builds the contract's map from the areas' parts, each call answered by its part", async () => {
    const merged = mergeHandlers(app, queue, actions, sync, policy);
    expectTypeOf(merged).toEqualTypeOf<Handlers>();
    expect(Object.keys(merged).sort()).toEqual(Object.keys(calls).sort());
    const { log } = recordingLogger();
    expect(await dispatchCall(merged, 'settings:get', {}, log)).toEqual({
      ok: true,
      value: { language: 'it', notifications: quiet },
    });
  });

  it('refuses a call handled by two parts, naming the call and both parts', () => {
    const again = { 'policy:get': policy['policy:get'] };
    expect(() =>
      // @ts-expect-error -- policy:get is handled twice: this must not compile either
      mergeHandlers(app, queue, actions, sync, policy, again),
    ).toThrow('policy:get is handled twice, by part 5 (policy:clients, policy:get, …) and part 6 (policy:get)');
  });

  it('refuses a set of parts that leaves a call without a handler, naming the calls', () => {
    // @ts-expect-error -- the policy calls have no handler: this must not compile either
    expect(() => mergeHandlers(app, queue, actions, sync)).toThrow(
      'no handler for policy:clients, policy:get, policy:save, savedReply:save, savedReply:delete',
    );
  });

  it('refuses a handler for a name that is not a call of the contract', () => {
    const unknown = { 'policy:drop': () => ({}) };
    // @ts-expect-error -- policy:drop is not a call: this must not compile either
    expect(() => mergeHandlers(app, queue, actions, sync, policy, unknown)).toThrow(
      'part 6 (policy:drop) handles policy:drop, not a call',
    );
  });
});
