import { lazy, Suspense } from 'react';
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
import { useCanEditPolicies } from '../features/policy/useCanEditPolicies';

// The client policy editor is for admins and leads, rarely opened: its code loads when it is.
const PolicyScreen = lazy(() =>
  import('../features/policy/PolicyScreen').then((module) => ({ default: module.PolicyScreen })),
);

const navItems: { view: View; key: 'nav.queue' | 'nav.settings' | 'policy.nav' }[] = [
  { view: 'queue', key: 'nav.queue' },
  { view: 'policy', key: 'policy.nav' },
  { view: 'settings', key: 'nav.settings' },
];

export function App() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const view = useAppSelector((state) => state.app.view);
  const canEditPolicies = useCanEditPolicies();
  return (
    <ConnectionGate>
      <div className="app-frame">
        <LanguageSync />
        <nav className="sidebar" aria-label={t('nav.label')}>
          <div className="brand">{t('app.name')}</div>
          <ul>
            {navItems
              .filter((item) => item.view !== 'policy' || canEditPolicies)
              .map((item) => (
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
          {view === 'queue' ? (
            <QueueScreen />
          ) : view === 'policy' && canEditPolicies ? (
            <Suspense fallback={<p className="list-note">{t('app.loading')}</p>}>
              <PolicyScreen />
            </Suspense>
          ) : (
            <SettingsScreen />
          )}
        </main>
        <StatusBar />
        <KeyboardShell />
      </div>
    </ConnectionGate>
  );
}
