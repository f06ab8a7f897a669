import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { languageForLocale, resources } from '../../shared/i18n';
// The app frame's base rules come first: each feature's stylesheet (imported beside its
// components) overrides them, as in one file where the base came first.
import './styles.css';
import { App } from './app/App';
import { KeyboardProvider } from './keyboard/commands';
import { createAppStore } from './app/store';
import { initialAppState } from './features/app/slice';
import { initialSettingsState } from './features/settings/slice';
import { initialSyncState } from './features/sync/slice';
import { followSyncStatus } from './features/sync/follow';
import { createI18n } from './i18n';
import { connectToCore } from './transport';
import { followReplicaChanges } from './app/replicaChanges';
import { connectionApi, followConnection } from './features/connection/connectionApi';
import { prefetchFirstScreen } from './features/queue/prefetch';
import { warmFormatters } from './features/queue/format';
import { queueApi } from './features/queue/queueApi';
import { followNotifications, openTarget } from './features/notify/follow';
import { NotifyToasts } from './features/notify/NotifyToasts';

/** How long the first render waits for the queue's first page and counts. */
const FIRST_SCREEN_WAIT_MS = 400;

async function boot(rootElement: HTMLElement): Promise<void> {
  const root = createRoot(rootElement);
  const client = connectToCore(window);
  // Everything the first screen needs is asked for at once (one round trip, not three).
  const [info, settings, session, connection] = await Promise.all([
    client.call('app:info', {}),
    client.call('settings:get', {}),
    client.call('session:get', {}),
    client.call('connection:get', {}),
  ]);
  if (!info.ok || !settings.ok) {
    const error = !info.ok ? info.error : !settings.ok ? settings.error : null;
    // The core's message is for the log (devtools); the page words the code.
    if (error) console.error('app.start_failed', error.code, error.message);
    // No language is chosen yet: say it in both.
    root.render(
      <div role="alert" className="start-error">
        <p>L'app non è riuscita a partire. · The app could not start.</p>
        {error && (
          <p>
            {resources.it.translation.errors[error.code]} · {resources.en.translation.errors[error.code]}
          </p>
        )}
      </div>,
    );
    return;
  }
  const systemLocale = info.value.systemLocale ?? navigator.language;
  const store = createAppStore(client, {
    app: { ...initialAppState, info: { ...info.value, systemLocale } },
    settings: { ...initialSettingsState, saved: settings.value },
    sync: initialSyncState,
  });
  followSyncStatus(client, store);
  followReplicaChanges(client, store);
  followConnection(client, store);
  // The Electron shell shows system notifications; the browser host shows them in the page.
  const notifications = followNotifications(client, { showToasts: info.value.host === 'web' });
  client.on('notify:open', (target) => openTarget(store, target));
  if (session.ok) void store.dispatch(queueApi.util.upsertQueryData('session', undefined, session.value));
  // The sign-in gate knows at once whether to show the queue or the first-run question.
  if (connection.ok) void store.dispatch(connectionApi.util.upsertQueryData('connection', undefined, connection.value));
  const firstScreen = prefetchFirstScreen(store, session.ok ? session.value.user?.id : undefined);
  const language = settings.value.language ?? languageForLocale(systemLocale);
  const i18n = await createI18n(language);
  warmFormatters(language);
  // One first render with the queue's data rather than an empty frame re-rendered at once: the
  // first screen's answers come within a few frames (bounded, so a slow core still shows the app).
  await Promise.race([firstScreen, new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS))]);
  document.documentElement.lang = language;
  root.render(
    <StrictMode>
      <Provider store={store}>
        <I18nextProvider i18n={i18n}>
          <KeyboardProvider>
            <App />
            <NotifyToasts
              feed={notifications}
              appName={info.value.name}
              onOpen={(toast) => openTarget(store, toast.target, toast.kind)}
            />
          </KeyboardProvider>
        </I18nextProvider>
      </Provider>
    </StrictMode>,
  );
}

const rootElement = document.getElementById('root');
if (rootElement) void boot(rootElement);
