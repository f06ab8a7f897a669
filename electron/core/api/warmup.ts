/**
 * The first screen's reads, made once by the core itself right after start: the first answer of
 * each call pays for preparing its SQL statements, reading its pages into SQLite's cache and the
 * first runs of its schemas (about 150 ms at 100k items, 60 ms for the first queue page alone).
 * Done while the window loads its code, the user's first screen then gets warm answers.
 * Read-only; a failure only means the first screen pays the cost itself.
 */
import type { CallName } from '../../../shared/contract';
import type { Logger } from '../log';
import { dispatchCall, type Handlers } from './dispatch';

interface FirstRow {
  readonly itemId: string;
  readonly authorId: string;
  readonly clientId: string;
}

export async function warmUpFirstScreen(handlers: Handlers, log: Logger): Promise<void> {
  const call = async (name: CallName, args: unknown) => {
    const result = await dispatchCall(handlers, name, args, log);
    return result.ok ? result.value : null;
  };
  const started = performance.now();
  // What the renderer asks first: the inbox opened with its first row's detail (queueApi.ts).
  const [opened] = await Promise.all([
    call('queue:open', { view: 'inbox', sort: 'priority', limit: 60, after: null }),
    call('queue:counts', {}),
  ]);
  const first = (opened as { page?: { rows?: readonly FirstRow[] } } | null)?.page?.rows?.[0];
  if (first) {
    await Promise.all([
      call('client:get', { clientId: first.clientId }),
      call('savedReplies:list', { clientId: first.clientId }),
    ]);
  }
  log.info('core.warmed_up', { ms: Math.round(performance.now() - started) });
}
