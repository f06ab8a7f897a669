/**
 * Checks a stored chain from its first event to its recorded head, in pages (a chain may hold
 * millions of events), with the pure `verifyChain` of shared/domain/audit.ts. Pages overlap by a
 * few events so a problem at a page's end is judged with what follows it.
 *
 * A chain with no head is intact only if nothing shows it ever held events (traces.ts): a chain
 * deleted with its head is reported `removed` from event 1, a head deleted with events left is
 * reported `removed` after the last event (what followed it, if anything, is gone with the head).
 */
import type { ChainPoint, ChainProblem } from '../../shared/domain/audit';
import { CHAIN_START, verifyChain } from '../../shared/domain/audit';
import type { Queryable } from '../db/db';
import { findChainHead, readChainPage } from './store';
import { chainHasTraces } from './traces';

export type ChainReport =
  | { readonly ok: true; readonly clientId: string | null; readonly events: number; readonly head: ChainPoint }
  | {
      readonly ok: false;
      readonly clientId: string | null;
      readonly problem: ChainProblem;
      readonly head: ChainPoint;
    };

const OVERLAP = 4;

export async function verifyStoredChain(db: Queryable, clientId: string | null, pageSize = 5000): Promise<ChainReport> {
  const recorded = await findChainHead(db, clientId);
  if (recorded === null && !(await chainHasTraces(db, clientId))) {
    return { ok: true, clientId, events: 0, head: CHAIN_START };
  }
  const head = recorded ?? CHAIN_START;
  let start = CHAIN_START;
  let startIndex = 0;
  for (;;) {
    const page = await readChainPage(db, clientId, start.seq, pageSize + OVERLAP);
    const isLast = page.length <= pageSize;
    const verdict = verifyChain(page, { start, startIndex, head: isLast && recorded !== null ? head : null });
    if (!verdict.ok && (isLast || verdict.index < startIndex + pageSize)) {
      const { kind, index, seq } = verdict;
      return { ok: false, clientId, problem: { kind, index, seq }, head };
    }
    if (isLast && recorded === null) {
      // Traces of this chain but no head: it was deleted, with all its events or after the last left.
      const last = page.at(-1)?.seq ?? start.seq;
      return {
        ok: false,
        clientId,
        problem: { kind: 'removed', index: startIndex + page.length, seq: last + 1 },
        head,
      };
    }
    if (isLast) return { ok: true, clientId, events: startIndex + page.length, head };
    const last = page[pageSize - 1];
    if (last === undefined) throw new Error('audit: a page ended early');
    start = { seq: last.seq, hash: last.hash };
    startIndex += pageSize;
  }
}
