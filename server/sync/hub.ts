/**
 * The sockets of this instance: pokes after commits a user may see, and presence ("Giulia is
 * replying") relayed to the other users who can see that item's client. Nothing here is stored,
 * and nothing carries data: a poke is `{type:'poke'}`, presence names an item id and a user.
 *
 * Pokes are driven by the change log, not by who committed: after the local sequencer or a NOTIFY
 * from another instance, one round reads which scopes changed since the last round and pokes the
 * sockets that can see one of them.
 */
import type { PresenceActivity, SocketServerMessage } from '../../shared/sync/server-api';
import type { Queryable } from '../db/db';
import { toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';
import { Rounds } from './rounds';
import type { Visibility } from './scope';
import { canSeeClient } from './scope';
import { currentCursor } from './sequencer';

export interface HubSocket {
  readonly userId: string;
  readonly name: string;
  readonly visibility: Visibility;
  /** The session the socket was opened with (SHA-256 of its token). */
  readonly tokenHash: string;
  send(message: SocketServerMessage): void;
  end(code: number, reason: string): void;
}

export class SocketHub {
  private readonly sockets = new Set<HubSocket>();
  private readonly rounds = new Rounds(() => this.round());

  constructor(
    private readonly db: Queryable,
    private pokedThrough: number,
  ) {}

  get size(): number {
    return this.sockets.size;
  }

  add(socket: HubSocket): void {
    this.sockets.add(socket);
  }

  remove(socket: HubSocket): void {
    this.sockets.delete(socket);
  }

  /** A logout on this instance closes that session's sockets at once (others: at their next check). */
  endSession(tokenHash: string, code: number): void {
    for (const socket of this.sockets) if (socket.tokenHash === tokenHash) socket.end(code, 'session ended');
  }

  /** Something was committed somewhere: poke whoever may see it (coalesced). */
  poke(): Promise<void> {
    return this.rounds.request();
  }

  idle(): Promise<void> {
    return this.rounds.idle();
  }

  presence(
    from: HubSocket,
    item: { id: string; clientId: string },
    activity: PresenceActivity | null,
    at: number,
  ): void {
    const message: SocketServerMessage = {
      type: 'presence',
      itemId: item.id,
      userId: from.userId,
      name: from.name,
      activity,
      at,
    };
    for (const socket of this.sockets) {
      if (socket.userId !== from.userId && canSeeClient(socket.visibility, item.clientId)) socket.send(message);
    }
  }

  private async round(): Promise<void> {
    const end = await currentCursor(this.db);
    if (end <= this.pokedThrough) return;
    const from = this.pokedThrough;
    this.pokedThrough = end;
    if (this.sockets.size === 0) return;
    const [changed] = await this.db.query(sql`
      SELECT coalesce(bool_or(ch.scopes IS NULL), false) AS workspace,
        array_agg(DISTINCT s.scope) FILTER (WHERE s.scope IS NOT NULL) AS scopes
      FROM commits c
      JOIN changes ch ON ch.commit_seq = c.seq
      LEFT JOIN LATERAL unnest(ch.scopes) AS s(scope) ON TRUE
      WHERE c.cursor > ${from} AND c.cursor <= ${end}`);
    const workspace = changed?.workspace === true;
    const scopes = toTextArrayOrNull(changed?.scopes) ?? [];
    if (!workspace && scopes.length === 0) return;
    for (const socket of this.sockets) {
      if (workspace || scopes.some((clientId) => canSeeClient(socket.visibility, clientId)))
        socket.send({ type: 'poke' });
    }
  }
}
