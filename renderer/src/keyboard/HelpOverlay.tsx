import { useTranslation } from 'react-i18next';
import { useAvailableCommands } from './commands';
import { commandGroups, keymap, type CommandId } from './keymap';
import { Dialog } from './Dialog';
import { KeyCaps } from './KeyCaps';
import './keyboard.css';

/**
 * The shortcuts that do something here, grouped: the keymap's commands someone handles right
 * now (like the command palette), so the list cannot promise a key nobody answers.
 */
export function HelpOverlay({ onClose, isMac }: { onClose: () => void; isMac: boolean }) {
  const { t } = useTranslation();
  const available = new Set(useAvailableCommands());
  const entries = (Object.entries(keymap) as [CommandId, (typeof keymap)[CommandId]][]).filter(([command]) =>
    available.has(command),
  );
  const groups = commandGroups.filter((group) => entries.some(([, spec]) => spec.group === group));
  return (
    <Dialog title={t('keyboard.help.title')} onClose={onClose} className="help-overlay">
      <header className="dialog-header">
        <h2>{t('keyboard.help.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('keyboard.help.close')}
        </button>
      </header>
      <div className="help-groups">
        {groups.map((group) => (
          <section key={group} aria-labelledby={`help-${group}`}>
            <h3 id={`help-${group}`}>{t(`keyboard.help.groups.${group}`)}</h3>
            <dl>
              {entries
                .filter(([, spec]) => spec.group === group)
                .map(([command, spec]) => (
                  <div key={command} className="help-row">
                    <dt>{t(`commands.${command}`)}</dt>
                    <dd>
                      {spec.bindings.map((binding) => (
                        <KeyCaps key={binding} binding={binding} isMac={isMac} />
                      ))}
                    </dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
