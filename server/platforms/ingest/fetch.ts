/**
 * Ids-only notifications (Instagram mentions): the content is fetched from the platform with the
 * channel's token before the event becomes work. When the token does not open (no credentials, a
 * vault problem, a channel not connected) or the call fails, the event waits, counted by code.
 */
import type { Queryable } from '../../db/db';
import { openChannelToken } from '../channels/store';
import type { Connector, NormalizedEvent } from '../connector';
import type { TokenVault } from '../vault';

export type FetchOutcome =
  | { readonly kind: 'found'; readonly event: NormalizedEvent }
  | { readonly kind: 'gone' }
  | { readonly kind: 'waiting'; readonly code: string };

export type FetchObject = (
  event: NormalizedEvent,
  context: { readonly tx: Queryable; readonly channelId: string },
) => Promise<FetchOutcome>;

/** The connector's `fetchObject`, with the channel's token opened for this one call. */
export function connectorFetch(
  connector: Pick<Connector, 'fetchObject'>,
  vault: TokenVault,
  now: () => number,
): FetchObject {
  return async (event, { tx, channelId }) => {
    const opened = await openChannelToken(tx, vault, channelId, now());
    if (!opened.ok) return { kind: 'waiting', code: opened.code };
    if (opened.credentials.state !== 'connected')
      return { kind: 'waiting', code: `channel_${opened.credentials.state}` };
    const result = await connector.fetchObject(
      { platform: event.platform, accountId: event.accountId, accessToken: opened.token },
      { kind: event.kind, externalId: event.externalId },
    );
    if (!result.ok) return { kind: 'waiting', code: result.failure.code };
    if (result.value === null) return { kind: 'gone' };
    return { kind: 'found', event: { ...result.value, isOwn: result.value.isOwn || event.isOwn, idsOnly: false } };
  };
}
