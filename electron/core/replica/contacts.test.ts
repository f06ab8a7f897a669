import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactCardResult } from '../../../shared/contract/queue';
import { contactCard } from './contacts';
import { ReplicaError } from './errors';
import { sql } from './sql';
import { openDemoReplica, type TempReplica } from './testing';

let opened: TempReplica;
beforeAll(async () => {
  opened = await openDemoReplica(1500, 5);
});
afterAll(() => opened.dispose());

describe('contactCard', () => {
  it("shows a returning person's history across platforms and clients, newest first", () => {
    const { reader } = opened.replica;
    // The person seen on the most platforms.
    const contactId = reader.column<string>(sql`SELECT c.id FROM contacts c
      JOIN contact_handles h ON h.contact_pk = c.pk GROUP BY c.pk ORDER BY count(*) DESC, c.pk LIMIT 1`)[0];
    if (contactId === undefined) throw new Error('no contact');
    const expected = reader.column<string>(sql`SELECT x.id FROM interactions x
      WHERE x.contact_pk = (SELECT pk FROM contacts WHERE id = ${contactId}) ORDER BY x.created_at DESC, x.pk DESC`);

    const card = contactCard(reader, contactId, { historyLimit: 500 });
    expect(contactCardResult.parse(card)).toBeTruthy();
    expect(card.contact.handles.length).toBeGreaterThanOrEqual(3);
    expect(card.history.map((entry) => entry.interactionId)).toEqual(expected);
    expect(card.hasMoreHistory).toBe(false);
    expect(new Set(card.history.map((entry) => entry.platform)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(card.history.map((entry) => entry.platform))).toEqual(
      new Set(card.contact.handles.map((h) => h.platform)),
    );
    for (const entry of card.history) expect(entry.itemId).toMatch(/^it-/);

    const bounded = contactCard(reader, contactId, { historyLimit: 3 });
    expect(bounded.history.map((entry) => entry.interactionId)).toEqual(expected.slice(0, 3));
    expect(bounded.hasMoreHistory).toBe(true);
  });

  it("shows the team's notes with their authors", () => {
    const { reader } = opened.replica;
    const contactId = reader.column<string>(
      sql`SELECT c.id FROM notes n JOIN contacts c ON c.pk = n.contact_pk LIMIT 1`,
    )[0];
    if (contactId === undefined) throw new Error('the demo has no note');
    const card = contactCard(reader, contactId);
    expect(card.notes.length).toBeGreaterThan(0);
    expect(card.notes[0]?.authorName).toMatch(/\w+ \w+/);
  });

  it('answers not_found for a contact it does not have', () => {
    expect(() => contactCard(opened.replica.reader, 'ct-nobody')).toThrow(ReplicaError);
  });
});
