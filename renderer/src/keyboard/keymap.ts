/**
 * The one declarative keyboard map (docs/keyboard.md). The key handler reads this table; the
 * help overlay and the command palette list the commands of it that someone handles right now
 * (commands.tsx), and a test checks every command here has a `useCommand` handler. Components
 * handle ids, never keys.
 *
 * A binding is a space-separated sequence of chords: "j", "Shift+J", "Mod+Enter", "g i".
 * "Mod" is ⌘ on macOS and Ctrl elsewhere. Keys are matched on `KeyboardEvent.key`, so they work
 * on Italian and US layouts alike.
 */
export const commandGroups = ['navigation', 'reply', 'triage', 'selection', 'go', 'approver', 'app'] as const;
export type CommandGroup = (typeof commandGroups)[number];

export interface CommandSpec {
  bindings: readonly string[];
  group: CommandGroup;
  /** Fires even while focus is in a text field (only Mod+Enter, Esc and Mod+K do). */
  inTextField?: boolean;
}

export const keymap = {
  'queue.next': { bindings: ['j', 'ArrowDown'], group: 'navigation' },
  'queue.previous': { bindings: ['k', 'ArrowUp'], group: 'navigation' },
  'item.open': { bindings: ['Enter', 'o'], group: 'navigation' },
  'app.back': { bindings: ['Escape'], group: 'navigation', inTextField: true },
  'reply.public': { bindings: ['r'], group: 'reply' },
  'reply.private': { bindings: ['p'], group: 'reply' },
  'reply.send': { bindings: ['Mod+Enter'], group: 'reply', inTextField: true },
  'item.escalate': { bindings: ['e'], group: 'reply' },
  'item.claim': { bindings: ['a'], group: 'triage' },
  'item.assign': { bindings: ['Shift+A'], group: 'triage' },
  'item.label': { bindings: ['l'], group: 'triage' },
  'contact.note': { bindings: ['n'], group: 'triage' },
  'item.hide': { bindings: ['h'], group: 'triage' },
  'item.archive': { bindings: ['d', '#'], group: 'triage' },
  'item.snooze': { bindings: ['s'], group: 'triage' },
  'action.undo': { bindings: ['u', 'Mod+z'], group: 'triage' },
  'selection.toggle': { bindings: ['x'], group: 'selection' },
  'selection.extendDown': { bindings: ['Shift+J'], group: 'selection' },
  'selection.extendUp': { bindings: ['Shift+K'], group: 'selection' },
  'selection.allMatching': { bindings: ['* a'], group: 'selection' },
  'search.focus': { bindings: ['/'], group: 'navigation' },
  'go.inbox': { bindings: ['g i'], group: 'go' },
  'go.settings': { bindings: ['g s'], group: 'go' },
  'go.policy': { bindings: ['g p'], group: 'go' },
  'view.1': { bindings: ['1'], group: 'go' },
  'view.2': { bindings: ['2'], group: 'go' },
  'view.3': { bindings: ['3'], group: 'go' },
  'view.4': { bindings: ['4'], group: 'go' },
  'view.5': { bindings: ['5'], group: 'go' },
  'view.6': { bindings: ['6'], group: 'go' },
  'app.palette': { bindings: ['Mod+k'], group: 'app', inTextField: true },
  'app.help': { bindings: ['?'], group: 'app' },
  'approval.approve': { bindings: ['y'], group: 'approver' },
  'approval.reject': { bindings: ['Shift+R'], group: 'approver' },
  'approval.editApprove': { bindings: ['Shift+E'], group: 'approver' },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof keymap;
export const commandIds = Object.keys(keymap) as CommandId[];
