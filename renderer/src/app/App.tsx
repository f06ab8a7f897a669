import { useTranslation } from 'react-i18next';
import { QueueScreen } from '../features/queue/QueueScreen';
import { LanguageSync } from '../features/settings/LanguageSync';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { StatusBar } from '../features/sync/StatusBar';
import { viewChanged, type View } from '../features/app/slice';
import { useAppDispatch, useAppSelector } from './hooks';
import { KeyboardShell } from './KeyboardShell';
import { NoticeBanner } from '../features/app/NoticeBanner';
import { ConnectionGate } from '../features/connection/ConnectionGate';

const navItems: { view: View; key: 'nav.queue' | 'nav.settings' }[] = [
  { view: 'queue', key: 'nav.queue' },
  { view: 'settings', key: 'nav.settings' },
];

export function App() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const view = useAppSelector((state) => state.app.view);
  return (
    <ConnectionGate>
      <div className="app-frame">
        <LanguageSync />
        <nav className="sidebar" aria-label={t('nav.label')}>
          <div className="brand">{t('app.name')}</div>
          <ul>
            {navItems.map((item) => (
              <li key={item.view}>
                <button
                  type="button"
                  aria-current={view === item.view ? 'page' : undefined}
                  onClick={() => dispatch(viewChanged(item.view))}
                >
                  {t(item.key)}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className={view === 'queue' ? 'content full-bleed' : 'content'}>
          <NoticeBanner />
          {view === 'queue' ? <QueueScreen /> : <SettingsScreen />}
        </main>
        <StatusBar />
        <KeyboardShell />
      </div>
    </ConnectionGate>
  );
}
