/**
 * The Meta connector: Facebook Pages, Messenger and Instagram professional accounts through the
 * Graph API, behind the one connector interface (../connector.ts, docs/platforms.md).
 */
import type {
  AccountContext,
  ChallengeAnswer,
  Connector,
  ConnectorResult,
  EventKind,
  NormalizedEvent,
  ObjectRef,
  PollResult,
  RawHeaders,
  WebhookParse,
} from '../connector';
import { graphCall, paramsFromCursor } from './graph';
import type { GraphOptions } from './graph';
import { parseCommentsPage, parseConversationsPage, parseFeedPage, parseObject } from './poll';
import type { PolledPage } from './poll';
import { answerMetaChallenge } from './signature';
import { parseMetaWebhook } from './webhook';

export interface MetaSettings extends GraphOptions {
  /** `META_VERIFY_TOKEN`: what Meta echoes in the subscription handshake. */
  readonly verifyToken: string;
  /** Items per page when polling (Graph's `limit`). */
  readonly pageSize?: number;
}

const FB_COMMENT_FIELDS = 'id,message,created_time,from,parent{id},is_hidden';
const IG_COMMENT_FIELDS = 'id,text,timestamp,username,from,parent_id,media{id},hidden';
const FEED_FIELDS = 'id,message,created_time,updated_time,from';
const MESSAGE_FIELDS = 'id,created_time,from,to,message';

/** Graph ids are digits, `_`, and for messages `mid.…:…`/base64url: never a path of their own. */
export function isGraphId(id: string): boolean {
  return /^[\w-][\w.:-]{0,499}$/.test(id) && !id.includes('..');
}

/**
 * Streams a caller can poll: `feed` (Facebook), `comments:<post-or-media-id>`, `conversations`.
 * Unknown streams are refused (`refused`/`unknown_stream`), never guessed.
 */
function streamRequest(
  account: AccountContext,
  stream: string,
  pageSize: number,
): { path: string; params: Record<string, string | number>; read: (body: unknown) => PolledPage } | undefined {
  const ctx = { platform: account.platform, accountId: account.accountId };
  const instagram = account.platform === 'instagram';
  if (stream === 'feed' && !instagram) {
    return {
      path: `${account.accountId}/feed`,
      params: { fields: FEED_FIELDS, limit: pageSize },
      read: (body) => parseFeedPage(ctx, body),
    };
  }
  const comments = /^comments:(.+)$/.exec(stream);
  if (comments?.[1] && isGraphId(comments[1])) {
    const objectId = comments[1];
    const params: Record<string, string | number> = instagram
      ? { fields: IG_COMMENT_FIELDS, limit: pageSize }
      : { fields: FB_COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', limit: pageSize };
    return { path: `${objectId}/comments`, params, read: (body) => parseCommentsPage(ctx, objectId, body) };
  }
  if (stream === 'conversations') {
    return {
      path: `${account.accountId}/conversations`,
      params: {
        platform: instagram ? 'instagram' : 'messenger',
        fields: `id,updated_time,participants,messages.limit(20){${MESSAGE_FIELDS}}`,
        limit: pageSize,
      },
      read: (body) => parseConversationsPage(ctx, body),
    };
  }
  return undefined;
}

function objectFields(platform: AccountContext['platform'], kind: EventKind): string {
  if (kind === 'message') return MESSAGE_FIELDS;
  if (kind === 'visitor_post') return FEED_FIELDS;
  return platform === 'instagram' ? IG_COMMENT_FIELDS : FB_COMMENT_FIELDS;
}

export function createMetaConnector(settings: MetaSettings): Connector {
  const pageSize = settings.pageSize ?? 100;
  return {
    platforms: ['facebook', 'instagram'],
    answerChallenge(query): ChallengeAnswer {
      return answerMetaChallenge(query, settings.verifyToken);
    },
    parseWebhook(rawBody: Uint8Array, headers: RawHeaders): WebhookParse {
      return parseMetaWebhook(rawBody, headers, settings.appSecret);
    },
    async poll(account, stream, cursor): Promise<ConnectorResult<PollResult>> {
      const request = streamRequest(account, stream, pageSize);
      if (!request) return { ok: false, failure: { kind: 'refused', code: 'unknown_stream' } };
      const result = await graphCall(settings, account, 'GET', request.path, {
        ...request.params,
        ...paramsFromCursor(cursor),
      });
      if (!result.ok) {
        // 100/33 reads "does not exist, cannot be loaded due to missing permissions…": on the
        // account's own edges the account has not vanished — the token lost its access.
        const onAccount = stream === 'feed' || stream === 'conversations';
        if (onAccount && result.failure.kind === 'gone') {
          return { ok: false, failure: { kind: 'reconnect_needed', code: result.failure.code } };
        }
        return result;
      }
      const page = request.read(result.value);
      const value: PollResult = { events: page.events, nextCursor: page.nextCursor };
      return result.slowDownUntil === undefined
        ? { ok: true, value }
        : { ok: true, value, slowDownUntil: result.slowDownUntil };
    },
    async fetchObject(account, ref: ObjectRef): Promise<ConnectorResult<NormalizedEvent | null>> {
      if (!isGraphId(ref.externalId)) return { ok: false, failure: { kind: 'refused', code: 'bad_id' } };
      const result = await graphCall(settings, account, 'GET', ref.externalId, {
        fields: objectFields(account.platform, ref.kind),
      });
      if (!result.ok) return result.failure.kind === 'gone' ? { ok: true, value: null } : result;
      const ctx = { platform: account.platform, accountId: account.accountId };
      return { ok: true, value: parseObject(ctx, ref.kind, result.value) };
    },
  };
}
