import type { Contact, Interaction, Item, Note, Reply, Thread } from '../domain/entities';
import type { EntityBatch } from '../domain/batch';
import { Rng } from './prng';
import { planItem } from './workflow';
import { DemoWorld } from './world';
import { channels, clients, savedReplies, users, workspace } from './workspace';

/**
 * The demo workspace as a stream: the first batch carries the agency (users, clients, channels,
 * saved replies), then every batch brings up to `batchSize` items with their interactions and
 * the contacts, threads, replies and notes they need, parents before children. Deterministic in
 * (seed, items, now); a million items never sit in memory.
 */

export interface DemoOptions {
  seed: number;
  /** 100 … 1,000,000 */
  items: number;
  /** Everything is placed before this instant (epoch ms). */
  now: number;
  batchSize?: number;
  /**
   * Ends a batch early once producing it has taken this long by `clock` (ms), so a consumer that
   * yields between batches is never held much longer. The stream's entities are the same with or
   * without it; only where batches split (and which batch repeats a returning person) varies.
   */
  budgetMs?: number;
  clock?: () => number;
}

/** A batch of the demo workspace: the shared entity batch, with the per-item lists always present. */
export interface DemoBatch extends EntityBatch {
  contacts: Contact[];
  threads: Thread[];
  interactions: Interaction[];
  items: Item[];
  replies: Reply[];
  notes: Note[];
}

const DAY = 86_400_000;

export function* generateDemo(options: DemoOptions): Generator<DemoBatch> {
  const total = Math.max(0, Math.floor(options.items));
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 2000));
  const { now, seed } = options;
  const rng = new Rng(seed);
  // About 2,500 interactions a day: a week for small demos, a year at a million.
  const span = Math.min(365, Math.max(3, total / 2500)) * DAY;
  const start = now - span;
  const world = new DemoWorld(rng, seed, Math.max(40, Math.round(total / 4)), now);

  let batch = emptyBatch();
  Object.assign(batch, { workspace, users, clients, channels, savedReplies });
  let contactSlots = new Map<string, number>();
  const { clock, budgetMs } = options;
  const timed = clock !== undefined && budgetMs !== undefined;
  let batchStarted = timed ? clock() : 0;

  for (let index = 1; index <= total; index += 1) {
    const createdAt = Math.floor(start + ((index - 1 + rng.float()) * span) / total);
    const step = world.step(index, createdAt);
    batch.threads.push(...step.threads);
    if (step.contact) {
      // A person met twice in one batch (new platform) is written once, with every handle.
      const slot = contactSlots.get(step.contact.id);
      if (slot === undefined) {
        contactSlots.set(step.contact.id, batch.contacts.length);
        batch.contacts.push(step.contact);
      } else {
        batch.contacts[slot] = step.contact;
      }
    }
    if (step.note) batch.notes.push(step.note);
    const plan = planItem(rng, {
      index,
      interaction: step.interaction,
      client: step.channel.client,
      now,
      label: step.said.label,
      contactLabels: step.person.labels,
      contactFirstName: step.person.firstName,
      savedReplies: step.channel.savedReplies,
    });
    batch.interactions.push(step.interaction);
    batch.items.push(plan.item);
    if (plan.reply) batch.replies.push(plan.reply);

    if (batch.items.length >= batchSize || (timed && clock() - batchStarted >= budgetMs)) {
      yield batch;
      batch = emptyBatch();
      contactSlots = new Map();
      if (timed) batchStarted = clock();
    }
  }
  if (batch.items.length > 0 || batch.workspace) yield batch;
}

function emptyBatch(): DemoBatch {
  return { contacts: [], threads: [], interactions: [], items: [], replies: [], notes: [] };
}
