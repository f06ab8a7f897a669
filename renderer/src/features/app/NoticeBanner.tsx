import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import './app.css';

/** What the core had to tell at start: the local data was rebuilt, or is from a newer app. */
export function NoticeBanner() {
  const { t } = useTranslation();
  const notices = useAppSelector((state) => state.app.info.notices);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const shown = notices.filter((notice) => !dismissed.includes(notice));
  if (shown.length === 0) return null;
  return (
    <div className="notice-banner" role="alert">
      {shown.map((notice) => (
        <p key={notice}>
          {t(`notices.${notice}`)}
          <button type="button" onClick={() => setDismissed((list) => [...list, notice])}>
            {t('notices.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
