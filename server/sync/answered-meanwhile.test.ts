/**
 * "Someone answered meanwhile" on the server: a send or submission that says what the moderator
 * saw (`seenUpTo`) is refused with `newer_activity` when the conversation has something newer,
 * unless the moderator confirmed; every other case is decided exactly as without the check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInteraction, makeItem, makeReply, T0 } from '../../shared/domain/testing';
import { actorOf, applyMutation, type Conversation } from './apply';
import type { LoadedRows } from './context';
import type { ParsedMutation } from './mutation';
import { clients, OTHER, people } from '../testing/world';

const now = T0 + 3_600_000;
const other = clients[1];
if (other === undefined) throw new Error('world clients missing');

const reply = makeReply({ id: 'r-m', itemId: 'it-m', clientId: OTHER, authorId: people.moderator.id });
const rows: LoadedRows = {
  item: makeItem({
    id: 'it-m',
    clientId: OTHER,
    interactionId: 'ix-m',
    status: 'open',
    assigneeId: people.moderator.id,
  }),
  reply,
  client: other,
  interaction: makeInteraction({ id: 'ix-m', clientId: OTHER }),
  users: new Map(Object.values(people).map((person) => [person.id, person])),
};

const time = fc.integer({ min: T0 - 86_400_000, max: now });
const seen = fc.record({
  seenUpTo: fc.option(time, { nil: null }),
  confirmed: fc.option(fc.boolean(), { nil: undefined }),
  newest: fc.option(time, { nil: null }),
});

const decide = (name: 'reply.send' | 'reply.submit', args: Record<string, unknown>, conversation?: Conversation) => {
  const full =
    name === 'reply.send'
      ? { replyId: 'r-m', seenUpTo: null, ...args }
      : { replyId: 'r-m', escalated: false, note: null, ...args };
  return applyMutation({ name, args: full } as ParsedMutation, actorOf(people.moderator), rows, now, conversation);
};

describe('a send after a colleague answered (server)', () => {
  it('is refused with newer_activity exactly when something is newer than what was seen and nobody confirmed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('reply.send' as const, 'reply.submit' as const),
        seen,
        (name, { seenUpTo, confirmed, newest }) => {
          const args = { seenUpTo, ...(confirmed === undefined ? {} : { confirmed }) };
          const outcome = decide(name, args, { newestActivityAt: newest });
          const newer = confirmed !== true && seenUpTo !== null && newest !== null && newest > seenUpTo;
          if (newer) {
            expect(outcome).toMatchObject({ ok: false, refusal: { code: 'newer_activity' } });
            // Words for the logs only, never the reply's or the message's text.
            expect(outcome.ok ? '' : outcome.refusal.message).not.toContain(reply.text);
          } else {
            // Exactly what the rules decide without the conversation.
            expect(outcome).toEqual(decide(name, args));
          }
        },
      ),
    );
  });

  it('answers a reply the actor may not see as not_found, whatever the conversation', () => {
    const outcome = applyMutation(
      { name: 'reply.send', args: { replyId: 'r-m', seenUpTo: T0 } } as ParsedMutation,
      actorOf(people.pharmaModerator),
      rows,
      now,
      { newestActivityAt: now },
    );
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'not_found' } });
  });
});
