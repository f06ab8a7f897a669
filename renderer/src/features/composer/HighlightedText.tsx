import { useTranslation } from 'react-i18next';
import { highlightSegments, type HighlightRange } from './highlight';

/**
 * A text with its highlighted ranges in <mark>. With `announce`, each mark is followed by a
 * visually hidden "(sensitive term)" so screen readers hear why it is marked, not only that it is.
 */
export function HighlightedText({
  text,
  ranges,
  announce = false,
}: {
  text: string;
  ranges: readonly HighlightRange[];
  announce?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {highlightSegments(text, ranges).map((segment) => {
        if (segment.kinds.length === 0) return <span key={segment.start}>{segment.text}</span>;
        const labels = segment.kinds.map((kind) => t(`composer.preview.${kind}`)).join(', ');
        return (
          <span key={segment.start}>
            <mark className={segment.kinds.map((kind) => `highlight-${kind}`).join(' ')} title={labels}>
              {segment.text}
            </mark>
            {announce && <span className="visually-hidden"> ({labels})</span>}
          </span>
        );
      })}
    </>
  );
}
