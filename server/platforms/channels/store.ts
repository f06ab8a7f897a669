/**
 * Channel credentials (migration 006): one server-only row per connected channel, holding its
 * platform token sealed by the vault (bound to the channel id) and its state. The channel entity
 * (name, platform, client) is the synced row desktops receive; this row never leaves the server,
 * and no query here ever returns the token to a caller other than `openChannelToken`.
 */
import { z } from 'zod';
import type { Channel } from '../../../shared/domain/entities';
import { channel as channelSchema } from '../../../shared/domain/entities';
import type { Queryable, Row } from '../../db/db';
import { toIntOrNull, toJson, toText, toTextOrNull } from '../../db/db';
import { sql } from '../../db/sql';
import type { Visibility } from '../../sync/scope';
import { scopeCondition } from '../../sync/scope';
import type { TokenVault } from '../vault';
import { VaultError } from '../vault';

export const channelStates = ['connected', 'reconnect_needed', 'paused'] as const;
export type ChannelState = (typeof channelStates)[number];
const channelState = z.enum(channelStates);

/** What `GET /channels` answers for one channel: never the token. */
export interface ChannelView {
  readonly id: string;
  readonly clientId: string;
  readonly platform: Channel['platform'];
  readonly name: string;
  readonly handle: string;
  /** The platform's id of the account (Page id, Instagram account id); null without credentials. */
  readonly externalAccountId: string | null;
  /** null: the channel has no credentials on this server (e.g. the demo's channels). */
  readonly state: ChannelState | null;
  /** Why the state is what it is, as a code (`paused_by_user`, `vault_tampered`, `meta:190/463`…). */
  readonly stateReason: string | null;
  readonly lastEventAt: number | null;
  readonly updatedAt: number | null;
}

export interface Credentials {
  readonly channelId: string;
  readonly clientId: string;
  readonly platform: string;
  readonly externalAccountId: string;
  readonly state: ChannelState;
  readonly stateReason: string | null;
}

function viewOf(row: Row): ChannelView {
  const entity = channelSchema.parse(toJson(row.data));
  const state = row.state === null || row.state === undefined ? null : channelState.parse(row.state);
  return {
    id: entity.id,
    clientId: entity.clientId,
    platform: entity.platform,
    name: entity.name,
    handle: entity.handle,
    externalAccountId: toTextOrNull(row.external_account_id),
    state,
    stateReason: toTextOrNull(row.state_reason),
    lastEventAt: toIntOrNull(row.last_event_at),
    updatedAt: toIntOrNull(row.updated_at),
  };
}

const VIEW = sql`SELECT e.data, c.external_account_id, c.state, c.state_reason, c.last_event_at, c.updated_at
  FROM entities e LEFT JOIN channel_credentials c ON c.channel_id = e.id`;

/** The channels `visibility` may see, with their connection state. */
export async function listChannels(db: Queryable, visibility: Visibility): Promise<ChannelView[]> {
  const rows = await db.query(sql`${VIEW}
    WHERE e.entity = 'channel' AND ${scopeCondition(visibility, sql`e.scopes`)}
    ORDER BY e.data->>'clientId', e.data->>'name', e.id`);
  return rows.map(viewOf);
}

export async function readChannelView(db: Queryable, channelId: string): Promise<ChannelView | null> {
  const [row] = await db.query(sql`${VIEW} WHERE e.entity = 'channel' AND e.id = ${channelId}`);
  return row === undefined ? null : viewOf(row);
}

export async function readCredentials(db: Queryable, channelId: string, lock: boolean): Promise<Credentials | null> {
  const [row] = await db.query(sql`SELECT channel_id, client_id, platform, external_account_id, state, state_reason
    FROM channel_credentials WHERE channel_id = ${channelId} ${lock ? sql`FOR UPDATE` : sql``}`);
  if (row === undefined) return null;
  return {
    channelId: toText(row.channel_id),
    clientId: toText(row.client_id),
    platform: toText(row.platform),
    externalAccountId: toText(row.external_account_id),
    state: channelState.parse(row.state),
    stateReason: toTextOrNull(row.state_reason),
  };
}

export async function accountTaken(db: Queryable, platform: string, externalAccountId: string): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM channel_credentials
    WHERE platform = ${platform} AND external_account_id = ${externalAccountId}`);
  return rows.length > 0;
}

export async function insertCredentials(
  db: Queryable,
  entry: Omit<Credentials, 'state' | 'stateReason'> & { readonly sealedToken: string; readonly keyId: string },
  now: number,
): Promise<void> {
  await db.query(sql`INSERT INTO channel_credentials (channel_id, client_id, platform, external_account_id,
      sealed_token, key_id, state, state_reason, created_at, updated_at)
    VALUES (${entry.channelId}, ${entry.clientId}, ${entry.platform}, ${entry.externalAccountId},
      ${entry.sealedToken}, ${entry.keyId}, 'connected', NULL, ${now}, ${now})`);
}

export async function setState(
  db: Queryable,
  channelId: string,
  state: ChannelState,
  reason: string | null,
  now: number,
): Promise<void> {
  await db.query(sql`UPDATE channel_credentials SET state = ${state}, state_reason = ${reason}, updated_at = ${now}
    WHERE channel_id = ${channelId}`);
}

export async function replaceToken(
  db: Queryable,
  channelId: string,
  sealed: { readonly sealedToken: string; readonly keyId: string },
  now: number,
): Promise<void> {
  await db.query(sql`UPDATE channel_credentials SET sealed_token = ${sealed.sealedToken}, key_id = ${sealed.keyId},
      state = 'connected', state_reason = NULL, updated_at = ${now}
    WHERE channel_id = ${channelId}`);
}

export type OpenedToken =
  | { readonly ok: true; readonly token: string; readonly credentials: Credentials }
  | { readonly ok: false; readonly code: 'not_found' | `vault_${VaultError['code']}` };

/**
 * The channel's token, opened for one platform call (never logged, never answered). A value the
 * vault cannot open (altered, copied from another channel's row, sealed with a key this server
 * no longer has) puts the channel in `reconnect_needed` with the vault's code as the reason
 * (`vault_tampered`, `vault_unknown_key`…): a human pastes the token again.
 */
export async function openChannelToken(
  db: Queryable,
  vault: TokenVault,
  channelId: string,
  now: number,
): Promise<OpenedToken> {
  const credentials = await readCredentials(db, channelId, false);
  const [row] = await db.query(sql`SELECT sealed_token FROM channel_credentials WHERE channel_id = ${channelId}`);
  if (credentials === null || row === undefined) return { ok: false, code: 'not_found' };
  try {
    return { ok: true, token: vault.open(toText(row.sealed_token), channelId), credentials };
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    const code = `vault_${error.code}` as const;
    await setState(db, channelId, 'reconnect_needed', code, now);
    return { ok: false, code };
  }
}
