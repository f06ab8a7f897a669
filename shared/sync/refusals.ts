/**
 * Why the server refused a mutation (pull's `refused[].code`). The domain's closed set plus what
 * only the server can tell: arguments that do not fit the mutation's schema, and rows that do not
 * exist — or that the user may not see, which the server answers the same way so that ids of
 * other clients leak nothing.
 */
import { z } from 'zod';
import { domainErrorCodes } from '../domain/errors';

export const syncRefusalCodes = [
  ...domainErrorCodes,
  'invalid_args',
  /** A text of the arguments holds a NUL or a broken character (shared/domain/text.ts). */
  'invalid_text',
  'not_found',
  /** A send or submission after a colleague answered, or a message arrived, since the moderator looked. */
  'newer_activity',
] as const;
export const syncRefusalCode = z.enum(syncRefusalCodes);
export type SyncRefusalCode = (typeof syncRefusalCodes)[number];
