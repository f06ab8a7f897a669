/**
 * Test support for rules.property.test.ts: the commands a run is made of (what users of every
 * role push or post, including crafted requests no UI would send) and their generators. No
 * production code imports it.
 */
import fc from 'fast-check';
import type { ApprovalDecision, Visibility } from '../../shared/domain/entities';
import { agentFirstName, renderSavedReply } from '../../shared/domain';
import { makeSavedReply } from '../../shared/domain/testing';
import { PHARMA } from '../testing/world';
import { everyone, POLITICS_REASONS } from './rules.world';

export const ACTORS = Object.keys(everyone);
export type ActorName = string;

/** The world's pre-approved saved reply (server/testing/world.ts builds it the same way). */
export const SAVED_REPLY = makeSavedReply({ id: 'sr-pharma', clientId: PHARMA });
/** Every run's items write as the contact `ct-both`. */
export const CONTACT_FIRST_NAME = 'Anna';

export const TEXTS = {
  neutral: 'Grazie, a presto!',
  neutral2: 'Ti scriviamo in privato.',
  dosage: 'La dose di Cardiolex è 50 mg.',
  politics: 'Sulle elezioni la posizione è nota.',
  placeholder: 'Ciao {{contact.first_name}}',
  /** The pre-approved saved reply rendered for the drafting actor (savedReplyId set). */
  saved: '',
} as const;
export type TextName = keyof typeof TEXTS;

/** The text a text name stands for when `authorName` writes it. */
export function textFor(name: TextName, authorName: string): string {
  if (name !== 'saved') return TEXTS[name];
  const values = { 'contact.first_name': CONTACT_FIRST_NAME, 'agent.first_name': agentFirstName(authorName) };
  return renderSavedReply(SAVED_REPLY.text, values).text;
}

/** One mutation, with indices into the run's items (6: two per client) and replies (4). */
export type Step =
  | { readonly kind: 'claim'; readonly item: number }
  | {
      readonly kind: 'draft';
      readonly reply: number;
      readonly item: number | 'home';
      readonly text: TextName;
      readonly visibility: Visibility;
      /** Claims to come from the pre-approved saved reply (whatever the text says). */
      readonly fromSaved?: boolean;
    }
  | { readonly kind: 'submit'; readonly reply: number; readonly escalated: boolean }
  | { readonly kind: 'send'; readonly reply: number }
  | { readonly kind: 'pushDecide'; readonly reply: number; readonly decision: ApprovalDecision; readonly step: number }
  | {
      readonly kind: 'moderate';
      readonly op: 'item.hide' | 'item.delete';
      readonly item: number;
      readonly reason: string;
    }
  | { readonly kind: 'archive' | 'reopen' | 'snooze'; readonly item: number }
  | { readonly kind: 'assign'; readonly item: number; readonly to: ActorName };

export type Command =
  | { readonly kind: 'push'; readonly actor: ActorName; readonly steps: readonly Step[] }
  /** The actor's last batch again, same ids; `altered`: its last id carrying another mutation. */
  | { readonly kind: 'replay'; readonly actor: ActorName; readonly altered: Step | null }
  /** A push on another user's replica id. */
  | { readonly kind: 'hijack'; readonly actor: ActorName; readonly victim: ActorName; readonly step: Step }
  | {
      readonly kind: 'decide';
      /** 'group': a member of the waiting step's group who is not the author; 'author': its author. */
      readonly actor: ActorName | 'group' | 'author';
      readonly reply: number;
      readonly decision: ApprovalDecision;
      readonly step: 'current' | number;
      readonly hash: 'current' | 'stale' | 'other';
      readonly password: 'right' | 'wrong' | 'missing';
      readonly edit: TextName | null;
    }
  /** Every waiting step signed properly, as far as the rules let it go; then `sender` sends it. */
  | { readonly kind: 'approveAll'; readonly reply: number; readonly sender: ActorName | null }
  /** The dispatcher takes what is queued; the platform accepts (true) or refuses each in turn. */
  | { readonly kind: 'dispatch'; readonly sent: readonly boolean[] };

export const REPLIES = 4;
export const ITEMS = 6;
/** Where each reply is usually drafted: pharma's sensitive item, other's, politics', pharma's plain one. */
export const HOME_ITEM = [0, 2, 4, 1] as const;
/** Who usually works each reply's home item (someone who sees its client). */
export const HOME_WORKER = ['moderator', 'moderator', 'adminApprover', 'pharmaModerator'] as const;
const homeWorker = (reply: number): ActorName => HOME_WORKER[reply] ?? 'admin';

