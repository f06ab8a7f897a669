import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { keymap, type CommandId } from './keymap';
import { createKeyMatcher } from './match';

type Handler = () => void;

/**
 * Who handles each command right now. Components register while mounted; the most recently
 * registered handler of a command wins (a dialog over the queue takes Esc first).
 */
export class CommandRegistry {
  private readonly handlers = new Map<CommandId, Handler[]>();
  private readonly listeners = new Set<() => void>();
  private version = 0;
  /** Open modal dialogs: while any is open, only the commands that work in text fields run. */
  private modals = 0;

  openModal(): () => void {
    this.modals += 1;
    return () => {
      this.modals -= 1;
    };
  }

  /** Runs a command coming from the keyboard, respecting open dialogs. */
  runFromKey(command: CommandId): boolean {
    // In a dialog only the keys that work in text fields act (Esc, Mod+Enter, Mod+K).
    if (this.modals > 0 && !('inTextField' in keymap[command])) return false;
    return this.run(command);
  }

  register(command: CommandId, handler: Handler): () => void {
    const stack = this.handlers.get(command) ?? [];
    stack.push(handler);
    this.handlers.set(command, stack);
    this.changed();
    return () => {
      const index = stack.lastIndexOf(handler);
      if (index >= 0) stack.splice(index, 1);
      this.changed();
    };
  }

  run(command: CommandId): boolean {
    const handler = this.handlers.get(command)?.at(-1);
    if (!handler) return false;
    handler();
    return true;
  }

  available(): CommandId[] {
    return [...this.handlers].filter(([, stack]) => stack.length > 0).map(([command]) => command);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;

  private changed() {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

const RegistryContext = createContext<CommandRegistry | null>(null);

export function isMacPlatform(nav: Navigator): boolean {
  return /mac|iphone|ipad/i.test(nav.platform || nav.userAgent);
}

/** Listens to keydown on the window and runs the command the keymap names, if anyone handles it. */
export function KeyboardProvider({ children, registry }: { children: ReactNode; registry?: CommandRegistry }) {
  const value = useMemo(() => registry ?? new CommandRegistry(), [registry]);
  useEffect(() => {
    const matcher = createKeyMatcher({ isMac: isMacPlatform(navigator) });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const command = matcher.match(event);
      if (command && value.runFromKey(command)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [value]);
  return <RegistryContext.Provider value={value}>{children}</RegistryContext.Provider>;
}

export function useCommandRegistry(): CommandRegistry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useCommandRegistry outside KeyboardProvider');
  return registry;
}

/** Handles a command while the component is mounted (and `enabled`). */
export function useCommand(command: CommandId, handler: Handler, enabled = true): void {
  const registry = useCommandRegistry();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    return registry.register(command, () => latest.current());
  }, [registry, command, enabled]);
}

/** The commands someone handles right now; re-renders when that changes. */
export function useAvailableCommands(): CommandId[] {
  const registry = useCommandRegistry();
  const version = useSyncExternalStore(registry.subscribe, registry.getVersion);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the change signal
  return useMemo(() => registry.available(), [registry, version]);
}
