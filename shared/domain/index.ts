/**
 * shared/domain: the moderation domain's entities and its pure rules (lifecycle, permissions,
 * approvals, sensitivity, templates, priority). Used unchanged by the renderer, the desktop core
 * and the server. Must not import node:*, electron, the DOM or anything outside shared/; no I/O,
 * no clock (callers pass `now`), no id generation (callers pass ids). Errors are values.
 */
export * from './entities';
export { domainErrorCode, domainErrorCodes, fail, ok, passed } from './errors';
export type { DomainError, DomainErrorCode, Failure, Ok, Result } from './errors';
export { canonicalReplyText, replyTextHash } from './hash';
export { hasHiddenCharacters, hasMixedScripts, patternText, replySkeleton, stripHiddenCharacters } from './canonical';
export { SYSTEM_ACTOR, can, inScope, isPolicyReason, permissionActions } from './permissions';
export type { PermissionAction, PermissionTarget } from './permissions';
export {
  compileSensitivity,
  foldText,
  invalidSensitivityPatterns,
  isReplySensitive,
  matchSensitivity,
} from './sensitivity';
export type { ReplySensitivityInput, SensitivityMatch, SensitivityMatcher } from './sensitivity';
export { assertSendable, findUnfilled, renderSavedReply, templateVariables } from './templates';
export type { RenderedTemplate, TemplateValues, TemplateVariable } from './templates';
export { DEFAULT_SLA, dueAt, priorityScore } from './priority';
export {
  approvalProgress,
  awaitsEditConfirmation,
  canDispatch,
  checkApprover,
  checkDispatch,
  checkSignature,
  currentApproverEdit,
  currentTextHash,
  decideApproval,
  defaultMeaning,
  dispatchReadiness,
  dispatchableStatuses,
  finalWordsSeenBy,
  isChainComplete,
  isPreApprovedText,
  isSensitiveReply,
  usesPreApprovedUnchanged,
} from './approval';
export type {
  ApprovalChain,
  ApprovalDecisionInput,
  ApprovalProgress,
  DispatchOptions,
  PreApprovedUse,
  SignatureInput,
} from './approval';
export {
  draftReply,
  editAndApprove,
  editReply,
  escalateReply,
  markReplyFailed,
  markReplySent,
  queueReply,
  submitReply,
} from './reply';
export type { DraftReplyInput, EditAndApproveInput, ReplyEdit } from './reply';
export { itemActionSources, transitionItem } from './lifecycle';
export type { ItemAction, ItemActionType } from './lifecycle';
export {
  itemActionArgs,
  itemActionNames,
  itemActionRequest,
  itemActions,
  itemMutationArgs,
  itemMutationName,
  isItemMutation,
  isItemMutationName,
  lifecycleActionOf,
  mutationOfRequest,
  requestOfMutation,
  undoRequestOf,
  userToLoad,
} from './itemActions';
export type {
  ItemActionArgs,
  ItemActionName,
  ItemActionRequest,
  ItemActionRequestOf,
  ItemActionSpec,
  ItemMutationName,
} from './itemActions';
export {
  decide,
  editAndApproveCommand,
  recordDispatchFailed,
  recordDispatched,
  reviewEditCommand,
  reviseReply,
  sendReply,
  submitForApproval,
} from './workflow';
export type { ItemAndReply, ReplyCommandContext, SendContext } from './workflow';
export { checkEditReviewer, editReviewDecisions, reviewApproverEdit } from './authorship';
export type { EditReviewDecision, EditReviewInput } from './authorship';
export {
  checkPreApprovalSigner,
  preApprovalProgress,
  preApprovedVisibility,
  savedReplyHash,
  signSavedReply,
  submitSavedReplyForPreApproval,
  withSavedReplyText,
} from './preApproval';
export type { PreApprovalProgress, PreApprovalSignInput } from './preApproval';
export { agentFirstName } from './people';
export {
  auditAction,
  auditActions,
  auditActor,
  auditContent,
  auditEntities,
  auditEntity,
  auditEvent,
  auditSignature,
  canonicalJson,
  CHAIN_START,
  chainEvents,
  chainProblemKinds,
  contentHash as auditContentHash,
  eventHash as auditEventHash,
  GENESIS_HASH,
  linkHash as auditLinkHash,
  verifyChain,
} from './audit';
export type {
  AuditAction,
  AuditActor,
  AuditContent,
  AuditEntity,
  AuditEvent,
  AuditSignature,
  ChainPoint,
  ChainProblem,
  ChainProblemKind,
  ChainVerdict,
  VerifyOptions,
} from './audit';
export type { EntityBatch } from './batch';