const often = <T>(usual: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other });

const actor = fc.constantFrom(...ACTORS);
/** Who may work items (the admin who is also an approver too: their own replies are a trap). */
const workers = fc.constantFrom('admin', 'adminApprover', 'lead', 'moderator', 'pharmaModerator', 'politicsModerator');
/** Biased to the first replies, so that commands meet the same reply often enough to go deep. */
const reply = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constant(2) },
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.constant(3) },
);
const item = fc.nat(ITEMS - 1);
const textName = fc.constantFrom<TextName>('neutral', 'neutral2', 'dosage', 'politics', 'placeholder', 'saved');
const visibility = fc.constantFrom<Visibility>('public', 'private');
const decision = often<ApprovalDecision>('approved', fc.constant('rejected'));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim' as const), item }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('draft' as const),
      reply,
      item: often<number | 'home'>('home', item),
      text: textName,
      visibility: often<Visibility>('public', visibility),
      fromSaved: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('submit' as const), reply, escalated: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), reply }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('pushDecide' as const), reply, decision, step: fc.nat(2) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('moderate' as const),
      op: fc.constantFrom('item.hide' as const, 'item.delete' as const),
      item,
      reason: fc.constantFrom(...POLITICS_REASONS, 'non mi piace', ' spam '),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom('archive' as const, 'reopen' as const, 'snooze' as const), item }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), item, to: actor }) },
);

export const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      actor: often('moderator', fc.oneof(workers, actor)),
      steps: fc.array(step, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('replay' as const), actor, altered: fc.option(step, { nil: null }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hijack' as const), actor, victim: actor, step }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      actor: fc.oneof(
        { weight: 3, arbitrary: fc.constant('group') },
        { weight: 1, arbitrary: fc.constant('author') },
        { weight: 1, arbitrary: actor },
      ),
      reply,
      decision,
      step: often<'current' | number>('current', fc.nat(2)),
      hash: often<'current' | 'stale' | 'other'>('current', fc.constantFrom('stale' as const, 'other' as const)),
      password: often<'right' | 'wrong' | 'missing'>('right', fc.constantFrom('wrong' as const, 'missing' as const)),
      edit: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: textName }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ reply, sender: often<ActorName | null>('home', fc.option(workers, { nil: null })) })
      .map(({ reply: index, sender }): Command => ({
        kind: 'approveAll',
        reply: index,
        sender: sender === 'home' ? homeWorker(index) : sender,
      })),
  },
  // The usual way in (claim, draft at home, submit), so that runs reach approvals and sends.
  {
    weight: 4,
    arbitrary: fc
      .record({ actor: often('moderator', workers), reply, text: textName, escalated: fc.boolean() })
      .map(({ actor: by, reply: index, text, escalated }): Command => ({
        kind: 'push',
        actor: by,
        steps: [
          { kind: 'claim', item: HOME_ITEM[index] ?? 0 },
          { kind: 'draft', reply: index, item: 'home', text, visibility: 'public' },
          { kind: 'submit', reply: index, escalated },
        ],
      })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('dispatch' as const),
      sent: fc.array(often(true, fc.constant(false)), { minLength: 1, maxLength: 3 }),
    }),
  },
);

type Decide = Extract<Command, { kind: 'decide' }>;

const prepare = (actor: ActorName, reply: number, text: TextName, escalated = false): Command => ({
  kind: 'push',
  actor,
  steps: [
    { kind: 'claim', item: HOME_ITEM[reply] ?? 0 },
    { kind: 'draft', reply, item: 'home', text, visibility: 'public' },
    { kind: 'submit', reply, escalated },
  ],
});
const decideAs = (actor: Decide['actor'], reply: number, overrides: Partial<Decide> = {}): Command => ({
  kind: 'decide',
  actor,
  reply,
  decision: 'approved',
  step: 'current',
  hash: 'current',
  password: 'right',
  edit: null,
  ...overrides,
});
const pushAs = (actor: ActorName, ...steps: Step[]): Command => ({ kind: 'push', actor, steps });
const send = (reply: number): Step => ({ kind: 'send', reply });
const dispatch = (...sent: boolean[]): Command => ({ kind: 'dispatch', sent: sent.length === 0 ? [true] : sent });

