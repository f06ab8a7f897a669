import { useTranslation } from 'react-i18next';
import { describeBinding } from './match';
import './keyboard.css';

/** One binding as key caps: "g then i", "Ctrl Enter". */
export function KeyCaps({ binding, isMac }: { binding: string; isMac: boolean }) {
  const { t } = useTranslation();
  const steps = describeBinding(binding, isMac);
  return (
    <span className="keycaps">
      {steps.map((step, index) => (
        <span key={index}>
          {index > 0 && <span className="then"> {t('keyboard.help.then')} </span>}
          <kbd>{step}</kbd>
        </span>
      ))}
    </span>
  );
}
