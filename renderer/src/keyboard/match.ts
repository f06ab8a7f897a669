import { keymap, type CommandId } from './keymap';

/** The parts of a KeyboardEvent the matcher reads (a real event satisfies it). */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
  isComposing?: boolean;
}

interface Chord {
  key: string;
  mod: boolean;
  shift: boolean;
}

const SEQUENCE_TIMEOUT_MS = 1200;

function parseChord(text: string): Chord {
  const parts = text.split('+');
  const key = parts.pop() ?? '';
  return { key, mod: parts.includes('Mod'), shift: parts.includes('Shift') };
}

const isLetter = (key: string) => key.length === 1 && key.toLowerCase() !== key.toUpperCase();

/**
 * Turns an event into the chord it means. For letters Shift matters ("J" vs "j"); for symbols it
 * does not, because Shift (or AltGr, which Windows reports as Ctrl+Alt) is how the symbol is
 * typed on a given layout: "?" is Shift+/ on a US keyboard and Shift+' on an Italian one.
 */
function eventChord(event: KeyInput, isMac: boolean): Chord | null {
  const altGr = event.ctrlKey && event.altKey && !isMac;
  const mod = altGr ? false : isMac ? event.metaKey : event.ctrlKey;
  // The other platform's modifier (Ctrl on macOS, the Windows key elsewhere) means another
  // shortcut of the system, never ours.
  const foreign = altGr ? false : isMac ? event.ctrlKey : event.metaKey;
  if (foreign) return null;
  if (isLetter(event.key)) {
    // Alt with a letter is a system or menu shortcut (on macOS, Option types a symbol instead).
    if (event.altKey && !altGr) return null;
    return { key: event.key.toLowerCase(), mod, shift: event.shiftKey };
  }
  const named = event.key.length > 1; // Enter, Escape, ArrowDown…
  return { key: event.key, mod, shift: named ? event.shiftKey : false };
}

function sameChord(a: Chord, b: Chord): boolean {
  const key = (c: Chord) => (isLetter(c.key) ? c.key.toLowerCase() : c.key);
  return key(a) === key(b) && a.mod === b.mod && a.shift === b.shift;
}

export function isTextField(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return element.isContentEditable === true;
}

const bindings: { command: CommandId; chords: Chord[]; inTextField: boolean }[] = Object.entries(keymap).flatMap(
  ([command, spec]) =>
    spec.bindings.map((binding) => ({
      command: command as CommandId,
      chords: binding.split(' ').map(parseChord),
      inTextField: 'inTextField' in spec && spec.inTextField === true,
    })),
);

/**
 * Keeps the state of multi-key sequences ("g i") and answers which command an event means, if
 * any. No single-key shortcut fires in a text field; only bindings marked inTextField do.
 */
export function createKeyMatcher(options: { isMac: boolean; now?: () => number }) {
  const now = options.now ?? (() => Date.now());
  let prefix: Chord[] = [];
  let prefixAt = 0;

  function match(event: KeyInput): CommandId | null {
    if (event.isComposing || ['Shift', 'Control', 'Alt', 'Meta', 'AltGraph'].includes(event.key)) return null;
    const inText = isTextField(event.target);
    const chord = eventChord(event, options.isMac);
    if (!chord) {
      prefix = [];
      return null;
    }
    if (now() - prefixAt > SEQUENCE_TIMEOUT_MS) prefix = [];
    const typed = [...prefix, chord];
    let partial = false;
    for (const binding of bindings) {
      if (inText && !binding.inTextField) continue;
      if (binding.chords.length < typed.length) continue;
      if (!typed.every((c, i) => sameChord(c, binding.chords[i]!))) continue;
      if (binding.chords.length === typed.length) {
        prefix = [];
        return binding.command;
      }
      partial = true;
    }
    if (partial) {
      prefix = typed;
      prefixAt = now();
      return null;
    }
    prefix = [];
    // A key that breaks a sequence may still start or be a binding of its own.
    return typed.length > 1 ? match(event) : null;
  }

  return {
    match,
    reset() {
      prefix = [];
    },
  };
}

/** How a binding reads on this platform, e.g. "⌘ Enter" or "Ctrl Enter", "g then i". */
export function describeBinding(binding: string, isMac: boolean): string[] {
  return binding.split(' ').map((chord) =>
    chord
      .split('+')
      .map((part) => {
        if (part === 'Mod') return isMac ? '⌘' : 'Ctrl';
        if (part === 'ArrowDown') return '↓';
        if (part === 'ArrowUp') return '↑';
        if (part === 'Escape') return 'Esc';
        return part;
      })
      .join(' '),
  );
}
