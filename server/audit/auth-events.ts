/**
 * Logins, failed logins and logouts on the workspace chain (no client). Never the password; an
 * address nobody has is kept only as a short hash, enough to see repeated attempts on it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { AuditContent } from '../../shared/domain/audit';
import type { User } from '../../shared/domain/entities';
import type { Queryable } from '../db/db';
import { appendAuditNow } from './store';

type Person = Pick<User, 'id' | 'name' | 'role'>;

export type AuthEvent =
  | { readonly kind: 'login' | 'logout'; readonly user: Person; readonly at: number; readonly ip: string }
  | {
      readonly kind: 'login_failed';
      /** The account the address belongs to, or null when no (enabled) account has it. */
      readonly user: Person | null;
      readonly email: string;
      readonly reason: 'invalid_credentials' | 'rate_limited';
      readonly at: number;
      readonly ip: string;
    };

export function authAuditContent(event: AuthEvent): AuditContent {
  const base = { at: event.at, clientId: null, before: null, signature: null } as const;
  if (event.kind !== 'login_failed') {
    const { id, name, role } = event.user;
    return {
      ...base,
      actor: { id, name, role },
      action: event.kind,
      entity: 'user',
      entityId: id,
      after: { ip: event.ip },
    };
  }
  const actor =
    event.user === null
      ? { id: null, name: '', role: null }
      : { id: event.user.id, name: event.user.name, role: event.user.role };
  const entityId =
    event.user?.id ?? `unknown:${bytesToHex(sha256(utf8ToBytes(event.email.toLowerCase()))).slice(0, 16)}`;
  return {
    ...base,
    actor,
    action: 'login_failed',
    entity: event.user === null ? 'account' : 'user',
    entityId,
    after: { reason: event.reason, ip: event.ip },
  };
}

export async function recordAuthEvent(db: Queryable, event: AuthEvent): Promise<void> {
  await appendAuditNow(db, [authAuditContent(event)]);
}
