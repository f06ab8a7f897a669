import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemActionRequest } from '../../../../shared/contract';
import { useAppDispatch } from '../../app/hooks';
import { Picker } from './Picker';
import { useAssignableUsersQuery, useClientPolicyQuery } from './queueApi';
import { pickerOpened, type Picker as PickerKind } from './slice';
import { snoozeOptions } from './snooze';

/** Common labels offered first; any other label can be typed. */
const SUGGESTED_LABELS = ['urgente', 'farmacovigilanza', 'reclamo', 'lead', 'stampa', 'troll', 'ringraziamento'];

export function QueuePickers(props: {
  picker: Exclude<PickerKind, null | 'note'>;
  clientId: string | null;
  run: (action: ItemActionRequest) => Promise<void>;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const close = () => dispatch(pickerOpened(null));
  const [openedAt] = useState(() => Date.now());
  const client = useClientPolicyQuery(props.clientId ?? '', { skip: !props.clientId }).data;
  const users = useAssignableUsersQuery(props.clientId ?? '', {
    skip: !props.clientId || props.picker !== 'assign',
  }).data;
  const runAndClose = (action: ItemActionRequest) => {
    close();
    void props.run(action);
  };

  switch (props.picker) {
    case 'snooze': {
      const options = snoozeOptions(openedAt);
      return (
        <Picker
          title={t('picker.snooze.title')}
          options={options.map((o) => ({ id: o.id, label: t(`picker.snooze.${o.id}`) }))}
          onPick={(id) => {
            const until = options.find((o) => o.id === id)?.until;
            if (until) runAndClose({ type: 'snooze', until });
          }}
          onClose={close}
        />
      );
    }
    case 'label':
      return (
        <Picker
          title={t('picker.label.title')}
          options={SUGGESTED_LABELS.map((label) => ({ id: label, label }))}
          freeText={{ label: t('picker.label.input') }}
          onPick={(label) => runAndClose({ type: 'label', label, op: 'add' })}
          onClose={close}
        />
      );
    case 'hide':
      // Only the client's published reasons, never a typed one: the server refuses any other.
      return (
        <Picker
          title={t('picker.hide.title')}
          options={(client?.moderationReasons ?? []).map((reason) => ({ id: reason, label: reason }))}
          emptyText={client ? t('picker.hide.empty') : undefined}
          onPick={(reason) => runAndClose({ type: 'hide', reason })}
          onClose={close}
        />
      );
    case 'assign':
      return (
        <Picker
          title={t('picker.assign.title')}
          options={[
            { id: '', label: t('picker.assign.nobody') },
            ...(users?.users ?? []).map((user) => ({ id: user.id, label: user.name })),
          ]}
          onPick={(id) => runAndClose({ type: 'assign', assigneeId: id || null })}
          onClose={close}
        />
      );
  }
}
