import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientPolicyInput, PolicyView, SavedReplyEntry, SavedReplyInput } from '../../../../shared/contract';
import { isContractError, policyErrorText } from './errors';
import { PolicyEditor } from './PolicyEditor';
import {
  useDeleteSavedReplyMutation,
  usePolicyClientsQuery,
  usePolicyQuery,
  useSavePolicyMutation,
  useSaveSavedReplyMutation,
} from './policyApi';
import { SavedReplyLibrary } from './SavedReplyLibrary';
import './policy.css';

type Message = { readonly kind: 'error' | 'ok'; readonly text: string; readonly reload?: boolean } | null;

/** "Client policy" for admins and leads: online only, every save checked by the team server. */
export function PolicyScreen() {
  const { t } = useTranslation();
  const clients = usePolicyClientsQuery();
  const [chosen, setChosen] = useState<string | null>(null);
  const clientId = chosen ?? clients.data?.clients[0]?.id ?? null;
  const policy = usePolicyQuery(clientId ?? '', { skip: clientId === null });
  const [message, setMessage] = useState<Message>(null);
  const loadError = clients.error ?? policy.error;

  return (
    <section className="screen policy" aria-labelledby="policy-title">
      <h1 id="policy-title">{t('policy.title')}</h1>
      <p className="policy-online">{t('policy.onlineOnly')}</p>
      {clients.data && clients.data.clients.length === 0 && <p>{t('policy.noClients')}</p>}
      {clients.data && clients.data.clients.length > 0 && (
        <div className="policy-field policy-client">
          <label htmlFor="policy-client">{t('policy.client')}</label>
          <select
            id="policy-client"
            value={clientId ?? ''}
            onChange={(event) => {
              setChosen(event.target.value);
              setMessage(null);
            }}
          >
            {clients.data.clients.map((client) => (
              <option key={client.id} value={client.id}>
                {client.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {loadError && isContractError(loadError) && (
        <p role="alert" className="error">
          {policyErrorText(t, loadError)}{' '}
          <button type="button" onClick={() => void (clients.error ? clients.refetch() : policy.refetch())}>
            {t('policy.reload')}
          </button>
        </p>
      )}
      {(clients.isLoading || policy.isFetching) && !policy.data && <p role="status">{t('policy.loading')}</p>}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'ok'}>
          {message.text}{' '}
          {message.reload && (
            <button
              type="button"
              onClick={() => {
                setMessage(null);
                void policy.refetch();
              }}
            >
              {t('policy.reload')}
            </button>
          )}
        </p>
      )}
      {policy.data && policy.data.clientId === clientId && <PolicyPanels view={policy.data} onMessage={setMessage} />}
    </section>
  );
}

function PolicyPanels({
  view,
  onMessage,
}: {
  readonly view: PolicyView;
  readonly onMessage: (message: Message) => void;
}) {
  const { t } = useTranslation();
  const [savePolicy, policySave] = useSavePolicyMutation();
  const [saveReply, replySave] = useSaveSavedReplyMutation();
  const [deleteReply, replyDelete] = useDeleteSavedReplyMutation();
  const failed = (error: unknown) => {
    if (!isContractError(error)) throw error;
    const conflict = error.code === 'refused' && error.message.startsWith('conflict:');
    onMessage({ kind: 'error', text: policyErrorText(t, error), reload: conflict });
    return false;
  };

  const onSavePolicy = (policy: ClientPolicyInput) => {
    onMessage(null);
    savePolicy({ clientId: view.clientId, version: view.version, policy })
      .unwrap()
      .then(() => onMessage({ kind: 'ok', text: t('policy.saved') }))
      .catch(failed);
  };
  const onSaveReply = (entry: SavedReplyEntry | null, reply: SavedReplyInput) => {
    onMessage(null);
    const args = { clientId: view.clientId, savedReplyId: entry?.id ?? null, version: entry?.version ?? null, reply };
    return saveReply(args)
      .unwrap()
      .then((saved) => {
        onMessage({
          kind: 'ok',
          text: saved.preApprovalDropped ? t('policy.library.dropped') : t('policy.library.savedOk'),
        });
        return true;
      })
      .catch(failed);
  };
  const onDeleteReply = (entry: SavedReplyEntry) => {
    onMessage(null);
    return deleteReply({ clientId: view.clientId, savedReplyId: entry.id, version: entry.version })
      .unwrap()
      .then(() => true)
      .catch(failed);
  };

  return (
    <>
      {/* A new version (saved here or reloaded) starts the form again from what the server holds. */}
      <PolicyEditor
        key={`${view.clientId}:${view.version}`}
        view={view}
        saving={policySave.isLoading}
        onSave={onSavePolicy}
      />
      <SavedReplyLibrary
        replies={view.savedReplies}
        canEdit={view.rights.savedReplies}
        canPreApprove={view.rights.preApprove}
        busy={replySave.isLoading || replyDelete.isLoading}
        onSave={onSaveReply}
        onDelete={onDeleteReply}
      />
    </>
  );
}
