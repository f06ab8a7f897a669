import { describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../../shared/contract/events';
import type { LogFields, Logger } from '../log';
import { startNotifyFeed, type Every } from './feed';
import { createNotifier } from './notifier';
import { ME, MINUTE, T0, makeView, manualClock } from './testing';
import type { NotifierOutput, NotifyItemView } from './types';

type Change = EventPayload<'replica:changed'>;

/** A replica stand-in: a map of views, a change listener, a timer the test fires by hand. */
function setup(initial: NotifyItemView[] = [], options: { async?: boolean } = {}) {
  const clock = manualClock();
  const rows = new Map(initial.map((view) => [view.id, view]));
  let listener: ((change: Change) => void) | null = null;
  let tick: (() => void) | null = null;
  let release: (() => void) | null = null;
  const stopTicks = vi.fn();
  const every: Every = (ms, fn) => {
    expect(ms).toBe(30_000);
    tick = fn;
    return stopTicks;
  };
  const errors: [string, LogFields | undefined][] = [];
  const log: Logger = { info() {}, warn() {}, error: (event, fields) => errors.push([event, fields]) };
  const sink = vi.fn<(output: NotifierOutput) => void>();
  const loadViews = vi.fn((ids: readonly string[]) =>
    ids.flatMap((id) => {
      const row = rows.get(id);
      return row ? [row] : [];
    }),
  );
  const feed = startNotifyFeed({
    notifier: createNotifier({ now: clock.now, userId: ME, role: 'moderator' }),
    loadViews,
    loadLiveViews: () => {
      const views = [...rows.values()];
      if (!options.async) return views;
      return new Promise<readonly NotifyItemView[]>((resolve) => (release = () => resolve(views)));
    },
    subscribe: (fn) => {
      listener = fn;
      return () => {
        listener = null;
      };
    },
    sink,
    now: clock.now,
    log,
    every,
  });
  const change = (items: string[], reset = false) => listener?.({ items, contacts: [], reset });
  return {
    clock,
    rows,
    sink,
    loadViews,
    feed,
    change,
    tick: () => tick?.(),
    stopTicks,
    errors,
    listening: () => !!listener,
    /** Lets an asynchronous read of the live items finish. */
    finishLoading: async () => {
      release?.();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

const kinds = (output: NotifierOutput | undefined) => output?.notifications.map((n) => n.kind);

describe('startNotifyFeed', () => {
  it('starts with the badge of what is there, warning only about due times', () => {
    const { sink } = setup([
      makeView({ id: 'dm', kind: 'dm', sentiment: -1 }),
      makeView({ id: 'late', status: 'open', dueAt: T0 - MINUTE }),
    ]);
    expect(sink.mock.calls.map(([output]) => [output.badge, kinds(output)])).toEqual([
      [2, []],
      [2, ['sla_at_risk']],
    ]);
  });

  it('loads the changed items and treats the ones that are gone as removed', () => {
    const { rows, sink, loadViews, change } = setup([makeView({ id: 'old' })]);
    rows.delete('old');
    rows.set('dm', makeView({ id: 'dm', kind: 'dm', sentiment: -1 }));
    change(['old', 'dm']);
    expect(loadViews).toHaveBeenCalledWith(['old', 'dm']);
    expect(sink.mock.lastCall?.[0]).toMatchObject({ badge: 1, notifications: [{ kind: 'urgent_dm' }] });
  });

  it('reconciles everything after a reset', () => {
    const { rows, sink, change } = setup([makeView({ id: 'a' }), makeView({ id: 'b' })]);
    rows.clear();
    rows.set('c', makeView({ id: 'c', kind: 'review', rating: 1 }));
    change([], true);
    expect(sink.mock.lastCall?.[0]).toMatchObject({ badge: 1, notifications: [{ kind: 'negative_review' }] });
  });

  it('ticks for due times and tells the sink only when something changed', () => {
    const { clock, rows, sink, change, tick } = setup();
    rows.set('soon', makeView({ id: 'soon', status: 'open', dueAt: T0 + 30 * MINUTE }));
    change(['soon']);
    const calls = sink.mock.calls.length;
    tick();
    change([]);
    expect(sink.mock.calls.length).toBe(calls);
    clock.advance(20 * MINUTE);
    tick();
    expect(kinds(sink.mock.lastCall?.[0])).toEqual(['sla_at_risk']);
  });

  it('logs a failing query or sink and keeps going', () => {
    const { rows, sink, loadViews, change, errors } = setup();
    loadViews.mockImplementationOnce(() => {
      throw new TypeError('database is locked');
    });
    change(['x']);
    expect(errors).toEqual([['notify.failed', { event: 'change', error: 'TypeError' }]]);
    sink.mockImplementationOnce(() => {
      throw new Error('tray gone');
    });
    rows.set('y', makeView({ id: 'y' }));
    change(['y']);
    expect(errors[1]).toEqual(['notify.sink_failed', { error: 'Error' }]);
    rows.set('z', makeView({ id: 'z' }));
    change(['z']);
    expect(sink.mock.lastCall?.[0].badge).toBe(2);
  });

  it('stops listening and ticking when stopped', () => {
    const { feed, stopTicks, listening } = setup();
    feed.stop();
    expect(listening()).toBe(false);
    expect(stopTicks).toHaveBeenCalledOnce();
  });

  it('reads a big replica asynchronously: changes meanwhile wait and then apply, nothing lost', async () => {
    const existing = makeView({ id: 'i-old', status: 'open' });
    const feed = setup([existing], { async: true });
    // An urgent DM arrives while the live items are still being read.
    feed.rows.set('i-dm', makeView({ id: 'i-dm', kind: 'dm', sentiment: -0.9 }));
    feed.change(['i-dm']);
    feed.tick();
    expect(feed.sink).not.toHaveBeenCalled();
    await feed.finishLoading();
    const outputs = feed.sink.mock.calls.map(([output]) => output);
    expect(outputs[0]?.badge).toBe(1);
    expect(outputs.at(-1)?.badge).toBe(2);
    expect(outputs.flatMap((output) => kinds(output))).toEqual(['urgent_dm']);
  });
});
