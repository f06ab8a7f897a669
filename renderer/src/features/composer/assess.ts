/**
 * Everything the composer shows about a reply being written, computed in one pure step from the
 * text and its context: what blocks sending, whether it needs the client's approval and why, what
 * personal data a public reply would expose. The domain rules (`isReplySensitive`,
 * `findUnfilled`, `assertSendable`) decide; this only gathers their answers for display.
 */
import type { InteractionKind, Platform, SavedReply, Visibility } from '../../../../shared/domain/entities';
import {
  findUnfilled,
  hasHiddenCharacters,
  hasMixedScripts,
  isPreApprovedText,
  isReplySensitive,
} from '../../../../shared/domain';
import type { ApprovalChain, SensitivityMatch, SensitivityMatcher, TemplateValues } from '../../../../shared/domain';
import { textProblem, type TextProblem } from '../../../../shared/domain/text';
import { findPersonalData, type PersonalDataMatch } from './personalData';
import { isVisibilityAllowed, replyLength, replyLengthLimit, replyOptions } from './replyRules';

export interface ReplyDraftState {
  readonly text: string;
  readonly visibility: Visibility;
  /** The saved reply last inserted, if any. */
  readonly savedReplyId: string | null;
  readonly escalated: boolean;
  readonly escalationNote: string | null;
}

export interface ReplyContext {
  readonly platform: Platform;
  readonly kind: InteractionKind;
  readonly matcher: SensitivityMatcher;
  readonly interactionText: string;
  /** The interaction carries a sensitive or adverse-event flag. */
  readonly interactionFlagged: boolean;
  readonly savedReplies: readonly SavedReply[];
  readonly values: TemplateValues;
  /** The client's approval chain: a saved reply is pre-approved only as far as it signed it. */
  readonly approvalChain: ApprovalChain;
}

export type SendBlocker =
  | { readonly code: 'empty' }
  | { readonly code: 'unfilled'; readonly names: readonly string[] }
  | { readonly code: 'overLimit'; readonly overBy: number; readonly limit: number }
  | { readonly code: 'visibility' }
  /** A NUL or half of an emoji: no server stores it (shared/domain/text.ts), so it is never queued. */
  | { readonly code: 'invalidText'; readonly problem: TextProblem };

/** `hidden` and `mixedScripts`: the reply's writing alone makes it sensitive (`isReplySensitive`). */
export type ApprovalReason =
  'escalated' | 'invalidPolicy' | 'flagged' | 'interaction' | 'reply' | 'hidden' | 'mixedScripts';

export interface ReplyAssessment {
  readonly length: number;
  readonly limit: number;
  readonly unfilled: readonly string[];
  readonly usedPreApprovedUnchanged: boolean;
  readonly interactionMatches: readonly SensitivityMatch[];
  readonly replyMatches: readonly SensitivityMatch[];
  readonly needsApproval: boolean;
  /** Why approval is needed (empty when it is not). */
  readonly approvalReasons: readonly ApprovalReason[];
  /** Only for a public reply: a private one exposes nothing to the public. */
  readonly personalData: readonly PersonalDataMatch[];
  readonly blockers: readonly SendBlocker[];
}

/**
 * True only when the text is exactly a saved reply the client's chain pre-approved for this
 * visibility, rendered with these values and fully filled: the send rule's own question
 * (`isPreApprovedText`), so the hint never promises what the send would refuse.
 */
export function isPreApprovedUnchanged(
  text: string,
  visibility: Visibility,
  savedReply: SavedReply | undefined,
  values: TemplateValues,
  chain: ApprovalChain,
): boolean {
  return savedReply !== undefined && isPreApprovedText(text, visibility, { savedReply, values }, chain);
}

export function assessReply(draft: ReplyDraftState, context: ReplyContext): ReplyAssessment {
  const { text, visibility } = draft;
  const length = replyLength(text);
  const limit = replyLengthLimit(context.platform, visibility);
  const unfilled = findUnfilled(text);
  const savedReply = context.savedReplies.find((candidate) => candidate.id === draft.savedReplyId);
  const usedPreApprovedUnchanged = isPreApprovedUnchanged(
    text,
    visibility,
    savedReply,
    context.values,
    context.approvalChain,
  );
  const interactionMatches = context.matcher.match(context.interactionText);
  const replyMatches = context.matcher.match(text);
  const needsApproval = isReplySensitive({
    policy: context.matcher,
    interactionText: context.interactionText,
    replyText: text,
    escalated: draft.escalated,
    usedPreApprovedUnchanged,
    interactionFlagged: context.interactionFlagged,
  });

  const approvalReasons: ApprovalReason[] = [];
  if (needsApproval) {
    if (draft.escalated) approvalReasons.push('escalated');
    if (context.matcher.invalidPatterns.length > 0) approvalReasons.push('invalidPolicy');
    if (context.interactionFlagged) approvalReasons.push('flagged');
    if (interactionMatches.length > 0) approvalReasons.push('interaction');
    if (replyMatches.length > 0) approvalReasons.push('reply');
    if (hasHiddenCharacters(text)) approvalReasons.push('hidden');
    if (hasMixedScripts(text)) approvalReasons.push('mixedScripts');
  }

  const blockers: SendBlocker[] = [];
  const broken = textProblem(text);
  if (broken !== null) blockers.push({ code: 'invalidText', problem: broken.problem });
  if (text.trim() === '') blockers.push({ code: 'empty' });
  if (unfilled.length > 0) blockers.push({ code: 'unfilled', names: unfilled });
  if (length > limit) blockers.push({ code: 'overLimit', overBy: length - limit, limit });
  if (!isVisibilityAllowed(replyOptions(context.platform, context.kind), visibility)) {
    blockers.push({ code: 'visibility' });
  }

  return {
    length,
    limit,
    unfilled,
    usedPreApprovedUnchanged,
    interactionMatches,
    replyMatches,
    needsApproval,
    approvalReasons,
    personalData: visibility === 'public' ? findPersonalData(text) : [],
    blockers,
  };
}
