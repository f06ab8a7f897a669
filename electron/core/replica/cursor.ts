import type { QueueSort } from '../../../shared/contract/queue';
import { ReplicaError } from './errors';

/**
 * The queue's keyset cursor: the sort it belongs to and the (key, pk) of the last row seen.
 * Opaque to the renderer (base64url JSON); checked on the way back in, never trusted.
 */
export interface QueueCursor {
  sort: QueueSort;
  /** prio_key for 'priority', created_at otherwise. */
  key: number;
  pk: number;
}

const VERSION = 1;

export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([VERSION, cursor.sort, cursor.key, cursor.pk])).toString('base64url');
}

export function decodeCursor(text: string, sort: QueueSort): QueueCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 4 &&
    parsed[0] === VERSION &&
    parsed[1] === sort &&
    Number.isSafeInteger(parsed[2]) &&
    Number.isSafeInteger(parsed[3])
  ) {
    return { sort, key: parsed[2] as number, pk: parsed[3] as number };
  }
  throw new ReplicaError('invalid_args', 'The queue cursor is not valid for this sort; start from the first page.');
}
