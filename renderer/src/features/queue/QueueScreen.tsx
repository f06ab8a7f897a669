import { useTranslation } from 'react-i18next';

export function QueueScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen queue" aria-labelledby="queue-title">
      <h1 id="queue-title">{t('queue.title')}</h1>
      <div className="empty-state">
        <h2>{t('queue.empty.title')}</h2>
        <p>{t('queue.empty.body')}</p>
      </div>
    </section>
  );
}
