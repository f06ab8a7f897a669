import type BetterSqlite3 from 'better-sqlite3';
import type { EntityTypes, SyncEntity } from '../../../shared/entities/registry';
import type { insertHead, ReplicaTables, rowMaker, TableSpec } from './columns';
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
 *
 * Tables, columns and how each field is stored come from columns.ts, handed over as data
 * (`tables`, the worker's copy of `replicaTables`) with the two functions that read them.
 */

type Fact = { pk: number; clientPk: number; channelPk: number; kind: string; sentiment: number; sensitive: number };

export interface RowWriter {
  write(batch: ReplicaBatch): void;
  flush(): void;
  readonly counts: { rows: number; interactions: number; items: number };
}

/** The registry's entities in rank order, with their batch field (shared/entities/registry.ts). */
export interface WriteOrder {
  readonly entity: SyncEntity;
  readonly batchKey: string;
  readonly one: boolean;
}

export interface ColumnHelpers {
  readonly insertHead: typeof insertHead;
  readonly rowMaker: typeof rowMaker;
}

export function createRowWriter(
  db: BetterSqlite3.Database,
  big: readonly string[],
  tables: ReplicaTables,
  columns: ColumnHelpers,
  order: readonly WriteOrder[],
): RowWriter {
  const counts = { rows: 0, interactions: 0, items: 0 };
  const bool = (value: boolean) => (value ? 1 : 0);
  /** `INSERT … INTO table (pk?, columns…)` as the build writes it, and how many values a row has. */
  const head = (spec: TableSpec, verb: string, pk: boolean) => ({
    text: columns.insertHead(spec, { verb, pk, build: true }),
    count: spec.columns.length + (pk ? 1 : 0),
  });
  /** A row's values as the build writes them (build-only columns included), each table's reader made once. */
  const makers = new Map<TableSpec, ReturnType<typeof rowMaker>>();
  const values = (spec: TableSpec, value: unknown, given: Readonly<Record<string, unknown>> = {}) => {
    let make = makers.get(spec);
    if (make === undefined) {
      make = columns.rowMaker(spec, true);
      makers.set(spec, make);
    }
    return make(value, given);
  };

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
  const batched = ({ text, count: columns }: { text: string; count: number }) => {
    const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
    const one = db.prepare(`${text} VALUES ${tuple}`);
    const many = db.prepare(`${text} VALUES ${new Array<string>(GROUP).fill(tuple).join(', ')}`);
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
  const single = ({ text, count }: { text: string; count: number }) =>
    db.prepare(`${text} VALUES (${new Array<string>(count).fill('?').join(', ')})`);
  const t = tables;
  const s = {
    workspace: single(head(t.workspace, 'INSERT OR REPLACE', true)),
    client: single(head(t.clients, 'INSERT OR REPLACE', true)),
    user: single(head(t.users, 'INSERT OR REPLACE', true)),
    userClientsClear: st('DELETE FROM user_clients WHERE user_pk = ?'),
    userClient: single(head(t.userClients, 'INSERT OR IGNORE', false)),
    channel: single(head(t.channels, 'INSERT OR REPLACE', true)),
    saved: single(head(t.savedReplies, 'INSERT OR REPLACE', true)),
    contact: batched(head(t.contacts, 'INSERT', true)),
    handle: batched(head(t.contactHandles, 'INSERT', false)),
    label: batched(head(t.contactLabels, 'INSERT', false)),
    thread: batched(head(t.threads, 'INSERT OR REPLACE', true)),
    threadFacts: st('SELECT client_pk, channel_pk FROM threads WHERE pk = ?').raw(),
    interaction: batched(head(t.interactions, 'INSERT OR REPLACE', true)),
    interactionFacts: st(
      'SELECT client_pk, channel_pk, kind, sentiment, sensitive FROM interactions WHERE pk = ?',
    ).raw(),
    item: batched(head(t.items, 'INSERT OR REPLACE', true)),
    itemClient: st('SELECT client_pk FROM items WHERE pk = ?').pluck(),
    itemLabelsClear: st('DELETE FROM item_labels WHERE item_pk = ?'),
    itemLabel: batched(head(t.itemLabels, 'INSERT OR IGNORE', false)),
    reply: batched(head(t.replies, 'INSERT OR REPLACE', true)),
    approval: batched(head(t.approvals, 'INSERT OR IGNORE', false)),
    note: single(head(t.notes, 'INSERT OR REPLACE', true)),
  };

  /**
   * One writer per entity (exhaustive by type), called in the registry's order (`order`, handed
   * over as data like the tables).
   */
  const writers: { readonly [E in SyncEntity]: (list: readonly EntityTypes[E][]) => void } = {
    workspace: (list) => {
      for (const w of list) {
        s.workspace.run(pkFor('workspace', w.id).pk, ...values(t.workspace, w));
      }
    },
    client: (list) => {
      for (const c of list) {
        s.client.run(pkFor('clients', c.id).pk, ...values(t.clients, c));
      }
    },
    user: (list) => {
      for (const u of list) {
        const { pk } = pkFor('users', u.id);
        s.user.run(pk, ...values(t.users, u));
        s.userClientsClear.run(pk);
        for (const clientId of u.clientIds ?? []) {
          s.userClient.run(
            ...values(t.userClients, null, { user_pk: pk, client_pk: ref('clients', clientId, 'user', u.id) }),
          );
        }
      }
    },
    channel: (list) => {
      for (const c of list) {
        const clientPk = ref('clients', c.clientId, 'channel', c.id);
        const { pk } = pkFor('channels', c.id);
        s.channel.run(pk, ...values(t.channels, c, { client_pk: clientPk }));
        channelClient.set(pk, clientPk);
      }
    },
    saved_reply: (list) => {
      for (const r of list) {
        const clientPk = ref('clients', r.clientId, 'saved reply', r.id);
        s.saved.run(pkFor('saved_replies', r.id).pk, ...values(t.savedReplies, r, { client_pk: clientPk }));
      }
    },
    contact: (list) => {
      for (const c of list) {
        // A person comes back with every new platform: only their latest version is written, once,
        // at the end (writeContacts); until then they only need a pk.
        people.set(pkFor('contacts', c.id).pk, c);
      }
    },
    thread: (list) => {
      for (const th of list) {
        const channelPk = ref('channels', th.channelId, 'thread', th.id);
        const clientPk = channelClient.get(channelPk) as number;
        const { pk } = pkFor('threads', th.id);
        s.thread.add(pk, ...values(t.threads, th, { client_pk: clientPk, channel_pk: channelPk }));
        threadFacts.set(pk, [clientPk, channelPk]);
      }
    },
    interaction: (list) => {
      // Every interaction of the batch gets its pk first: a reply may come before its comment.
      const interactionPks = list.map((x) => pkFor('interactions', x.id).pk);
      list.forEach((x, index) => {
        const pk = interactionPks[index] as number;
        const threadPk = ref('threads', x.threadId, 'interaction', x.id);
        const thread = threadFacts.get(threadPk) ?? (readBack(() => s.threadFacts.get(threadPk)) as [number, number]);
        const parentPk = x.parentId === null ? null : ref('interactions', x.parentId, 'interaction', x.id);
        const contactPk = ref('contacts', x.contactId, 'interaction', x.id);
        s.interaction.add(
          pk,
          ...values(t.interactions, x, {
            client_pk: thread[0],
            channel_pk: thread[1],
            thread_pk: threadPk,
            parent_pk: parentPk,
            contact_pk: contactPk,
          }),
        );
        facts.set(pk, thread[0], thread[1], x.sentiment, bool(x.flags.sensitive) + 2 * kindIndex(x.kind));
      });
    },
    item: (list) => {
      for (const i of list) {
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
          ...values(t.items, i, {
            interaction_pk: interactionPk,
            client_pk: x.clientPk,
            channel_pk: x.channelPk,
            assignee_pk: assigneePk,
            kind: x.kind,
            sentiment: x.sentiment,
            sensitive: x.sensitive,
            labeled: labels.length > 0 ? 1 : 0,
            // priorityKey (upserts.ts), inline: this module runs as source text in the build worker.
            prio_key: (100 - i.priority) * 4398046511104 + i.dueAt,
          }),
        );
        if (known) {
          s.itemLabel.settle(pk);
          s.itemLabelsClear.run(pk);
        }
        for (const label of labels) {
          s.itemLabel.add(...values(t.itemLabels, null, { item_pk: pk, label, created_at: i.createdAt }));
        }
        itemClients.set(pk, x.clientPk);
      }
    },
    reply: (list) => {
      for (const r of list) {
        const itemPk = ref('items', r.itemId, 'reply', r.id);
        const clientPk = itemClients.get(itemPk, 0) || (readBack(() => s.itemClient.get(itemPk)) as number);
        const savedPk = r.savedReplyId === null ? null : (pks.saved_replies?.get(r.savedReplyId) ?? null);
        const { pk } = pkFor('replies', r.id);
        s.reply.add(
          pk,
          ...values(t.replies, r, {
            item_pk: itemPk,
            client_pk: clientPk,
            author_pk: ref('users', r.authorId, 'reply', r.id),
            saved_reply_pk: savedPk,
          }),
        );
        for (const a of r.approvals) {
          s.approval.add(
            ...values(t.approvals, a, { reply_pk: pk, approver_pk: ref('users', a.approverId, 'reply', r.id) }),
          );
        }
      }
    },
    note: (list) => {
      for (const n of list) {
        const contactPk = ref('contacts', n.contactId, 'note', n.id);
        const authorPk = ref('users', n.authorId, 'note', n.id);
        s.note.run(pkFor('notes', n.id).pk, ...values(t.notes, n, { contact_pk: contactPk, author_pk: authorPk }));
      }
    },
  };

  const write = (batch: ReplicaBatch) => {
    const fields = batch as Readonly<Record<string, unknown>>;
    for (const { entity, batchKey, one } of order) {
      const value = fields[batchKey];
      if (value === undefined) continue;
      const list = (one ? [value] : value) as readonly unknown[];
      (writers[entity] as (values: readonly unknown[]) => void)(list);
      counts.rows += list.length;
      if (entity === 'interaction') counts.interactions += list.length;
      else if (entity === 'item') counts.items += list.length;
    }
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
      s.contact.add(pk, ...values(t.contacts, c, { search_handles: distinct.map((h) => h[1]).join(' ') }));
      for (const [platform, handle] of distinct) {
        s.handle.add(...values(t.contactHandles, { platform, handle }, { contact_pk: pk }));
      }
      for (const label of new Set(c.labels)) s.label.add(...values(t.contactLabels, null, { contact_pk: pk, label }));
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
