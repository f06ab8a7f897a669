import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { batchEntries, entitiesOf, type EntityBatch } from '../domain/batch';
import { makeClient, makeInteraction, makeItem, makeReply, makeSavedReply, T0 } from '../domain/testing';
import { syncEntity } from '../sync/protocol';
import {
  entityRank,
  entityRegistry,
  ownScopes,
  sortKeyOf,
  syncEntities,
  type DerivedScopedEntity,
  type SyncEntity,
} from './registry';

describe('the entity registry', () => {
  it('names the eleven synced entities, in rank order, as the protocol spells them', () => {
    expect(syncEntities).toEqual([
      'workspace',
      'client',
      'user',
      'channel',
      'saved_reply',
      'contact',
      'thread',
      'interaction',
      'item',
      'reply',
      'note',
    ]);
    expect([...syncEntity.options].sort()).toEqual([...syncEntities].sort());
  });

  it('keeps the ranks the server stores (entities.rank): distinct, 0 to 10', () => {
    expect(entityRank).toEqual({
      workspace: 0,
      client: 1,
      user: 2,
      channel: 3,
      saved_reply: 4,
      contact: 5,
      thread: 6,
      interaction: 7,
      item: 8,
      reply: 9,
      note: 10,
    });
  });

  it('ranks every parent below its children, and names only registered parents', () => {
    for (const entity of syncEntities) {
      for (const parent of entityRegistry[entity].parents as readonly string[]) {
        expect(syncEntities, `${entity} → ${parent}`).toContain(parent);
        expect(entityRank[parent as SyncEntity], `${entity} → ${parent}`).toBeLessThan(entityRank[entity]);
      }
    }
  });

  it('gives every entity a distinct batch key and a scope rule', () => {
    const keys = syncEntities.map((entity) => entityRegistry[entity].batchKey);
    expect(new Set(keys).size).toBe(syncEntities.length);
    for (const entity of syncEntities) expect(['own', 'derived']).toContain(entityRegistry[entity].scope.kind);
  });

  it('knows at type level which entities take their scopes from other rows (row() asks only them)', () => {
    expectTypeOf<DerivedScopedEntity>().toEqualTypeOf<'contact' | 'note'>();
    const derived = syncEntities.filter((entity) => entityRegistry[entity].scope.kind === 'derived');
    expect(derived).toEqual(['contact', 'note']);
  });

  it('scopes a row to the client it belongs to, a user to where they work, the workspace to everyone', () => {
    const client = makeClient({ id: 'c-1' });
    expect(ownScopes('workspace', { id: 'ws', name: 'W' })).toBeNull();
    expect(ownScopes('client', client)).toEqual(['c-1']);
    expect(ownScopes('saved_reply', makeSavedReply({ id: 'sr', clientId: 'c-2' }))).toEqual(['c-2']);
    expect(ownScopes('item', makeItem({ id: 'it', clientId: 'c-3' }))).toEqual(['c-3']);
    expect(ownScopes('reply', makeReply({ id: 'r', clientId: 'c-4' }))).toEqual(['c-4']);
    const user = { id: 'u', name: 'U', email: 'u@x.example', role: 'moderator' as const, alsoApprover: false };
    expect(ownScopes('user', { ...user, clientIds: ['c-1', 'c-2'] })).toEqual(['c-1', 'c-2']);
    expect(ownScopes('user', { ...user, clientIds: null })).toBeNull();
    expect(entityRegistry.contact.scope.kind).toBe('derived');
    expect(entityRegistry.note.scope.kind).toBe('derived');
  });

  it('sorts timed entities by their time and the rest together, whatever the stored value holds', () => {
    expect(sortKeyOf('interaction', makeInteraction({ id: 'ix', createdAt: T0 + 5 }))).toBe(T0 + 5);
    expect(sortKeyOf('contact', { id: 'ct', firstSeenAt: 7 })).toBe(7);
    expect(sortKeyOf('client', makeClient({ id: 'c' }))).toBe(0);
    fc.assert(
      fc.property(fc.constantFrom(...syncEntities), fc.anything(), (entity, createdAt) => {
        const key = sortKeyOf(entity, { createdAt, firstSeenAt: createdAt });
        expect(typeof key).toBe('number');
      }),
    );
  });

  it('reads a batch parents first, whatever order its fields were written in', () => {
    const batch: EntityBatch = {
      items: [makeItem({ id: 'it' })],
      interactions: [makeInteraction({ id: 'ix' })],
      workspace: { id: 'ws', name: 'W' },
      clients: [makeClient({ id: 'c' })],
    };
    expect([...batchEntries(batch)].map((entry) => entry.entity)).toEqual([
      'workspace',
      'client',
      'interaction',
      'item',
    ]);
    expect(entitiesOf(batch, 'workspace')).toEqual([{ id: 'ws', name: 'W' }]);
    expect(entitiesOf(batch, 'note')).toEqual([]);
  });
});
