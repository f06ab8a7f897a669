import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMigrationOrder,
  migrateAsync,
  migrateSync,
  planMigrations,
  type AsyncMigrationDb,
  type NumberedMigration,
  type SyncMigrationDb,
} from './migrate';

const numbered = (count: number): NumberedMigration[] =>
  Array.from({ length: count }, (_, index) => ({ version: index + 1, name: `m${index + 1}` }));

class TooNew extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`database at ${found}, code knows ${known}`);
  }
}
const options = { what: 'test migrations', tooNew: (found: number, known: number) => new TooNew(found, known) };

/**
 * A database in memory: its version, what ran, and a transaction that keeps nothing when its body
 * throws (as both real databases do).
 */
function memoryDb(version: number, failing: number | null = null) {
  const state = { version, applied: [] as number[], transactions: 0 };
  const steps = (draft: typeof state) => ({
    version: () => draft.version,
    apply(migration: NumberedMigration) {
      if (migration.version === failing) throw new Error(`migration ${migration.version} fails`);
      draft.applied.push(migration.version);
    },
    record(migration: NumberedMigration) {
      draft.version = migration.version;
    },
  });
  const sync: SyncMigrationDb<NumberedMigration> = {
    transaction(body) {
      state.transactions += 1;
      const draft = { ...state, applied: [...state.applied] };
      const result = body(steps(draft));
      Object.assign(state, draft);
      return result;
    },
  };
  const async: AsyncMigrationDb<NumberedMigration> = {
    async transaction(body) {
      state.transactions += 1;
      const draft = { ...state, applied: [...state.applied] };
      const inner = steps(draft);
      const result = await body({
        version: async () => inner.version(),
        apply: async (migration) => inner.apply(migration),
        record: async (migration) => inner.record(migration),
      });
      Object.assign(state, draft);
      return result;
    },
  };
  return { state, sync, async };
}

describe('the migration plan', () => {
  it('runs exactly the migrations after the database version, in order, up to the last one', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(30), (count, at) => {
        const list = numbered(count);
        const from = Math.min(at, count);
        const plan = planMigrations(list, from, options.tooNew);
        expect(plan.from).toBe(from);
        expect(plan.to).toBe(count);
        expect(plan.pending.map((migration) => migration.version)).toEqual(
          Array.from({ length: count - from }, (_, index) => from + index + 1),
        );
      }),
    );
  });

  it('refuses a database newer than the code with the caller’s error', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.integer({ min: 1, max: 30 }), (count, ahead) => {
        const refusal = (() => {
          try {
            planMigrations(numbered(count), count + ahead, options.tooNew);
            return null;
          } catch (error) {
            return error;
          }
        })();
        expect(refusal).toBeInstanceOf(TooNew);
        expect(refusal).toMatchObject({ found: count + ahead, known: count });
      }),
    );
  });

  it('accepts only versions 1, 2, 3… in order', () => {
    expect(() => checkMigrationOrder(numbered(4), 'test migrations')).not.toThrow();
    expect(() => checkMigrationOrder([], 'test migrations')).not.toThrow();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 8 }), (versions) => {
        const list = versions.map((version) => ({ version, name: `v${version}` }));
        const contiguous = versions.every((version, index) => version === index + 1);
        if (contiguous) expect(() => checkMigrationOrder(list, 'test migrations')).not.toThrow();
        else
          expect(() => checkMigrationOrder(list, 'test migrations')).toThrow(
            /test migrations out of order.*versions must be 1, 2, 3/,
          );
      }),
    );
  });
});

describe.each(['sync', 'async'] as const)('the %s runner', (kind) => {
  const run = (db: ReturnType<typeof memoryDb>, list: readonly NumberedMigration[]) =>
    kind === 'sync'
      ? Promise.resolve().then(() => migrateSync(db.sync, list, options))
      : migrateAsync(db.async, list, options);

  it('applies and records every pending migration in one transaction, and nothing the second time', async () => {
    const db = memoryDb(2);
    const plan = await run(db, numbered(5));
    expect(plan).toMatchObject({ from: 2, to: 5 });
    expect(db.state).toEqual({ version: 5, applied: [3, 4, 5], transactions: 1 });
    expect((await run(db, numbered(5))).pending).toEqual([]);
    expect(db.state.applied).toEqual([3, 4, 5]);
  });

  it('leaves the database as it was when a migration fails', async () => {
    const db = memoryDb(1, 4);
    await expect(run(db, numbered(5))).rejects.toThrow(/migration 4 fails/);
    expect(db.state).toMatchObject({ version: 1, applied: [] });
  });

  it('refuses a newer database, and a list out of order before touching the database', async () => {
    const newer = memoryDb(7);
    await expect(run(newer, numbered(5))).rejects.toBeInstanceOf(TooNew);
    expect(newer.state).toMatchObject({ version: 7, applied: [] });
    const untouched = memoryDb(0);
    await expect(run(untouched, [{ version: 2, name: 'gap' }])).rejects.toThrow(/out of order/);
    expect(untouched.state.transactions).toBe(0);
  });
});
