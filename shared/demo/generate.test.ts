import { describe, expect, it } from 'vitest';
import {
  channel as channelSchema,
  client as clientSchema,
  contact as contactSchema,
  interaction as interactionSchema,
  interactionKinds,
  item as itemSchema,
  note as noteSchema,
  platforms,
  reply as replySchema,
  savedReply as savedReplySchema,
  thread as threadSchema,
  user as userSchema,
  type Interaction,
} from '../domain/entities';
import { replyTextHash } from '../domain/hash';
import { dueAt, priorityScore } from '../domain/priority';
import { compileSensitivity } from '../domain/sensitivity';
import { generateDemo, type DemoBatch } from './generate';
import { demoWarmUpSteps } from './warmUp';
import { channels, clients, savedReplies, users } from './workspace';
import { preApprovedVisibility } from '../domain/preApproval';

const NOW = Date.UTC(2026, 10, 20, 12);
const collect = (seed: number, items: number, batchSize = 500): DemoBatch[] => [
  ...generateDemo({ seed, items, now: NOW, batchSize }),
];

const batches = collect(42, 3000);
const interactions = batches.flatMap((b) => b.interactions);
const items = batches.flatMap((b) => b.items);
const channelOf = new Map(channels.map((c) => [c.id, c]));
const clientOf = new Map(clients.map((c) => [c.id, c]));

