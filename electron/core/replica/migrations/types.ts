import type { WritableDb } from '../db';

/**
 * One step of the replica's schema. Versions only increase; a released migration is never
 * edited (add a new one). Synced tables change additively only (see schema.test.ts).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: WritableDb): void;
}
