import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactCard, ItemDetail, ThreadMessage } from '../../../../shared/contract';
import { dateTimeFormat, platformMark } from './format';
import { ReplyApproval } from '../approvals/ApprovalPanel';
import { ReplyEditReview } from '../approvals/EditReview';
import { PresenceBadge } from '../connection/Presence';

export interface DetailPaneProps {
  detail: ItemDetail;
  contact: ContactCard | undefined;
  language: string;
  composer: ReactNode;
}

const Message = memo(function Message({
  message,
  current,
  language,
}: {
  message: ThreadMessage;
  current: boolean;
  language: string;
}) {
  const time = dateTimeFormat(language, 'short');
  return (
    <li className={current ? 'message current' : 'message'} aria-current={current ? 'true' : undefined}>
      <div className="message-head">
        <span className="author">{message.authorName}</span>
        <time dateTime={new Date(message.createdAt).toISOString()}>{time.format(message.createdAt)}</time>
      </div>
      <p>{message.text}</p>
    </li>
  );
});

/** The item in context: the post or conversation around it, its replies, the contact card. */
export const DetailPane = memo(function DetailPane({ detail, contact, language, composer }: DetailPaneProps) {
  const { t } = useTranslation();
  const { item, interaction, author, client, channel, thread } = detail;
  const time = dateTimeFormat(language, 'medium');
  const current: ThreadMessage = {
    interactionId: interaction.id,
    kind: interaction.kind,
    authorId: author.id,
    authorName: author.displayName,
    text: interaction.text,
    createdAt: interaction.createdAt,
    parentId: interaction.parentId,
    itemId: item.id,
    itemStatus: item.status,
  };
  return (
    <section className="detail-pane" aria-label={t('detail.label')}>
      <header className="detail-head">
        <span className={`platform ${channel.platform}`}>{platformMark[channel.platform]}</span>
        <div>
          <h2>{author.displayName}</h2>
          <p className="muted">
            {t(`kind.${interaction.kind}`)} · {client.name} · {channel.name} · {time.format(interaction.createdAt)}
          </p>
        </div>
        <PresenceBadge itemId={item.id} />
        <span className="status">{t(`status.item.${item.status}`)}</span>
      </header>
      {interaction.flags.adverseEvent && (
        <p className="banner adverse" role="note">
          {t('detail.adverseEvent')}
        </p>
      )}
      <div className="thread">
        {thread.thread.text && (
          <div className="post">
            <h3>{t('detail.post')}</h3>
            <p>{thread.thread.text}</p>
          </div>
        )}
        <ol className="messages" aria-label={t('detail.thread')}>
          {thread.parent && <Message message={thread.parent} current={false} language={language} />}
          {thread.before.map((m) => (
            <Message key={m.interactionId} message={m} current={false} language={language} />
          ))}
          <Message message={current} current language={language} />
          {thread.after.map((m) => (
            <Message key={m.interactionId} message={m} current={false} language={language} />
          ))}
        </ol>
        {detail.replies.length > 0 && (
          <div className="replies">
            <h3>{t('detail.replies')}</h3>
            <ul>
              {detail.replies.map((reply) => (
                <li key={reply.id}>
                  <span className="status">{t(`status.reply.${reply.status}`)}</span>
                  <p>{reply.text}</p>
                  <ReplyEditReview reply={reply} />
                  <ReplyApproval reply={reply} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {composer}
      {contact && <ContactCardView contact={contact} />}
    </section>
  );
});

/** The contact card: handles, labels, the team's notes and the cross-channel history. */
const ContactCardView = memo(function ContactCardView({ contact }: { contact: ContactCard }) {
  const { t } = useTranslation();
  return (
    <aside className="contact-card" aria-label={t('contact.label')}>
      <h3>{contact.contact.displayName}</h3>
      <p className="muted">
        {contact.contact.handles.map((h) => `${t(`platform.${h.platform}`)} ${h.handle}`).join(' · ')}
      </p>
      {contact.contact.labels.length > 0 && (
        <p className="labels">
          {contact.contact.labels.map((label) => (
            <span key={label} className="label">
              {label}
            </span>
          ))}
        </p>
      )}
      <h4>{t('contact.notes')}</h4>
      {contact.notes.length === 0 ? (
        <p className="muted">{t('contact.noNotes')}</p>
      ) : (
        <ul>
          {contact.notes.map((note) => (
            <li key={note.id}>
              <strong>{note.authorName}</strong>: {note.text}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('contact.history')}</h4>
      <ul className="history">
        {contact.history.slice(0, 12).map((entry) => (
          <li key={entry.interactionId}>
            <span className={`platform ${entry.platform}`}>{platformMark[entry.platform]}</span> {entry.clientName}:{' '}
            {entry.excerpt}
          </li>
        ))}
      </ul>
    </aside>
  );
});
