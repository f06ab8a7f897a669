/**
 * What the server hands the inbox processor until the ingest pipeline lands (issue 15 point 4):
 * it records, per delivery, how many events each platform account produced, which of those
 * accounts are connected channels, and moves those channels' "last event" time. Nothing becomes
 * an interaction yet. Accounts no channel speaks for are logged by id only.
 */
import type { Logger } from '../log';
import { sql } from '../db/sql';
import { toText } from '../db/db';
import type { NormalizedEvent } from './connector';
import type { Ingest } from './processor';

export interface CountOutcome {
  readonly events: number;
  /** `<platform>:<account id>` → events. */
  readonly byAccount: Readonly<Record<string, number>>;
  /** The channel ids the accounts belong to. */
  readonly channels: readonly string[];
  readonly unknownAccounts: readonly string[];
}

const accountKey = (event: Pick<NormalizedEvent, 'platform' | 'accountId'>) => `${event.platform}:${event.accountId}`;

export function countingIngest(log: Logger): Ingest {
  return async (events, { tx, delivery }): Promise<CountOutcome> => {
    const byAccount: Record<string, number> = {};
    for (const event of events) byAccount[accountKey(event)] = (byAccount[accountKey(event)] ?? 0) + 1;
    const keys = Object.keys(byAccount);
    const platforms = keys.map((key) => key.slice(0, key.indexOf(':')));
    const accounts = keys.map((key) => key.slice(key.indexOf(':') + 1));
    const known = await tx.query(sql`
      UPDATE channel_credentials c SET last_event_at = GREATEST(COALESCE(c.last_event_at, 0), ${delivery.receivedAt})
      FROM unnest(${platforms}::text[], ${accounts}::text[]) AS a (platform, account)
      WHERE c.platform = a.platform AND c.external_account_id = a.account
      RETURNING c.channel_id, c.platform, c.external_account_id`);
    const knownKeys = new Set(known.map((row) => `${toText(row.platform)}:${toText(row.external_account_id)}`));
    const unknownAccounts = keys.filter((key) => !knownKeys.has(key));
    if (unknownAccounts.length > 0) {
      log.info({ inboxId: delivery.id, accounts: unknownAccounts }, 'webhook events for accounts no channel connects');
    }
    return {
      events: events.length,
      byAccount,
      channels: known.map((row) => toText(row.channel_id)).sort(),
      unknownAccounts,
    };
  };
}
