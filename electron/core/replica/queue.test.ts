import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeStatuses,
  queueListArgs,
  queueViewStatuses,
  SENTIMENT_THRESHOLD,
  type QueueFilters,
  type QueueListArgs,
  type QueueSort,
  type QueueView,
} from '../../../shared/contract/queue';
import type { InteractionKind, ItemStatus } from '../../../shared/domain/entities';
import { ReplicaError } from './errors';
import { queuePage, type QueueLimits } from './queue';
import { sql } from './sql';
import { openDemoReplica, type TempReplica } from './testing';
import { plansOf, recordingReader } from './testing-db';

interface RefItem {
  pk: number;
  id: string;
  status: ItemStatus;
  priority: number;
  prioKey: number;
  createdAt: number;
  clientId: string;
  channelId: string;
  assigneeId: string | null;
  kind: InteractionKind;
  sentiment: number;
  sensitive: number;
  labels: string;
}

let opened: TempReplica;
let all: RefItem[];
beforeAll(async () => {
  opened = await openDemoReplica(900, 11);
  all = opened.replica.reader.all<RefItem>(sql`SELECT i.pk, i.id, i.status, i.priority, i.prio_key AS prioKey,
      i.created_at AS createdAt, cl.id AS clientId, ch.id AS channelId, u.id AS assigneeId, x.kind, x.sentiment,
      x.sensitive, coalesce((SELECT json_group_array(label) FROM item_labels WHERE item_pk = i.pk), '[]') AS labels
    FROM items i NOT INDEXED
    JOIN interactions x ON x.pk = i.interaction_pk
    JOIN clients cl ON cl.pk = i.client_pk
    JOIN channels ch ON ch.pk = i.channel_pk
    LEFT JOIN users u ON u.pk = i.assignee_pk`);
});
afterAll(() => opened.dispose());

/** The same question answered the slow, obvious way. */
function expected(args: QueueListArgs): string[] {
  const f = args.filters;
  const statuses = queueViewStatuses[args.view].filter((s) => !f.statuses || f.statuses.includes(s));
  const rows = all.filter(
    (r) =>
      statuses.includes(r.status) &&
      (args.view !== 'mine' || r.assigneeId === args.userId) &&
      (f.assigneeId === undefined || r.assigneeId === f.assigneeId) &&
      (f.clientId === undefined || r.clientId === f.clientId) &&
      (f.channelId === undefined || r.channelId === f.channelId) &&
      (f.kinds === undefined || f.kinds.includes(r.kind)) &&
      (f.priorityMin === undefined || r.priority >= f.priorityMin) &&
      (f.label === undefined || (JSON.parse(r.labels) as string[]).includes(f.label)) &&
      (f.needsApproval === undefined || r.sensitive === (f.needsApproval ? 1 : 0)) &&
      (f.sentiment === undefined ||
        (f.sentiment === 'negative'
          ? r.sentiment < -SENTIMENT_THRESHOLD
          : f.sentiment === 'positive'
            ? r.sentiment > SENTIMENT_THRESHOLD
            : Math.abs(r.sentiment) <= SENTIMENT_THRESHOLD)),
  );
  const key = (r: RefItem) => (args.sort === 'priority' ? r.prioKey : r.createdAt);
  const sign = args.sort === 'newest' ? -1 : 1;
  rows.sort((a, b) => sign * (key(a) - key(b) || a.pk - b.pk));
  return rows.map((r) => r.id);
}

