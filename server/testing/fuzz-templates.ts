/**
 * Valid requests for each route of the team server, as the generated-input test
 * (server/http/fuzz.test.ts) starts from before putting one hostile value somewhere: a hostile
 * value reaches the code behind the validation only if the rest of the request is right. A route
 * without a template here still gets hostile path parameters, queries and bodies.
 */
import { T0 } from '../../shared/domain/testing';
import type { MutationName } from '../../shared/sync/mutations';
import { SYNC_PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { itemId, OTHER, PASSWORD, people, PHARMA } from './world';

export type Role = 'moderator' | 'approver' | 'admin' | 'anonymous' | 'page';

export interface Template {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Base64url JSON put in the query's `page` (the snapshot's page token), fuzzed inside. */
  readonly pageToken?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  /** A body made anew for every request (a push needs a replica id never used, or it is a resend). */
  readonly makeBody?: () => unknown;
  readonly form?: Readonly<Record<string, string>>;
}

export interface TemplateWorld {
  /** A reply awaiting step 0 (medical review) of the regulated client, and its text hash. */
  readonly awaiting: { readonly replyId: string; readonly textHash: string };
  /** The CSRF token of the approver page's session (the form field). */
  readonly csrf: string;
  /** What the policy endpoints need now: their current versions. */
  policy(): Promise<{ readonly version: string; readonly policy: unknown; readonly savedReplyVersion: string }>;
}

let serial = 0;
const fresh = (prefix: string) => `${prefix}-${(serial += 1)}`;

function mutationArgs(world: TemplateWorld): Record<MutationName, () => Record<string, unknown>> {
  const item = itemId(PHARMA, 1);
  const { replyId, textHash } = world.awaiting;
  return {
    'item.claim': () => ({ itemId: item }),
    'item.assign': () => ({ itemId: itemId(OTHER, 2), assigneeId: people.moderator.id }),
    'item.archive': () => ({ itemId: itemId(OTHER, 3), reason: 'spam' }),
    'item.snooze': () => ({ itemId: itemId(OTHER, 4), until: T0 + 30 * 86_400_000 }),
    'item.reopen': () => ({ itemId: itemId(OTHER, 3) }),
    'item.label': () => ({ itemId: item, label: fresh('etichetta'), op: 'add' }),
    'item.hide': () => ({ itemId: itemId(OTHER, 5), reason: 'spam' }),
    'item.delete': () => ({ itemId: itemId(OTHER, 6), reason: 'spam' }),
    'reply.draft': () => ({
      replyId: fresh('rp-fuzz'),
      itemId: itemId(OTHER, 1),
      text: 'Grazie, vi scriviamo in privato 😀',
      visibility: 'public',
      savedReplyId: null,
    }),
    'reply.submit': () => ({ replyId: 'r-seed-pharma', escalated: true, note: 'Dosaggio' }),
    'reply.send': () => ({ replyId: 'r-seed-pharma', seenUpTo: null }),
    'approval.decide': () => ({
      replyId,
      approvalId: fresh('ap-fuzz'),
      stepIndex: 0,
      decision: 'rejected',
      textHash,
      comment: 'Riformulare',
    }),
    'reply.confirm_edit': () => ({ replyId, textHash, decision: 'confirm' }),
    'note.add': () => ({ noteId: fresh('nt-fuzz'), contactId: 'ct-both', text: 'Cliente storica' }),
    'contact.tag': () => ({ contactId: 'ct-both', label: fresh('tag'), op: 'add' }),
  };
}

const none: Template = { params: {}, query: {} };

