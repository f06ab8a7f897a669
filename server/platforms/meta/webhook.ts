/**
 * A Meta webhook delivery (Facebook Pages, Messenger, Instagram) → normalized events. Pure: the
 * raw body bytes and headers in, events or a refusal out; never throws, whatever the bytes.
 * The signature is checked first, on the bytes as received; nothing is parsed before it matches.
 */
import { z } from 'zod';
import { headerValue } from '../connector';
import type { NormalizedEvent, Platform, RawHeaders, WebhookParse } from '../connector';
import { checkMetaSignature } from './signature';
import { parseChange } from './webhook-changes';
import { metaId, metaTime, parseJsonLossless, versionPart } from './values';

const entrySchema = z.object({
  id: metaId,
  time: z.unknown().optional(),
  changes: z.array(z.object({ field: z.string().max(128), value: z.unknown().optional() })).optional(),
  messaging: z.array(z.unknown()).optional(),
  standby: z.array(z.unknown()).optional(),
});

const envelopeSchema = z.object({
  object: z.string().max(64),
  entry: z.array(z.unknown()).max(10_000),
});

const text = z.string().max(100_000).optional().catch(undefined);

const messagingSchema = z.object({
  sender: z.object({ id: metaId }),
  recipient: z.object({ id: metaId }),
  timestamp: z.unknown().optional(),
  message: z
    .object({
      mid: z.string().min(1).max(500),
      text,
      is_echo: z.boolean().optional().catch(undefined),
      is_deleted: z.boolean().optional().catch(undefined),
      metadata: z.string().max(1000).optional().catch(undefined),
      attachments: z.array(z.unknown()).optional().catch(undefined),
    })
    .optional(),
  message_edit: z
    .object({
      mid: z.string().min(1).max(500),
      text,
      num_edit: z
        .union([z.number(), z.string().max(16)])
        .optional()
        .catch(undefined),
    })
    .optional(),
});

type MessagingOutcome = { readonly event: NormalizedEvent } | { readonly ignored: string };

function messagingEvent(platform: Platform, accountId: string, item: unknown, rawRef: string): MessagingOutcome {
  const parsed = messagingSchema.safeParse(item);
  if (!parsed.success) return { ignored: 'messaging:unreadable' };
  const { sender, recipient, timestamp, message, message_edit: edit } = parsed.data;
  const isOwn = message?.is_echo === true || sender.id === accountId;
  // The thread is the other participant: the customer's page- or Instagram-scoped id.
  const threadId = isOwn ? recipient.id : sender.id;
  const base = { platform, accountId, kind: 'message' as const, threadId, isOwn, idsOnly: false, rawRef };
  const createdAt = metaTime(timestamp);
  const by = { id: sender.id };
  if (edit) {
    const revision = versionPart(edit.num_edit, versionPart(timestamp, '0'));
    const event: NormalizedEvent = {
      ...base,
      verb: 'edit',
      externalId: edit.mid,
      author: by,
      version: `edit:${revision}`,
    };
    return { event: withOptional(event, { text: edit.text, createdAt }) };
  }
  if (!message) return { ignored: 'messaging:other' }; // read, delivery, postback, reaction, …
  if (message.is_deleted === true) {
    return {
      event: withOptional(
        { ...base, verb: 'remove', externalId: message.mid, author: by, version: 'remove' },
        { createdAt },
      ),
    };
  }
  const event: NormalizedEvent = { ...base, verb: 'add', externalId: message.mid, author: by, version: 'add' };
  return {
    event: withOptional(event, {
      text: message.text,
      createdAt,
      echoMetadata: isOwn ? message.metadata : undefined,
    }),
  };
}

function withOptional(event: NormalizedEvent, optional: Partial<NormalizedEvent>): NormalizedEvent {
  const present = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return { ...event, ...present };
}

/**
 * Parses a body whose signature was already checked on receipt: for replaying a delivery kept in
 * the inbox. Anything fresh from the network goes through `parseMetaWebhook`.
 */
export function parseMetaBody(rawBody: Uint8Array): WebhookParse {
  let json: unknown;
  try {
    json = parseJsonLossless(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    return { ok: false, refusal: 'body_not_json' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, refusal: 'body_unexpected_shape' };
  const object = envelope.data.object;
  if (object !== 'page' && object !== 'instagram')
    return { ok: true, events: [], ignored: [`object:${object.slice(0, 32)}`] };
  const platform: Platform = object === 'page' ? 'facebook' : 'instagram';
  const events: NormalizedEvent[] = [];
  const ignored: string[] = [];
  const take = (outcome: { event: NormalizedEvent } | { ignored: string }) => {
    if ('event' in outcome) events.push(outcome.event);
    else ignored.push(outcome.ignored);
  };
  envelope.data.entry.forEach((rawEntry, e) => {
    const entry = entrySchema.safeParse(rawEntry);
    if (!entry.success) {
      ignored.push('entry:unreadable');
      return;
    }
    const accountId = entry.data.id;
    entry.data.changes?.forEach((change, c) => {
      const rawRef = `entry[${e}].changes[${c}]`;
      take(
        parseChange(object, change.field, change.value, { platform, accountId, entryTime: entry.data.time, rawRef }),
      );
    });
    entry.data.messaging?.forEach((item, m) =>
      take(messagingEvent(platform, accountId, item, `entry[${e}].messaging[${m}]`)),
    );
    // `standby`: another app owns the Messenger thread (handover); we still see the messages.
    entry.data.standby?.forEach((item, m) =>
      take(messagingEvent(platform, accountId, item, `entry[${e}].standby[${m}]`)),
    );
  });
  return { ok: true, events, ignored };
}

/** Verify `X-Hub-Signature-256` over the raw bytes with the app secret, then parse. */
export function parseMetaWebhook(rawBody: Uint8Array, headers: RawHeaders, appSecret: string): WebhookParse {
  const check = checkMetaSignature(rawBody, headerValue(headers, 'x-hub-signature-256'), appSecret);
  if (check !== 'ok') return { ok: false, refusal: check };
  return parseMetaBody(rawBody);
}
