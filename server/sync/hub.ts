/**
 * The sockets of this instance: pokes after commits a user may see, and presence ("Giulia is
 * replying") relayed to the other users who can see that item's client. Nothing here is stored,
 * and nothing carries data: a poke is `{type:'poke'}`, presence names an item id and a user.
 *
 * Pokes are driven by the change log, not by who committed: after the local sequencer or a NOTIFY
 * from another instance, one round reads which scopes changed since the last round and pokes the
 * sockets that can see one of them.
 *
 * Presence crosses instances on PostgreSQL: each signal is also sent as a NOTIFY on
 * PRESENCE_CHANNEL (a small JSON payload, far below PostgreSQL's 8000-byte limit), and every
 * other instance relays it to its own sockets with the same visibility rule. Two moderators
 * connected to different instances of one team server thus see each other viewing or replying.
 * Still nothing is stored: an instance that dies takes its users' presence along, and the desktops
 * forget it after a few quiet minutes (electron/core/sync/presence.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { epochMs, id } from '../../shared/domain/entities';
import { presenceActivity, type PresenceActivity, type SocketServerMessage } from '../../shared/sync/server-api';
import type { Db, Queryable } from '../db/db';
import { toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';
import { Rounds } from './rounds';
import type { Visibility } from './scope';
import { canSeeClient } from './scope';
import { currentCursor } from './sequencer';

export const PRESENCE_CHANNEL = 'moderator_desk_presence';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PRESENCE_PAYLOAD_BYTES = 7900;

/** A presence signal between instances; `origin` tells an instance its own signals apart. */
const peerPresence = z.object({
  origin: z.string().min(1).max(64),
  itemId: id,
  clientId: id,
  userId: id,
  name: z.string().max(400),
  activity: presenceActivity.nullable(),
  at: epochMs,
});
type PeerPresence = z.infer<typeof peerPresence>;

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
  private readonly origin = randomUUID();
  /** NOTIFYs go out one after the other, so other instances see one user's signals in order. */
  private outgoing: Promise<void> = Promise.resolve();
  private sharing = false;

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
    const signal: PeerPresence = {
      origin: this.origin,
      itemId: item.id,
      clientId: item.clientId,
      userId: from.userId,
      name: from.name,
      activity,
      at,
    };
    this.relay(signal);
    if (this.sharing) this.publish(signal);
  }

  /**
   * Shares presence with the other instances on the same PostgreSQL (on PGlite there are none).
   * Returns the function that stops, after the signals already on their way went out.
   */
  async sharePresence(db: Db): Promise<() => Promise<void>> {
    if (db.kind !== 'postgres') return () => Promise.resolve();
    const stop = await db.listen(PRESENCE_CHANNEL, (payload) => this.fromPeer(payload));
    this.sharing = true;
    return async () => {
      this.sharing = false;
      await this.outgoing;
      await stop();
    };
  }

  /** To this instance's sockets: users other than the sender who can see the item's client. */
  private relay(signal: PeerPresence): void {
    const message: SocketServerMessage = {
      type: 'presence',
      itemId: signal.itemId,
      userId: signal.userId,
      name: signal.name,
      activity: signal.activity,
      at: signal.at,
    };
    for (const socket of this.sockets) {
      if (socket.userId !== signal.userId && canSeeClient(socket.visibility, signal.clientId)) socket.send(message);
    }
  }

  private publish(signal: PeerPresence): void {
    const payload = JSON.stringify(signal);
    // Ids are at most 64 characters and names short: only a pathological name gets here.
    if (Buffer.byteLength(payload) > MAX_PRESENCE_PAYLOAD_BYTES) return;
    this.outgoing = this.outgoing
      .then(() => this.db.query(sql`SELECT pg_notify(${PRESENCE_CHANNEL}, ${payload})`))
      // Presence is ephemeral: a lost signal is corrected by the next one or by the expiry.
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /** A NOTIFY on PRESENCE_CHANNEL: another instance's signal (ours come back too: skipped). */
  private fromPeer(payload: string | null): void {
    if (payload === null || payload.length > MAX_PRESENCE_PAYLOAD_BYTES) return;
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return;
    }
    const parsed = peerPresence.safeParse(json);
    if (!parsed.success || parsed.data.origin === this.origin) return;
    this.relay(parsed.data);
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