/** The valid requests of `method path` for `role` (several for push: one per mutation). */
export async function templatesFor(
  method: string,
  path: string,
  role: Role,
  world: TemplateWorld,
): Promise<Template[]> {
  const replica = `fuzz-${role}-replica`;
  const { replyId, textHash } = world.awaiting;
  const email =
    role === 'admin' ? people.admin.email : role === 'moderator' ? people.moderator.email : people.medical.email;
  switch (`${method} ${path}`) {
    case 'POST /auth/login':
      return [{ ...none, body: { email, password: PASSWORD } }];
    case 'GET /audit/verify':
      return [{ ...none, query: { clientId: PHARMA } }];
    case 'GET /audit/export':
      return [
        {
          ...none,
          query: {
            clientId: PHARMA,
            from: '2025-01-01',
            to: '2025-01-31',
            format: 'csv',
            lang: 'it',
            tz: 'Europe/Rome',
          },
        },
      ];
    case 'POST /approvals/decide':
      return [
        {
          ...none,
          body: {
            replyId,
            stepIndex: 0,
            decision: 'rejected',
            textHash,
            comment: 'No',
            password: PASSWORD,
            lang: 'it',
          },
        },
      ];
    case 'POST /approvals/saved-replies/decide':
      return [
        {
          ...none,
          body: { savedReplyId: 'sr-pharma', stepIndex: 0, textHash, password: PASSWORD, lang: 'it' },
        },
      ];
    case 'POST /approve/saved-replies/:savedReplyId/sign':
      return [
        {
          ...none,
          params: { savedReplyId: 'sr-pharma' },
          form: { _csrf: world.csrf, textHash, stepIndex: '0', password: PASSWORD },
        },
      ];
    case 'GET /sync/pull':
      return [{ ...none, query: { clientId: replica, cursor: '0', limit: '20' } }];
    case 'GET /sync/snapshot':
      return [
        { ...none, query: { clientId: replica, limit: '5' } },
        {
          ...none,
          query: { clientId: replica, limit: '5' },
          pageToken: { cursor: 1, rank: 2, sortKey: 0, id: 'ch-pharma', done: 3, total: 40 },
        },
      ];
    case 'POST /sync/push':
      return Object.entries(mutationArgs(world)).map(([name, args]) => ({
        ...none,
        makeBody: () => {
          const clientId = fresh(`fuzz-push-${role}`);
          return {
            protocol: SYNC_PROTOCOL_VERSION,
            clientId,
            mutations: [{ clientId, id: 1, name, args: args(), createdAt: T0 }],
          };
        },
      }));
    case 'GET /clients/:clientId/policy':
      return [{ ...none, params: { clientId: PHARMA } }];
    case 'PUT /clients/:clientId/policy': {
      const { version, policy } = await world.policy();
      return [{ ...none, params: { clientId: PHARMA }, body: { version, policy } }];
    }
    case 'POST /clients/:clientId/saved-replies':
      return [
        {
          ...none,
          params: { clientId: PHARMA },
          body: { name: 'Orari', text: 'Siamo qui', lang: 'it', preApprovalFor: 'public' },
        },
      ];
    case 'PUT /clients/:clientId/saved-replies/:savedReplyId': {
      const { savedReplyVersion } = await world.policy();
      const body = { version: savedReplyVersion, name: 'Orari', text: 'Siamo qui', lang: 'it', preApprovalFor: null };
      return [{ ...none, params: { clientId: PHARMA, savedReplyId: 'sr-pharma' }, body }];
    }
    case 'DELETE /clients/:clientId/saved-replies/:savedReplyId':
      return [{ params: { clientId: PHARMA, savedReplyId: 'sr-pharma' }, query: { version: 'stale' } }];
    case 'GET /webhooks/meta':
      return [
        {
          ...none,
          query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'fuzz-verify-token', 'hub.challenge': '1158201444' },
        },
      ];
    case 'POST /webhooks/meta':
      return [{ ...none, body: { object: 'page', entry: [{ id: '1234567890321', time: 1, changes: [] }] } }];
    case 'GET /channels':
      return [none];
    case 'POST /channels':
      return [
        {
          ...none,
          makeBody: () => ({
            clientId: PHARMA,
            platform: 'facebook',
            externalAccountId: String(9_000_000 + (serial += 1)),
            name: 'Pagina',
            credentials: { accessToken: 'EAAFuzzPastedToken0123456789' },
          }),
        },
      ];
    case 'PATCH /channels/:channelId':
      return [{ ...none, params: { channelId: 'ch-pharma' }, body: { paused: true } }];
    case 'POST /channels/:channelId/reconnect':
      return [
        {
          ...none,
          params: { channelId: 'ch-pharma' },
          body: { credentials: { accessToken: 'EAAFuzzPastedToken0123456789' } },
        },
      ];
    case 'GET /approve/*':
      return [{ ...none, params: { '*': 'approver.css' } }];
    case 'GET /approve/login':
      return [{ ...none, query: { next: '/approve/', reason: 'expired' } }];
    case 'POST /approve/login':
      return [{ ...none, form: { _csrf: world.csrf, email, password: PASSWORD } }];
    case 'POST /approve/logout':
      return [{ ...none, form: { _csrf: world.csrf } }];
    case 'GET /approve/lang/:lang':
      return [{ ...none, params: { lang: 'it' }, query: { next: '/approve/' } }];
    case 'GET /approve/items/:replyId':
      return [{ ...none, params: { replyId } }];
    case 'POST /approve/items/:replyId/preview':
      return [
        { ...none, params: { replyId }, form: { _csrf: world.csrf, textHash, stepIndex: '0', editedText: 'Nuovo' } },
      ];
    case 'POST /approve/items/:replyId/decide':
      return [
        {
          ...none,
          params: { replyId },
          form: {
            _csrf: world.csrf,
            textHash,
            stepIndex: '0',
            decision: 'rejected',
            comment: 'No',
            password: PASSWORD,
          },
        },
      ];
    case 'GET /approve/items/:replyId/decided/:approvalId':
      return [{ ...none, params: { replyId, approvalId: 'ap-none' } }];
    default: {
      // A route this file does not know yet: its parameters get a plausible id, its body an object.
      const params = Object.fromEntries([...path.matchAll(/:(\w+)/gu)].map((match) => [match[1] ?? '', 'c-pharma']));
      return [
        {
          params: path.endsWith('*') ? { ...params, '*': 'x' } : params,
          query: {},
          ...(method === 'GET' ? {} : { body: {} }),
        },
      ];
    }
  }
}