/** The crafted requests of issue 6, played before the random runs (fast-check `examples`). */
export const CRAFTED: readonly (readonly Command[])[] = [
  // Approving one's own reply (an admin who is also in the step's group), then the proper way.
  [
    prepare('adminApprover', 2, 'politics'),
    decideAs('author', 2),
    dispatch(),
    decideAs('group', 2),
    pushAs('adminApprover', send(2)),
    dispatch(),
  ],
  // Steps one is not in, another client's approver, a pushed (unsigned) decision.
  [
    prepare('moderator', 0, 'dosage'),
    decideAs('legal', 0),
    decideAs('legal', 0, { step: 1 }),
    decideAs('otherApprover', 0),
    decideAs('staff', 0),
    pushAs('medical', { kind: 'pushDecide', reply: 0, decision: 'approved', step: 0 }),
    { kind: 'approveAll', reply: 0, sender: 'moderator' },
    dispatch(),
  ],
  // A stale or foreign hash, a wrong or missing password.
  [
    prepare('moderator', 0, 'dosage'),
    pushAs(
      'moderator',
      { kind: 'draft', reply: 0, item: 'home', text: 'neutral', visibility: 'private' },
      { kind: 'submit', reply: 0, escalated: false },
    ),
    decideAs('group', 0, { hash: 'stale' }),
    decideAs('group', 0, { hash: 'other' }),
    decideAs('group', 0, { password: 'wrong' }),
    decideAs('group', 0, { password: 'missing' }),
    pushAs('moderator', send(0)),
    dispatch(),
  ],
  // Edited after approval, then sent; visibility changed after approval, then sent.
  [
    prepare('moderator', 0, 'dosage'),
    { kind: 'approveAll', reply: 0, sender: null },
    pushAs('moderator', { kind: 'draft', reply: 0, item: 'home', text: 'neutral', visibility: 'public' }, send(0)),
    prepare('pharmaModerator', 3, 'dosage'),
    { kind: 'approveAll', reply: 3, sender: null },
    pushAs(
      'pharmaModerator',
      { kind: 'draft', reply: 3, item: 'home', text: 'dosage', visibility: 'private' },
      send(3),
    ),
    dispatch(),
  ],
  // Sensitive replies sent directly: on a sensitive question, with sensitive words, escalated, in
  // approval, claiming to be the pre-approved saved reply with other words.
  [
    pushAs(
      'moderator',
      { kind: 'claim', item: 0 },
      { kind: 'draft', reply: 0, item: 'home', text: 'dosage', visibility: 'public', fromSaved: true },
      send(0),
    ),
    pushAs(
      'moderator',
      { kind: 'claim', item: 0 },
      { kind: 'draft', reply: 0, item: 'home', text: 'neutral', visibility: 'public' },
      send(0),
    ),
    pushAs(
      'pharmaModerator',
      { kind: 'claim', item: 1 },
      { kind: 'draft', reply: 3, item: 'home', text: 'dosage', visibility: 'public' },
      send(3),
    ),
    prepare('moderator', 1, 'neutral', true),
    pushAs('moderator', send(1)),
    dispatch(),
  ],
  // Approved, sent, refused by the platform, sent again (twice), accepted.
  [
    prepare('moderator', 0, 'dosage'),
    { kind: 'approveAll', reply: 0, sender: 'moderator' },
    pushAs('moderator', send(0)),
    dispatch(false),
    pushAs('moderator', send(0), send(0)),
    dispatch(true),
    pushAs('lead', send(0)),
    dispatch(true),
  ],
  // Another client's items and replies; duplicate mutation ids; another user's replica.
  [
    prepare('moderator', 0, 'dosage'),
    pushAs(
      'otherApprover',
      { kind: 'claim', item: 0 },
      { kind: 'draft', reply: 0, item: 0, text: 'neutral', visibility: 'public' },
    ),
    pushAs(
      'moderator',
      { kind: 'claim', item: 4 },
      { kind: 'draft', reply: 2, item: 4, text: 'neutral', visibility: 'public' },
    ),
    pushAs('politicsModerator', { kind: 'draft', reply: 0, item: 4, text: 'neutral', visibility: 'public' }, send(0)),
    { kind: 'replay', actor: 'moderator', altered: null },
    { kind: 'replay', actor: 'moderator', altered: send(0) },
    { kind: 'hijack', actor: 'pharmaModerator', victim: 'moderator', step: send(0) },
    // A political client's item hidden with a reason outside its policy, then with one of it.
    pushAs(
      'politicsModerator',
      { kind: 'moderate', op: 'item.hide', item: 5, reason: 'non mi piace' },
      { kind: 'moderate', op: 'item.hide', item: 5, reason: 'insulti' },
    ),
    { kind: 'approveAll', reply: 0, sender: 'moderator' },
    dispatch(),
  ],
];
