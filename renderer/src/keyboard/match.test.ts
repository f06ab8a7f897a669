import { describe, expect, it } from 'vitest';
import { keymap } from './keymap';
import { createKeyMatcher, describeBinding, type KeyInput } from './match';

const body = { tagName: 'BODY' } as unknown as EventTarget;
const input = { tagName: 'INPUT', type: 'text' } as unknown as EventTarget;
const checkbox = { tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget;
const textarea = { tagName: 'TEXTAREA' } as unknown as EventTarget;
const editable = { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget;

function key(k: string, mods: Partial<KeyInput> = {}): KeyInput {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: body, ...mods };
}

function matcher(isMac = false) {
  let clock = 0;
  const m = createKeyMatcher({ isMac, now: () => clock });
  return { ...m, advance: (ms: number) => (clock += ms) };
}

describe('createKeyMatcher', () => {
  it('maps single keys and arrows', () => {
    const m = matcher();
    expect(m.match(key('j'))).toBe('queue.next');
    expect(m.match(key('ArrowDown'))).toBe('queue.next');
    expect(m.match(key('k'))).toBe('queue.previous');
    expect(m.match(key('Enter'))).toBe('item.open');
    expect(m.match(key('Escape'))).toBe('app.back');
  });

  it('tells Shift+letter from the letter, with Caps Lock or not', () => {
    const m = matcher();
    expect(m.match(key('J', { shiftKey: true }))).toBe('selection.extendDown');
    expect(m.match(key('A', { shiftKey: true }))).toBe('item.assign');
    expect(m.match(key('a'))).toBe('item.claim');
    expect(m.match(key('R', { shiftKey: true }))).toBe('approval.reject');
    // Caps Lock on: the key is upper case but Shift is not held.
    expect(m.match(key('J'))).toBe('queue.next');
  });

  it('matches symbols whatever the layout needs to type them', () => {
    const m = matcher();
    // US: Shift+/ ; Italian: Shift+'
    expect(m.match(key('?', { shiftKey: true }))).toBe('app.help');
    // Italian on Windows: AltGr+à reports Ctrl+Alt.
    expect(m.match(key('#', { ctrlKey: true, altKey: true }))).toBe('item.archive');
    expect(m.match(key('/'))).toBe('search.focus');
    expect(m.match(key('/', { shiftKey: true }))).toBe('search.focus');
  });

  it('uses Ctrl for Mod off macOS and ⌘ on macOS', () => {
    const pc = matcher(false);
    expect(pc.match(key('Enter', { ctrlKey: true }))).toBe('reply.send');
    expect(pc.match(key('k', { ctrlKey: true }))).toBe('app.palette');
    expect(pc.match(key('k', { metaKey: true }))).toBe(null);
    const mac = matcher(true);
    expect(mac.match(key('k', { metaKey: true }))).toBe('app.palette');
    expect(mac.match(key('z', { metaKey: true }))).toBe('action.undo');
    expect(mac.match(key('k', { ctrlKey: true }))).toBe(null);
  });

  it('runs two-key sequences and forgets a stale prefix', () => {
    const m = matcher();
    expect(m.match(key('g'))).toBe(null);
    expect(m.match(key('s'))).toBe('go.settings');
    expect(m.match(key('*', { shiftKey: true }))).toBe(null);
    expect(m.match(key('a'))).toBe('selection.allMatching');
    expect(m.match(key('g'))).toBe(null);
    m.advance(5000);
    expect(m.match(key('s'))).toBe('item.snooze');
  });

  it('lets a key that breaks a sequence act on its own', () => {
    const m = matcher();
    expect(m.match(key('g'))).toBe(null);
    expect(m.match(key('j'))).toBe('queue.next');
  });

  it('fires no single-key shortcut while typing, only Mod+Enter, Esc and Mod+K', () => {
    const m = matcher();
    for (const target of [input, textarea, editable]) {
      for (const k of ['j', 'k', 'a', 'd', '#', '?', '/', 'x', 'e', '1', 'u', 'y']) {
        expect(m.match(key(k, { target })), `${k} in a text field`).toBe(null);
      }
      expect(m.match(key('J', { shiftKey: true, target }))).toBe(null);
      expect(m.match(key('g', { target }))).toBe(null);
      expect(m.match(key('i', { target }))).toBe(null);
      expect(m.match(key('Enter', { ctrlKey: true, target }))).toBe('reply.send');
      expect(m.match(key('Escape', { target }))).toBe('app.back');
      expect(m.match(key('k', { ctrlKey: true, target }))).toBe('app.palette');
    }
    expect(m.match(key('j', { target: checkbox }))).toBe('queue.next');
  });

  it('ignores lone modifiers and IME composition', () => {
    const m = matcher();
    expect(m.match(key('Shift', { shiftKey: true }))).toBe(null);
    expect(m.match(key('j', { isComposing: true }))).toBe(null);
  });

  it('binds every key to at most one command', () => {
    const seen = new Map<string, string>();
    for (const [command, spec] of Object.entries(keymap)) {
      for (const binding of spec.bindings) {
        expect(seen.get(binding), `${binding} bound twice`).toBeUndefined();
        seen.set(binding, command);
      }
    }
  });
});

describe('describeBinding', () => {
  it('names Mod per platform and splits sequences', () => {
    expect(describeBinding('Mod+Enter', true)).toEqual(['⌘ Enter']);
    expect(describeBinding('Mod+Enter', false)).toEqual(['Ctrl Enter']);
    expect(describeBinding('g i', false)).toEqual(['g', 'i']);
  });
});
