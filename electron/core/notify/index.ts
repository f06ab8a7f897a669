/**
 * notify/: the notifier policy of the desktop core. It decides the badge count and which
 * notifications to show from compact views of the replica's items; it never shows anything
 * itself (the host's sink does) and never sees interaction or reply text. Plain Node like the
 * rest of the core: no 'electron', no renderer, no I/O besides what `feed.ts` is handed.
 */
export { createNotifier, MAX_REMEMBERED_KEYS } from './notifier';
export type { Notifier, NotifierOptions } from './notifier';
export { defaultRateLimits } from './coalesce';
export type { RateLimits } from './coalesce';
export { NEGATIVE_RATING_MAX, NEGATIVE_SENTIMENT_MAX, SLA_WARNING_MS, needsAttention } from './rules';
export { startNotifyFeed, TICK_MS, every } from './feed';
export type { Every, NotifyFeedDeps } from './feed';
// The notifier's texts are worded by the app's one i18n engine (i18next, shared/i18n/translator.ts).
export { createTranslator, translateText } from '../../../shared/i18n/translator';
export type { Translate, TranslateParams } from '../../../shared/i18n/translator';
export { defaultNotifyPrefs, notifyReasons } from './types';
export type {
  ItemChanges,
  Notification,
  NotifierOutput,
  NotifyDecisionView,
  NotifyItemView,
  NotifyPrefs,
  NotifyReason,
  NotifyReplyView,
  NotifyTarget,
  NotifyText,
  NotifyTextParam,
  NotifyUser,
  OptionalNotifyReason,
  SummaryGroup,
} from './types';
