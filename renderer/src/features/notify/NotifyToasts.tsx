import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyTextWire } from '../../../../shared/contract';
import type { NotifyFeed, Toast } from './follow';
import './notify.css';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A notification text in the language shown now; params that are texts are translated first. */
export function translateNotifyText(t: Translate, text: NotifyTextWire): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = typeof value === 'object' ? translateNotifyText(t, value) : value;
  }
  return t(text.key, params);
}

/**
 * The toasts of the browser host and the attention count in the window title. Each toast says
 * what happened and opens its item; Escape-free: it leaves by itself or with its close button.
 */
export function NotifyToasts({
  feed,
  appName,
  onOpen,
}: {
  feed: NotifyFeed;
  appName: string;
  onOpen: (toast: Toast) => void;
}) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  const translate: Translate = (key, params) => t(key, params ?? {});

  useEffect(() => {
    document.title = state.badge > 0 ? t('notify.toast.title', { count: state.badge, app: appName }) : appName;
  }, [state.badge, appName, t]);

  return (
    <section className="notify-toasts" aria-label={t('notify.toast.region')} aria-live="polite">
      {state.toasts.map((toast) => (
        <div key={toast.id} className={`notify-toast ${toast.kind}`} role="status" data-testid="notify-toast">
          <button
            type="button"
            className="notify-open"
            onClick={() => {
              feed.dismiss(toast.id);
              onOpen(toast);
            }}
          >
            <strong>{translateNotifyText(translate, toast.title)}</strong>
            <span>{translateNotifyText(translate, toast.body)}</span>
          </button>
          <button
            type="button"
            className="notify-dismiss"
            aria-label={t('notify.toast.dismiss')}
            onClick={() => feed.dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
