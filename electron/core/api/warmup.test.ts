import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../log';
import { openDemoReplica } from '../replica/testing';
import { createQueueHandlers } from './queue-handlers';
import { createItemActions } from './item-actions';
import { stubHandlers } from './testing';
import { warmUpFirstScreen } from './warmup';

describe('warming up the first screen', () => {
  it("reads what the first screen shows (the inbox's first item, its contact and client) and says so", async () => {
    const opened = await openDemoReplica(300);
    try {
      const asked: string[] = [];
      const queue = createQueueHandlers(opened.replica.reader);
      const actions = createItemActions({ db: opened.replica.writer, actor: () => null, now: Date.now });
      const handlers = stubHandlers({
        'queue:open': async (args) => {
          const opened = await queue['queue:open'](args);
          asked.push(`queue:open ${opened.detail?.item.id} ${opened.contact?.contact.id}`);
          return opened;
        },
        'queue:counts': (args) => (asked.push('queue:counts'), queue['queue:counts'](args)),
        'client:get': ({ clientId }) => (asked.push('client:get'), actions.client(clientId)),
        'savedReplies:list': (args) => (asked.push('savedReplies:list'), queue['savedReplies:list'](args)),
      });
      const lines: [string, LogFields | undefined][] = [];
      const log: Logger = {
        info: (m, f) => lines.push([m, f]),
        warn: (m, f) => lines.push([m, f]),
        error: (m, f) => lines.push([m, f]),
      };
      await warmUpFirstScreen(handlers, log);
      const first = await queue['queue:list']({ view: 'inbox', sort: 'priority', limit: 1, after: null, filters: {} });
      expect(asked).toContain(`queue:open ${first.rows[0]?.itemId} ${first.rows[0]?.authorId}`);
      expect(asked).toEqual(expect.arrayContaining(['queue:counts', 'client:get', 'savedReplies:list']));
      // Nothing failed on the way: the only line is the one saying it is done.
      expect(lines.map(([message]) => message)).toEqual(['core.warmed_up']);
    } finally {
      opened.dispose();
    }
  });
});
