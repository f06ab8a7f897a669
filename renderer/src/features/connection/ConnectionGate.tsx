import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnectionQuery } from './connectionApi';
import { SignInScreen } from './SignInScreen';

/** Shows the first-run sign-in until this desktop has a server (a team's, or its own). */
export function ConnectionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data, isLoading } = useConnectionQuery();
  if (isLoading) {
    return (
      <p className="sign-in-status" role="status">
        {t('connection.preparing')}
      </p>
    );
  }
  // No answer at all (the core refused): the app below shows its own notice.
  if (data && data.mode === null && data.user === null) return <SignInScreen />;
  return <>{children}</>;
}
