import type BetterSqlite3 from 'better-sqlite3';
import type { ReplicaBatch } from './ingest';

/**
 * The build worker's row writer (see buildWorker.ts): entities in, rows out, with explicit pks.
 * Self-contained like the worker's main function — its source text is evaluated in the worker,
 * so it uses nothing from outside itself at run time.
 *
 * References are resolved from id → pk maps held here (the replica was empty of the big tables
 * when the build began); derived columns are computed as the triggers would (search_handles,
 * labeled, prio_key). An entity met again replaces its row in place, children included; people
 * (who come back with every new platform) are kept in memory and written once, at the end, in
 * their latest version. Rows wait in per-statement buffers and go in GROUP at a time; every
 * buffer is flushed before a known row is replaced, before a row is read back and at the end.
 */

type Fact = { pk: number; clientPk: number; channelPk: number; kind: string; sentiment: number; sensitive: number };

export interface RowWriter {
  write(batch: ReplicaBatch): void;
  flush(): void;
  readonly counts: { rows: number; interactions: number; items: number };
}

export function createRowWriter(db: BetterSqlite3.Database, big: readonly string[]): RowWriter {
  const counts = { rows: 0, interactions: 0, items: 0 };
  const bool = (value: boolean) => (value ? 1 : 0);

  /** id → pk of every row written or already there (the small tables may hold rows). */
  const pks: Record<string, Map<string, number>> = {};
  const next: Record<string, number> = {};
  for (const table of ['workspace', 'clients', 'users', 'channels', 'saved_replies', ...big]) {
    const map = new Map<string, number>();
    for (const row of db.prepare(`SELECT id, pk FROM ${table}`).raw().iterate() as Iterable<[string, number]>) {
      map.set(row[0], row[1]);
    }
    pks[table] = map;
    next[table] = ((db.prepare(`SELECT max(pk) FROM ${table}`).pluck().get() as number | null) ?? 0) + 1;
  }
  const channelClient = new Map<number, number>();
  for (const row of db.prepare('SELECT pk, client_pk FROM channels').raw().iterate() as Iterable<[number, number]>) {
    channelClient.set(row[0], row[1]);
  }
  const threadFacts = new Map<number, [number, number]>();
  /**
   * The latest version of every person of the build, by pk. A Map keeps its first insertion
   * order, and pks are handed out at first sight, so this is pk order.
   */
  const people = new Map<number, NonNullable<ReplicaBatch['contacts']>[number]>();
  /**
   * Facts of the rows this build wrote, by pk, `stride` numbers a row in one growing typed array
   * (a field of 0 where nothing was written): the items and replies that follow read them here —
   * in a server snapshot all interactions come before any item, so "the last few" would not do.
   */
  const byPk = (stride: number) => {
    let data = new Float64Array(1024 * stride);
    return {
      set(pk: number, ...values: number[]) {
        if ((pk + 1) * stride > data.length) {
          const wider = new Float64Array(Math.max(data.length * 2, (pk + 1) * stride * 2));
          wider.set(data);
          data = wider;
        }
        data.set(values, pk * stride);
      },
      get: (pk: number, field: number) =>
        (pk + 1) * stride <= data.length ? (data[pk * stride + field] as number) : 0,
    };
  };
  /** Interactions: client pk, channel pk, sentiment, sensitive + 2 × kind index (32 bytes a row). */
  const facts = byPk(4);
  const kinds: string[] = [];
  const kindIndex = (kind: string) => {
    const at = kinds.indexOf(kind);
    return at >= 0 ? at : kinds.push(kind) - 1;
  };
  /** Items: client pk. */
  const itemClients = byPk(1);

  const pkFor = (table: string, id: string): { pk: number; known: boolean } => {
    const map = pks[table] as Map<string, number>;
    const known = map.get(id);
    if (known !== undefined) return { pk: known, known: true };
    const pk = next[table] as number;
    next[table] = pk + 1;
    map.set(id, pk);
    return { pk, known: false };
  };
  const ref = (table: string, id: string, what: string, whatId: string): number => {
    const pk = (pks[table] as Map<string, number>).get(id);
    if (pk === undefined) throw new Error(`replica: ${what} ${whatId} references ${table} ${id}, not in the replica`);
    return pk;
  };

  /**
   * Rows of one statement text go in groups of GROUP per INSERT (a statement's fixed cost is paid
   * once per group); `flush` writes what is left one by one. Every buffer is flushed at the end and
   * before a row is read back, and a link table's buffer before its owner's links are replaced,
   * so reads and deletes never miss a row.
   */
  const GROUP = 128;
  const all: { flush: () => void }[] = [];
  const batched = (head: string, columns: number) => {
    const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
    const one = db.prepare(`${head} VALUES ${tuple}`);
    const many = db.prepare(`${head} VALUES ${new Array<string>(GROUP).fill(tuple).join(', ')}`);
    let values: unknown[] = [];
    let rows = 0;
    /** The first column (the owner's pk, for link tables) of the rows waiting. */
    const owners = new Set<unknown>();
    const buffer = {
      add(...row: unknown[]) {
        for (const value of row) values.push(value);
        owners.add(row[0]);
        rows += 1;
        if (rows === GROUP) {
          many.run(values);
          values = [];
          rows = 0;
          owners.clear();
        }
      },
      flush() {
        for (let i = 0; i < rows; i += 1) one.run(values.slice(i * columns, (i + 1) * columns));
        values = [];
        rows = 0;
        owners.clear();
      },
      /** Before deleting an owner's rows: writes the waiting ones if any are the owner's. */
      settle(owner: unknown) {
        if (owners.has(owner)) buffer.flush();
      },
    };
    all.push(buffer);
    return buffer;
  };
  const flushAll = () => {
    for (const buffer of all) buffer.flush();
  };
  /** Reads a row this build may still hold in a buffer. */
  const readBack = <T>(read: () => T): T => {
    flushAll();
    return read();
  };

  const st = (text: string) => db.prepare(text);
  const s = {
    workspace: st('INSERT OR REPLACE INTO workspace (pk, id, name) VALUES (?, ?, ?)'),
    client: st(`INSERT OR REPLACE INTO clients (pk, id, name, regulation, languages, sensitivity, approval_chain,
      approval_sla_minutes, sla, moderation_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    user: st(`INSERT OR REPLACE INTO users (pk, id, name, email, role, all_clients, also_approver)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    userClientsClear: st('DELETE FROM user_clients WHERE user_pk = ?'),
    userClient: st('INSERT OR IGNORE INTO user_clients (user_pk, client_pk) VALUES (?, ?)'),
    channel: st(
      'INSERT OR REPLACE INTO channels (pk, id, client_pk, platform, name, handle) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    saved: st(`INSERT OR REPLACE INTO saved_replies (pk, id, client_pk, name, text, lang, pre_approved, pre_approval)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    contact: batched('INSERT INTO contacts (pk, id, display_name, first_name, first_seen_at, search_handles)', 6),
    handle: batched('INSERT INTO contact_handles (contact_pk, platform, handle)', 3),
    label: batched('INSERT INTO contact_labels (contact_pk, label)', 2),
    thread: batched(
      'INSERT OR REPLACE INTO threads (pk, id, client_pk, channel_pk, kind, platform_id, text, url, created_at)',
      9,
    ),
    threadFacts: st('SELECT client_pk, channel_pk FROM threads WHERE pk = ?').raw(),
    interaction: batched(
      `INSERT OR REPLACE INTO interactions (pk, id, client_pk, channel_pk, thread_pk, kind, platform_id,
      parent_pk, contact_pk, text, lang, created_at, sentiment, rating, sensitive, adverse_event, spam, profanity)`,
      18,
    ),
    interactionFacts: st(
      'SELECT client_pk, channel_pk, kind, sentiment, sensitive FROM interactions WHERE pk = ?',
    ).raw(),
    item: batched(
      `INSERT OR REPLACE INTO items (pk, id, interaction_pk, client_pk, channel_pk, status, priority, assignee_pk,
      due_at, snoozed_until, closed_reason, created_at, updated_at, kind, sentiment, sensitive, labeled, prio_key)`,
      18,
    ),
    itemClient: st('SELECT client_pk FROM items WHERE pk = ?').pluck(),
    itemLabelsClear: st('DELETE FROM item_labels WHERE item_pk = ?'),
    itemLabel: batched('INSERT OR IGNORE INTO item_labels (item_pk, label, created_at)', 3),
    reply: batched(
      `INSERT OR REPLACE INTO replies (pk, id, item_pk, client_pk, author_pk, text, visibility, status, version,
      escalated, escalation_note, saved_reply_pk, created_at, updated_at, sent_at, approver_edit)`,
      16,
    ),
    approval: batched(
      `INSERT OR IGNORE INTO approvals (id, reply_pk, step_index, approver_pk, decision, meaning, comment,
      text_hash, at, signature)`,
      10,
    ),
    note: st(
      'INSERT OR REPLACE INTO notes (pk, id, contact_pk, author_pk, text, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };

  const write = (batch: ReplicaBatch) => {
    let rows = 0;
    if (batch.workspace) {
      s.workspace.run(pkFor('workspace', batch.workspace.id).pk, batch.workspace.id, batch.workspace.name);
      rows += 1;
    }
    for (const c of batch.clients ?? []) {
      const j = JSON.stringify;
      s.client.run(
        pkFor('clients', c.id).pk,
        c.id,
        c.name,
        c.regulation,
        j(c.languages),
        j(c.sensitivity),
        j(c.approvalChain),
        c.approvalSlaMinutes,
        j(c.sla),
        j(c.moderationReasons),
      );
      rows += 1;
    }
    for (const u of batch.users ?? []) {
      const { pk } = pkFor('users', u.id);
      s.user.run(pk, u.id, u.name, u.email, u.role, bool(u.clientIds === null), bool(u.alsoApprover));
      s.userClientsClear.run(pk);
      for (const clientId of u.clientIds ?? []) s.userClient.run(pk, ref('clients', clientId, 'user', u.id));
      rows += 1;
    }
    for (const c of batch.channels ?? []) {
      const clientPk = ref('clients', c.clientId, 'channel', c.id);
      const { pk } = pkFor('channels', c.id);
      s.channel.run(pk, c.id, clientPk, c.platform, c.name, c.handle);
      channelClient.set(pk, clientPk);
      rows += 1;
    }
    for (const r of batch.savedReplies ?? []) {
      const clientPk = ref('clients', r.clientId, 'saved reply', r.id);
      s.saved.run(
        pkFor('saved_replies', r.id).pk,
        r.id,
        clientPk,
        r.name,
        r.text,
        r.lang,
        bool(r.preApproved),
        // Inline, not imported: this module runs as source text in the build worker.
        r.preApproval ? JSON.stringify(r.preApproval) : null,
      );
      rows += 1;
    }
    for (const c of batch.contacts ?? []) {
      // A person comes back with every new platform: only their latest version is written, once,
      // at the end (writeContacts); until then they only need a pk.
      people.set(pkFor('contacts', c.id).pk, c);
      rows += 1;
    }
    for (const t of batch.threads ?? []) {
      const channelPk = ref('channels', t.channelId, 'thread', t.id);
      const clientPk = channelClient.get(channelPk) as number;
      const { pk } = pkFor('threads', t.id);
      s.thread.add(pk, t.id, clientPk, channelPk, t.kind, t.platformId, t.text, t.url, t.createdAt);
      threadFacts.set(pk, [clientPk, channelPk]);
      rows += 1;
    }
    // Every interaction of the batch gets its pk first: a reply may come before its comment.
    const interactions = batch.interactions ?? [];
    const interactionPks = interactions.map((x) => pkFor('interactions', x.id).pk);
    interactions.forEach((x, index) => {
      const pk = interactionPks[index] as number;
      const threadPk = ref('threads', x.threadId, 'interaction', x.id);
      const thread = threadFacts.get(threadPk) ?? (readBack(() => s.threadFacts.get(threadPk)) as [number, number]);
      const parentPk = x.parentId === null ? null : ref('interactions', x.parentId, 'interaction', x.id);
      const contactPk = ref('contacts', x.contactId, 'interaction', x.id);
      const f = x.flags;
      s.interaction.add(
        pk,
        x.id,
        thread[0],
        thread[1],
        threadPk,
        x.kind,
        x.platformId,
        parentPk,
        contactPk,
        x.text,
        x.lang,
        x.createdAt,
        x.sentiment,
        x.rating,
        bool(f.sensitive),
        bool(f.adverseEvent),
        bool(f.spam),
        bool(f.profanity),
      );
      facts.set(pk, thread[0], thread[1], x.sentiment, bool(f.sensitive) + 2 * kindIndex(x.kind));
      rows += 1;
    });
    for (const i of batch.items ?? []) {
      const interactionPk = ref('interactions', i.interactionId, 'item', i.id);
      let x: Fact;
      if (facts.get(interactionPk, 0) !== 0) {
        const flag = facts.get(interactionPk, 3);
        x = {
          pk: interactionPk,
          clientPk: facts.get(interactionPk, 0),
          channelPk: facts.get(interactionPk, 1),
          kind: kinds[flag >> 1] as string,
          sentiment: facts.get(interactionPk, 2),
          sensitive: flag & 1,
        };
      } else {
        const row = readBack(() => s.interactionFacts.get(interactionPk)) as [number, number, string, number, number];
        x = {
          pk: interactionPk,
          clientPk: row[0],
          channelPk: row[1],
          kind: row[2],
          sentiment: row[3],
          sensitive: row[4],
        };
      }
      const assigneePk = i.assigneeId === null ? null : ref('users', i.assigneeId, 'item', i.id);
      const { pk, known } = pkFor('items', i.id);
      const labels = [...new Set(i.labels)];
      s.item.add(
        pk,
        i.id,
        interactionPk,
        x.clientPk,
        x.channelPk,
        i.status,
        i.priority,
        assigneePk,
        i.dueAt,
        i.snoozedUntil,
        i.closedReason,
        i.createdAt,
        i.updatedAt,
        x.kind,
        x.sentiment,
        x.sensitive,
        labels.length > 0 ? 1 : 0,
        (100 - i.priority) * 4398046511104 + i.dueAt,
      );
      if (known) {
        s.itemLabel.settle(pk);
        s.itemLabelsClear.run(pk);
      }
      for (const label of labels) s.itemLabel.add(pk, label, i.createdAt);
      itemClients.set(pk, x.clientPk);
      rows += 1;
    }
    for (const r of batch.replies ?? []) {
      const itemPk = ref('items', r.itemId, 'reply', r.id);
      const clientPk = itemClients.get(itemPk, 0) || (readBack(() => s.itemClient.get(itemPk)) as number);
      const savedPk = r.savedReplyId === null ? null : (pks.saved_replies?.get(r.savedReplyId) ?? null);
      const { pk } = pkFor('replies', r.id);
      s.reply.add(
        pk,
        r.id,
        itemPk,
        clientPk,
        ref('users', r.authorId, 'reply', r.id),
        r.text,
        r.visibility,
        r.status,
        r.version,
        bool(r.escalated),
        r.escalationNote,
        savedPk,
        r.createdAt,
        r.updatedAt,
        r.sentAt,
        // Inline, not imported: this module runs as source text in the build worker.
        r.approverEdit ? JSON.stringify(r.approverEdit) : null,
      );
      for (const a of r.approvals) {
        s.approval.add(
          a.id,
          pk,
          a.stepIndex,
          ref('users', a.approverId, 'reply', r.id),
          a.decision,
          a.meaning,
          a.comment,
          a.textHash,
          a.at,
          // Inline, not imported: this module runs as source text in the build worker.
          a.signature ? JSON.stringify(a.signature) : null,
        );
      }
      rows += 1;
    }
    for (const n of batch.notes ?? []) {
      const contactPk = ref('contacts', n.contactId, 'note', n.id);
      const authorPk = ref('users', n.authorId, 'note', n.id);
      s.note.run(pkFor('notes', n.id).pk, n.id, contactPk, authorPk, n.text, n.createdAt);
      rows += 1;
    }
    counts.rows += rows;
    counts.interactions += interactions.length;
    counts.items += (batch.items ?? []).length;
  };
  /** Every person, their handles and labels, in pk order (nothing else reads them back). */
  const writeContacts = () => {
    for (const [pk, c] of people) {
      // What the handle triggers would keep: the distinct handles in key order, space separated.
      const handles = c.handles
        .map((h): [string, string] => [h.platform, h.handle])
        .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
      const distinct = handles.filter(
        (h, i) => i === 0 || h[0] !== handles[i - 1]?.[0] || h[1] !== handles[i - 1]?.[1],
      );
      s.contact.add(pk, c.id, c.displayName, c.firstName, c.firstSeenAt, distinct.map((h) => h[1]).join(' '));
      for (const [platform, handle] of distinct) s.handle.add(pk, platform, handle);
      for (const label of new Set(c.labels)) s.label.add(pk, label);
    }
    people.clear();
  };
  return {
    write,
    flush: () => {
      writeContacts();
      flushAll();
    },
    counts,
  };
}