/** Every page until the cursor runs out. */
function paginate(args: QueueListArgs, limits?: QueueLimits): string[] {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 5000; pages += 1) {
    const page = queuePage(opened.replica.reader, { ...args, after }, limits);
    expect(page.rows.length).toBeLessThanOrEqual(args.limit);
    ids.push(...page.rows.map((row) => row.itemId));
    if (page.nextCursor === null) return ids;
    after = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const views: QueueView[] = ['inbox', 'mine', 'awaiting_approval', 'snoozed', 'done', 'all'];
const sorts: QueueSort[] = ['priority', 'newest', 'oldest'];
const sortFits = (view: QueueView, sort: QueueSort) =>
  sort !== 'priority' || queueViewStatuses[view].every((s) => activeStatuses.includes(s));

const filtersArb: fc.Arbitrary<QueueFilters> = fc.record(
  {
    clientId: fc.constantFrom('cl-vitalia', 'cl-bellini', 'cl-pastadorata'),
    channelId: fc.constantFrom('ch-vit-facebook', 'ch-bel-x', 'ch-pd-google', 'ch-pd-instagram'),
    kinds: fc.subarray<InteractionKind>(['comment', 'reply', 'dm', 'review', 'mention', 'share', 'follow'], {
      minLength: 1,
    }),
    statuses: fc.subarray<ItemStatus>(['new', 'open', 'answered', 'done', 'snoozed', 'awaiting_approval'], {
      minLength: 1,
    }),
    priorityMin: fc.integer({ min: 0, max: 100 }),
    assigneeId: fc.constantFrom<string | null>('us-giulia', 'us-marco', null),
    label: fc.constantFrom('reclamo', 'farmacovigilanza', 'vip', 'stampa'),
    sentiment: fc.constantFrom('negative', 'neutral', 'positive'),
    needsApproval: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('queuePage', () => {
  it('pages through every matching item exactly once, in order, for any filters and sort', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...views),
        fc.constantFrom(...sorts),
        filtersArb,
        fc.integer({ min: 3, max: 60 }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        (view, sort, filters, limit, scanBudget) => {
          fc.pre(sortFits(view, sort));
          const args = queueListArgs.parse({ view, sort, filters, limit, userId: 'us-giulia' });
          expect(paginate(args, scanBudget === undefined ? {} : { scanBudget })).toEqual(expected(args));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('returns what a queue row shows', () => {
    const page = queuePage(opened.replica.reader, queueListArgs.parse({ view: 'all', sort: 'newest', limit: 200 }));
    expect(page.rows).toHaveLength(200);
    for (const row of page.rows) {
      expect([...row.excerpt].length).toBeLessThanOrEqual(141);
      expect(row.authorName).not.toBe('');
      expect(row.channelName).not.toBe('');
      expect(row.clientName).toMatch(/Vitalia|Bellini|Pasta/);
    }
    const labelled = page.rows.find((row) => row.labels.length > 0);
    expect(labelled?.labels.every((label) => typeof label === 'string')).toBe(true);
    const assigned = page.rows.find((row) => row.assignee !== null);
    expect(assigned?.assignee?.name).toMatch(/\w+ \w+/);
    const review = queuePage(
      opened.replica.reader,
      queueListArgs.parse({ view: 'all', sort: 'newest', filters: { kinds: ['review'] } }),
    );
    expect(review.rows.every((row) => row.rating !== null && row.platform === 'google')).toBe(true);
  });

  it('stops after a bounded walk and hands back a cursor when a filter is rare', () => {
    const args = queueListArgs.parse({
      view: 'done',
      sort: 'newest',
      filters: { kinds: ['review'], sentiment: 'negative' },
      limit: 50,
    });
    const first = queuePage(opened.replica.reader, args, { scanBudget: 20 });
    expect(first.rows.length).toBeLessThan(50);
    expect(first.nextCursor).not.toBeNull();
    expect(paginate(args, { scanBudget: 20 })).toEqual(expected(args));
  });

  it('walks the indexes in order: no sort of the whole view, whatever the filters', () => {
    const reader = recordingReader(opened.replica.reader);
    const cases: unknown[] = [
      { view: 'inbox', sort: 'priority', filters: { clientId: 'cl-vitalia', sentiment: 'negative' } },
      { view: 'inbox', sort: 'newest', filters: { channelId: 'ch-bel-x', kinds: ['comment'] } },
      { view: 'done', sort: 'oldest', filters: { needsApproval: true, priorityMin: 30 } },
      { view: 'all', sort: 'newest', filters: { label: 'reclamo' } },
      { view: 'inbox', sort: 'oldest', filters: { label: 'vip', clientId: 'cl-bellini' } },
      { view: 'mine', userId: 'us-marco', sort: 'priority', filters: { priorityMin: 50 } },
    ];
    for (const args of cases) queuePage(reader, queueListArgs.parse(args));
    const plans = plansOf(opened.replica.reader, reader.queries);
    expect(plans.join('\n')).not.toMatch(/TEMP B-TREE/);
    expect(plans.filter((line) => /^SCAN items/.test(line))).toEqual([]);
  });

  it('refuses what it cannot answer well, with a reason', () => {
    const reader = opened.replica.reader;
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof ReplicaError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => queuePage(reader, queueListArgs.parse({ view: 'mine' })))).toBe('invalid_args');
    expect(code(() => queuePage(reader, queueListArgs.parse({ view: 'done', sort: 'priority' })))).toBe('invalid_args');
    expect(code(() => queuePage(reader, queueListArgs.parse({ after: 'bm90IGEgY3Vyc29y' })))).toBe('invalid_args');
    const newest = queuePage(reader, queueListArgs.parse({ view: 'all', sort: 'newest', limit: 5 }));
    const wrongSort = queueListArgs.parse({ view: 'all', sort: 'oldest', after: newest.nextCursor });
    expect(code(() => queuePage(reader, wrongSort))).toBe('invalid_args');
  });

  it('answers an empty page for a view narrowed to nothing', () => {
    const page = queuePage(
      opened.replica.reader,
      queueListArgs.parse({ view: 'inbox', filters: { statuses: ['done'] } }),
    );
    expect(page).toEqual({ rows: [], nextCursor: null, searchLimited: false });
  });
});