describe('the demo generator', () => {
  it('is deterministic: same seed, same workspace; another seed, another one', () => {
    expect(collect(42, 3000)).toEqual(batches);
    expect(collect(43, 3000)).not.toEqual(batches);
  });

  it('streams batches of bounded size, starting lazily even for a million items', () => {
    expect(items).toHaveLength(3000);
    expect(batches.every((b) => b.items.length <= 500)).toBe(true);
    const stream = generateDemo({ seed: 1, items: 1_000_000, now: NOW });
    const first = stream.next();
    expect(first.done).toBe(false);
    expect(first.value?.items).toHaveLength(2000);
    expect(first.value?.items.at(-1)?.id).toBe('it-0002000');
  });

  it('ends batches early on a time budget without changing what the stream holds', () => {
    // A clock that advances 1 ms each time it is read: a 3 ms budget ends a batch every few items.
    let ms = 0;
    const timed = [
      ...generateDemo({ seed: 42, items: 3000, now: NOW, batchSize: 500, budgetMs: 3, clock: () => ms++ }),
    ];
    expect(timed.length).toBeGreaterThan(batches.length * 10);
    expect(timed.every((b) => b.items.length <= 500)).toBe(true);
    const all = (list: DemoBatch[]) =>
      (['interactions', 'items', 'threads', 'replies', 'notes'] as const).map((key) =>
        list.flatMap((batch): unknown[] => batch[key]),
      );
    expect(all(timed)).toEqual(all(batches));
    // A person repeats in each batch that meets them; their last version is the same.
    const latest = (list: DemoBatch[]) => new Map(list.flatMap((b) => b.contacts.map((c) => [c.id, c] as const)));
    expect(latest(timed)).toEqual(latest(batches));
  });

  it('is unchanged by the warm-up steps', () => {
    for (const step of demoWarmUpSteps()) step();
    expect(collect(42, 3000)).toEqual(batches);
  });

  it('produces entities the domain schemas accept', () => {
    const setup = batches[0];
    for (const u of setup?.users ?? []) userSchema.parse(u);
    for (const c of setup?.clients ?? []) clientSchema.parse(c);
    for (const c of setup?.channels ?? []) channelSchema.parse(c);
    for (const s of setup?.savedReplies ?? []) savedReplySchema.parse(s);
    for (const b of batches) {
      b.contacts.forEach((x) => contactSchema.parse(x));
      b.threads.forEach((x) => threadSchema.parse(x));
      b.interactions.forEach((x) => interactionSchema.parse(x));
      b.items.forEach((x) => itemSchema.parse(x));
      b.replies.forEach((x) => replySchema.parse(x));
      b.notes.forEach((x) => noteSchema.parse(x));
    }
  });

  it('sends parents before children', () => {
    const seen = new Set<string>();
    for (const b of batches) {
      for (const x of [...b.contacts, ...b.threads]) seen.add(x.id);
      for (const x of b.interactions) {
        expect(seen.has(x.threadId) && seen.has(x.contactId)).toBe(true);
        if (x.parentId) expect(seen.has(x.parentId)).toBe(true);
        seen.add(x.id);
      }
      for (const i of b.items) {
        expect(seen.has(i.interactionId)).toBe(true);
        seen.add(i.id);
      }
      for (const r of b.replies) expect(seen.has(r.itemId)).toBe(true);
      for (const n of b.notes) expect(seen.has(n.contactId)).toBe(true);
    }
  });

  it('covers three clients on every platform with every kind of interaction', () => {
    expect(clients.map((c) => c.regulation).sort()).toEqual(['none', 'pharma', 'politics']);
    const used = new Set(interactions.map((x) => channelOf.get(x.channelId)?.platform));
    expect([...used].sort()).toEqual([...platforms].sort());
    expect(new Set(interactions.map((x) => x.kind))).toEqual(new Set(interactionKinds));
    for (const client of clients) {
      const platformsOfClient = new Set(
        interactions.filter((x) => x.clientId === client.id).map((x) => channelOf.get(x.channelId)?.platform),
      );
      expect(platformsOfClient.size).toBe(platforms.length);
    }
    expect(interactions.filter((x) => x.kind === 'reply').every((x) => x.parentId !== null)).toBe(true);
    expect(interactions.filter((x) => x.kind === 'review').every((x) => x.rating !== null)).toBe(true);
  });

  it('has people who come back across platforms and clients', () => {
    const byContact = new Map<string, Interaction[]>();
    for (const x of interactions) byContact.set(x.contactId, [...(byContact.get(x.contactId) ?? []), x]);
    const returning = [...byContact.values()].filter(
      (xs) =>
        new Set(xs.map((x) => channelOf.get(x.channelId)?.platform)).size >= 3 &&
        new Set(xs.map((x) => x.clientId)).size >= 2,
    );
    expect(returning.length).toBeGreaterThan(20);
    // A contact seen on a new platform is sent again with every handle so far.
    const versions = batches.flatMap((b) => b.contacts).filter((c) => c.id === returning[0]?.[0]?.contactId);
    expect(versions.at(-1)?.handles.length).toBeGreaterThanOrEqual(3);
  });

  it('speaks mostly Italian, and says what each client hears', () => {
    const italian = interactions.filter((x) => x.lang === 'it').length / interactions.length;
    expect(italian).toBeGreaterThan(0.7);
    expect(italian).toBeLessThan(0.92);
    const pharma = interactions
      .filter((x) => x.clientId === 'cl-vitalia')
      .map((x) => x.text)
      .join('\n');
    expect(pharma).toMatch(/Cardiolex/);
    expect(pharma).toMatch(/Respirax/);
    expect(pharma).toMatch(/effetti collaterali|dosaggio/);
    const politics = interactions
      .filter((x) => x.clientId === 'cl-bellini')
      .map((x) => x.text)
      .join('\n');
    expect(politics).toMatch(/sciopero/);
    expect(politics).toMatch(/elezioni|regionali|europee|comunali|seggio/);
    expect(new Set(interactions.map((x) => x.text)).size).toBeGreaterThan(interactions.length * 0.5);
  });

  it('flags consistently with the texts and the client policies', () => {
    const matchers = new Map(clients.map((c) => [c.id, compileSensitivity(c.sensitivity)]));
    for (const x of interactions) {
      const policyHit = matchers.get(x.clientId)?.test(x.text) ?? false;
      expect(x.flags.sensitive).toBe(policyHit || x.flags.adverseEvent);
    }
    const adverse = interactions.filter((x) => x.flags.adverseEvent);
    expect(adverse.length).toBeGreaterThan(0);
    expect(adverse.every((x) => x.clientId === 'cl-vitalia')).toBe(true);
    expect(interactions.some((x) => x.flags.profanity && x.clientId === 'cl-bellini')).toBe(true);
    expect(interactions.some((x) => x.flags.spam)).toBe(true);
    const reviews = interactions.filter((x) => x.kind === 'review');
    expect(reviews.filter((x) => (x.rating ?? 3) <= 2).every((x) => x.sentiment < 0)).toBe(true);
    expect(reviews.filter((x) => x.rating === 5).every((x) => x.sentiment > 0)).toBe(true);
  });

  it('places everything before now, with due times and priorities from the domain rules', () => {
    const interactionOf = new Map(interactions.map((x) => [x.id, x]));
    for (const item of items) {
      const x = interactionOf.get(item.interactionId);
      const client = clientOf.get(item.clientId);
      if (!x || !client) throw new Error('dangling item');
      expect(x.createdAt).toBeLessThanOrEqual(NOW);
      expect(item.dueAt).toBe(dueAt(x.createdAt, x.kind, client.sla));
      expect(item.priority).toBe(priorityScore({ ...x, dueAt: item.dueAt }, NOW));
    }
    const statuses = new Set(items.map((i) => i.status));
    for (const status of ['new', 'open', 'answered', 'done', 'awaiting_approval', 'moderated', 'snoozed']) {
      expect(statuses.has(status as never)).toBe(true);
    }
  });

  it('prepares replies whose approvals bind to their exact text', () => {
    const replies = batches.flatMap((b) => b.replies);
    const waiting = replies.filter((r) => r.status === 'awaiting_approval');
    expect(waiting.length).toBeGreaterThan(0);
    for (const reply of replies) {
      for (const approval of reply.approvals)
        expect(approval.textHash).toBe(replyTextHash(reply.text, reply.visibility));
      expect(reply.text).not.toMatch(/\{\{/);
    }
    const pharmaChain = clients.find((c) => c.regulation === 'pharma')?.approvalChain.map((step) => step.name);
    expect(pharmaChain).toEqual(['Revisione medica', 'Revisione legale', 'Affari regolatori']);
  });

  it('staffs the agency and gives every client saved replies with variables', () => {
    expect(users.map((u) => u.role)).toEqual(expect.arrayContaining(['admin', 'lead', 'moderator', 'approver']));
    expect(users.map((u) => u.name)).toEqual(expect.arrayContaining(['Giulia Conti', 'Marco Rinaldi']));
    for (const client of clients) {
      const own = savedReplies.filter((s) => s.clientId === client.id);
      expect(own.length).toBeGreaterThanOrEqual(3);
      expect(own.some((s) => s.preApproved)).toBe(true);
      // Pre-approved means the client's chain signed the exact text (for public replies), not a flag.
      for (const s of own) expect(preApprovedVisibility(s, client.approvalChain)).toBe(s.preApproved ? 'public' : null);
      expect(own.some((s) => s.text.includes('{{contact.first_name}}'))).toBe(true);
      for (const step of client.approvalChain) {
        for (const approverId of step.approverIds)
          expect(users.find((u) => u.id === approverId)?.role).toBe('approver');
      }
    }
  });
});
