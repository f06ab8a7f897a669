import { useEffect, useRef, type ReactNode } from 'react';
import { useCommand, useCommandRegistry } from './commands';
import './dialog.css';

/**
 * A modal dialog: focus moves in on open and back where it was on close; Esc closes it (its
 * handler is registered last, so it wins over the queue's).
 */
export function Dialog({
  title,
  onClose,
  children,
  className,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const registry = useCommandRegistry();
  useCommand('app.back', onClose);
  useEffect(() => registry.openModal(), [registry]);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, button, [tabindex="0"]');
    (first ?? ref.current)?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        className={`dialog ${className ?? ''}`}
        onClick={(event) => event.stopPropagation()}
      >
        {children}
      </div>
    </div>
  );
}
