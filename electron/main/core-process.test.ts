import type { UtilityProcess } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../core/notify';
import { reportCoreCrash, utilityCoreProcess, type UtilityProcessLike } from './core-process';

// Compile-time: Electron's UtilityProcess fits, so index.ts passes it as it is.
const _real: UtilityProcessLike = null as unknown as UtilityProcess;
void _real;

function fakeUtility() {
  const emitter = new EventEmitter();
  const posted: unknown[] = [];
  const child = Object.assign(emitter, {
    postMessage: (message: unknown) => posted.push(message),
    kill: vi.fn(() => true),
  });
  return { child, posted };
}

describe('utilityCoreProcess', () => {
  it('carries messages both ways and reports the exit once, also to late listeners', () => {
    const { child, posted } = fakeUtility();
    const core = utilityCoreProcess(child);
    const received: unknown[] = [];
    core.onMessage((message) => received.push(message));
    core.send({ type: 'close' });
    child.emit('message', { type: 'closed' });
    expect(posted).toEqual([{ type: 'close' }]);
    expect(received).toEqual([{ type: 'closed' }]);
    const exits: (number | null)[] = [];
    core.onExit((code) => exits.push(code));
    child.emit('exit', 3);
    core.onExit((code) => exits.push(code));
    expect(exits).toEqual([3, 3]);
  });

  it('sends nothing to and kills nothing of a process that is gone', () => {
    const { child, posted } = fakeUtility();
    const core = utilityCoreProcess(child);
    child.emit('exit', 1);
    core.send({ type: 'close' });
    core.kill();
    expect(posted).toEqual([]);
    expect(child.kill).not.toHaveBeenCalled();
  });
});

describe('reportCoreCrash', () => {
  const setup = (language: 'it' | 'en', choice: number) => {
    const showDialog = vi.fn((_options: { title: string; message: string; buttons: string[] }) => choice);
    const relaunch = vi.fn();
    const exit = vi.fn();
    reportCoreCrash({
      appName: 'Moderator Desk',
      language: () => language,
      translatorFor: createTranslator,
      showDialog,
      relaunch,
      exit,
    });
    return { options: showDialog.mock.calls[0]![0], relaunch, exit };
  };

  it('tells the user in their language and restarts when asked', () => {
    const { options, relaunch, exit } = setup('it', 0);
    expect(options.title).toBe('Moderator Desk ha smesso di funzionare');
    expect(options.message).toContain('Le modifiche salvate');
    expect(options.buttons).toEqual(['Riavvia', 'Esci']);
    expect(relaunch).toHaveBeenCalledOnce();
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('quits without restarting when the user chooses so', () => {
    const { options, relaunch, exit } = setup('en', 1);
    expect(options.buttons).toEqual(['Restart', 'Quit']);
    expect(options.title).toBe('Moderator Desk stopped working');
    expect(relaunch).not.toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(1);
  });
});
