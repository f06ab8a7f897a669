/**
 * The one interface every platform connector implements (docs/platforms.md): verify and parse a
 * webhook delivery (pure, on the raw bytes), poll a stream since a cursor, fetch one object. A
 * connector never throws for a platform's answer: it returns a typed refusal or a classified
 * failure — codes and parameters, never sentences (the UI words them).
 */
import { z } from 'zod';

export const platforms = ['facebook', 'instagram', 'gbp', 'youtube', 'x', 'linkedin'] as const;
export type Platform = (typeof platforms)[number];

/**
 * What an interaction is. A Facebook rating (Page recommendation) is a `review` carrying
 * `rating`/`recommendation`; a Messenger or Instagram DM is a `message`.
 */
export const eventKinds = ['comment', 'reply', 'visitor_post', 'message', 'mention', 'review'] as const;
export type EventKind = (typeof eventKinds)[number];

export const eventVerbs = ['add', 'edit', 'remove', 'hide', 'unhide'] as const;
export type EventVerb = (typeof eventVerbs)[number];

export interface EventAuthor {
  readonly id: string;
  readonly name?: string;
  readonly handle?: string;
}

/**
 * One change to one object on a platform, the same shape for every platform.
 *
 * Ingest dedupes by `(platform, externalId)` for the object and by `(platform, externalId,
 * version)` for the change: the same delivery twice has the same version; an edit has a new one.
 * `idsOnly` marks a notification that names an object without its content (Instagram mentions):
 * ingest fetches it with `Connector.fetchObject` before it becomes work.
 */
export interface NormalizedEvent {
  readonly platform: Platform;
  /** The connected account the event belongs to: the Page id, the Instagram account id, … */
  readonly accountId: string;
  readonly kind: EventKind;
  readonly verb: EventVerb;
  /** The platform's id of the object (comment id, message id, post id for a visitor post). */
  readonly externalId: string;
  /** The object this one answers: the parent comment for a reply, the post for a top-level comment. */
  readonly parentId?: string;
  /** The conversation for a message (Meta: the other participant's scoped id). */
  readonly threadId?: string;
  /** The post (or media) the object lives under. */
  readonly postId?: string;
  readonly author?: EventAuthor;
  readonly text?: string;
  /** ISO 8601, when the platform says when the object was created (or edited). */
  readonly createdAt?: string;
  /** 1–5 stars, when the platform gives one. */
  readonly rating?: number;
  readonly recommendation?: 'positive' | 'negative';
  /** The author is the connected account itself (the Page's own reply, an echo): not work. */
  readonly isOwn: boolean;
  /** The object's content is not in the notification: fetch it before showing it. */
  readonly idsOnly: boolean;
  /** Distinguishes changes of one object: the same for a redelivery, different for an edit. */
  readonly version: string;
  /** The developer metadata echoed back by a platform for our own sends (Messenger `metadata`). */
  readonly echoMetadata?: string;
  /** Where in the raw delivery this event came from, for the audit trail: e.g. `entry[0].changes[1]`. */
  readonly rawRef: string;
}

/** Why a webhook delivery is refused. A refused delivery is answered 401/400 and stored nowhere. */
export const webhookRefusals = [
  'signature_missing',
  'signature_malformed',
  'signature_mismatch',
  'body_not_json',
  'body_unexpected_shape',
] as const;
export type WebhookRefusal = (typeof webhookRefusals)[number];

export type WebhookParse =
  | {
      readonly ok: true;
      readonly events: readonly NormalizedEvent[];
      /** Changes the connector understood and chose not to turn into events (reactions, …), by code. */
      readonly ignored: readonly string[];
    }
  | { readonly ok: false; readonly refusal: WebhookRefusal };

/** The platform's subscription handshake (`GET` with a challenge). */
export type ChallengeAnswer = { readonly ok: true; readonly body: string } | { readonly ok: false };

/** Header names lower-cased; a repeated header keeps its first value. */
export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export function headerValue(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * A failed call, classified by the platform's codes (never by its message text):
 * - `retry`: transient (5xx, timeout, Meta codes 1/2); try again with backoff.
 * - `rate_limited`: stop calling this account/app until `until` (epoch ms).
 * - `reconnect_needed`: the token is expired, revoked or lacks a permission; a human reconnects.
 * - `blocked`: the platform blocked the account for policy (Meta 368); back off, alert a human.
 * - `gone`: the object was deleted (or never existed); for a delete, that is success.
 * - `refused`: the request itself is wrong, or the target refuses it for good (e.g. Meta 551).
 * `code` is the platform's own code for the log and the UI, like `meta:190/463`.
 */
export type ConnectorFailure =
  | { readonly kind: 'retry'; readonly code: string }
  | { readonly kind: 'rate_limited'; readonly code: string; readonly until: number }
  | { readonly kind: 'reconnect_needed'; readonly code: string }
  | { readonly kind: 'blocked'; readonly code: string; readonly until: number }
  | { readonly kind: 'gone'; readonly code: string }
  | { readonly kind: 'refused'; readonly code: string };

export type ConnectorResult<T> =
  | { readonly ok: true; readonly value: T; readonly slowDownUntil?: number }
  | { readonly ok: false; readonly failure: ConnectorFailure };

/** What a connector needs to call the platform for one connected account. */
export interface AccountContext {
  readonly platform: Platform;
  readonly accountId: string;
  /** Decrypted from the vault for this call only; never logged, never sent to a desktop. */
  readonly accessToken: string;
}

export interface PollResult {
  readonly events: readonly NormalizedEvent[];
  /** Opaque; `null` means the stream has nothing further right now (poll again later from the same place). */
  readonly nextCursor: string | null;
}

export interface ObjectRef {
  readonly kind: EventKind;
  readonly externalId: string;
}

export interface Connector {
  readonly platforms: readonly Platform[];
  /** The subscription handshake: a `GET` with the platform's challenge parameters. */
  answerChallenge(query: Readonly<Record<string, unknown>>): ChallengeAnswer;
  /** Pure: the raw body bytes and headers → normalized events, or a refusal. Never throws. */
  parseWebhook(rawBody: Uint8Array, headers: RawHeaders): WebhookParse;
  /** One page of a stream (e.g. `feed`, `comments:<post-id>`, `conversations`) since `cursor`. */
  poll(account: AccountContext, stream: string, cursor: string | null): Promise<ConnectorResult<PollResult>>;
  /** One object by id, for notifications that carry only ids and for reconciling. */
  fetchObject(account: AccountContext, ref: ObjectRef): Promise<ConnectorResult<NormalizedEvent | null>>;
}

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));

/**
 * Base URLs per platform host, from the server's settings: the real hosts by default, the
 * sandbox's loopback address in demos and tests.
 */
export const platformHostsSchema = z.object({
  metaGraph: httpUrl.default('https://graph.facebook.com'),
});
export type PlatformHosts = z.infer<typeof platformHostsSchema>;
