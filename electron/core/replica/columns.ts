/**
 * The replica's tables as the writers see them: for each table an entity (or a part of one) is
 * stored in, its columns in order and where each column's value comes from — a field of the
 * domain value (shared/domain/entities.ts), how it is stored (as is, JSON, 0/1), or a value the
 * writer gives (a parent's pk, a fact copied from a parent, a derived key). The ONE list the
 * per-row upserts (upserts.ts), the bulk writers (bulk.ts) and the new-replica build
 * (buildRows.ts, which receives it as data: the worker imports nothing) all write from.
 *
 * The tables themselves are the migrations' (migrations/*.ts); schema.snapshot.json pins them.
 */
import type { SyncEntity } from '../../../shared/entities/registry';
import { sql, SqlFragment, type SqlPart } from './sql';

/** How a field of the domain value is stored. */
export type Stored = 'value' | 'json' | 'jsonOrNull' | 'bool' | 'isNull';

export interface ColumnSpec {
  readonly name: string;
  /** The field of the domain value (a path: `['flags', 'sensitive']`); absent when `given`. */
  readonly path?: readonly string[];
  readonly stored?: Stored;
  /** The writer gives this value (by this name): a pk, a parent's fact, a derived key. */
  readonly given?: string;
  /** Only the new-replica build writes it; elsewhere a trigger keeps it (migrations). */
  readonly buildOnly?: boolean;
}

export interface TableSpec {
  readonly table: string;
  readonly columns: readonly ColumnSpec[];
}

const field = (name: string, path: string, stored: Stored = 'value'): ColumnSpec => ({
  name,
  path: path.split('.'),
  stored,
});
const given = (name: string, buildOnly = false): ColumnSpec =>
  buildOnly ? { name, given: name, buildOnly } : { name, given: name };
const id = field('id', 'id');

/** Every table an entity is written to, by a short name the writers use. */
export const replicaTables = {
  workspace: { table: 'workspace', columns: [id, field('name', 'name')] },
  clients: {
    table: 'clients',
    columns: [
      id,
      field('name', 'name'),
      field('regulation', 'regulation'),
      field('languages', 'languages', 'json'),
      field('sensitivity', 'sensitivity', 'json'),
      field('approval_chain', 'approvalChain', 'json'),
      field('approval_sla_minutes', 'approvalSlaMinutes'),
      field('sla', 'sla', 'json'),
      field('moderation_reasons', 'moderationReasons', 'json'),
    ],
  },
  users: {
    table: 'users',
    columns: [
      id,
      field('name', 'name'),
      field('email', 'email'),
      field('role', 'role'),
      field('all_clients', 'clientIds', 'isNull'),
      field('also_approver', 'alsoApprover', 'bool'),
    ],
  },
  userClients: { table: 'user_clients', columns: [given('user_pk'), given('client_pk')] },
  channels: {
    table: 'channels',
    columns: [id, given('client_pk'), field('platform', 'platform'), field('name', 'name'), field('handle', 'handle')],
  },
  savedReplies: {
    table: 'saved_replies',
    columns: [
      id,
      given('client_pk'),
      field('name', 'name'),
      field('text', 'text'),
      field('lang', 'lang'),
      field('pre_approved', 'preApproved', 'bool'),
      field('pre_approval', 'preApproval', 'jsonOrNull'),
    ],
  },
  contacts: {
    table: 'contacts',
    columns: [
      id,
      field('display_name', 'displayName'),
      field('first_name', 'firstName'),
      field('first_seen_at', 'firstSeenAt'),
      given('search_handles', true),
    ],
  },
  /** From one handle ({ platform, handle }) of a contact. */
  contactHandles: {
    table: 'contact_handles',
    columns: [given('contact_pk'), field('platform', 'platform'), field('handle', 'handle')],
  },
  contactLabels: { table: 'contact_labels', columns: [given('contact_pk'), given('label')] },
  threads: {
    table: 'threads',
    columns: [
      id,
      given('client_pk'),
      given('channel_pk'),
      field('kind', 'kind'),
      field('platform_id', 'platformId'),
      field('text', 'text'),
      field('url', 'url'),
      field('created_at', 'createdAt'),
    ],
  },
  interactions: {
    table: 'interactions',
    columns: [
      id,
      given('client_pk'),
      given('channel_pk'),
      given('thread_pk'),
      field('kind', 'kind'),
      field('platform_id', 'platformId'),
      given('parent_pk'),
      given('contact_pk'),
      field('text', 'text'),
      field('lang', 'lang'),
      field('created_at', 'createdAt'),
      field('sentiment', 'sentiment'),
      field('rating', 'rating'),
      field('sensitive', 'flags.sensitive', 'bool'),
      field('adverse_event', 'flags.adverseEvent', 'bool'),
      field('spam', 'flags.spam', 'bool'),
      field('profanity', 'flags.profanity', 'bool'),
    ],
  },
  items: {
    table: 'items',
    columns: [
      id,
      given('interaction_pk'),
      given('client_pk'),
      given('channel_pk'),
      field('status', 'status'),
      field('priority', 'priority'),
      given('assignee_pk'),
      field('due_at', 'dueAt'),
      field('snoozed_until', 'snoozedUntil'),
      field('closed_reason', 'closedReason'),
      field('created_at', 'createdAt'),
      field('updated_at', 'updatedAt'),
      // Copied from the interaction: the queue filters and sorts without a join.
      given('kind'),
      given('sentiment'),
      given('sensitive'),
      given('labeled', true),
      given('prio_key'),
    ],
  },
  itemLabels: { table: 'item_labels', columns: [given('item_pk'), given('label'), given('created_at')] },
  replies: {
    table: 'replies',
    columns: [
      id,
      given('item_pk'),
      given('client_pk'),
      given('author_pk'),
      field('text', 'text'),
      field('visibility', 'visibility'),
      field('status', 'status'),
      field('version', 'version'),
      field('escalated', 'escalated', 'bool'),
      field('escalation_note', 'escalationNote'),
      given('saved_reply_pk'),
      field('created_at', 'createdAt'),
      field('updated_at', 'updatedAt'),
      field('sent_at', 'sentAt'),
      field('approver_edit', 'approverEdit', 'jsonOrNull'),
    ],
  },
  /** From one approval of a reply. */
  approvals: {
    table: 'approvals',
    columns: [
      id,
      given('reply_pk'),
      field('step_index', 'stepIndex'),
      given('approver_pk'),
      field('decision', 'decision'),
      field('meaning', 'meaning'),
      field('comment', 'comment'),
      field('text_hash', 'textHash'),
      field('at', 'at'),
      field('signature', 'signature', 'jsonOrNull'),
    ],
  },
  notes: {
    table: 'notes',
    columns: [id, given('contact_pk'), given('author_pk'), field('text', 'text'), field('created_at', 'createdAt')],
  },
} as const satisfies Record<string, TableSpec>;

export type ReplicaTables = typeof replicaTables;
export type ReplicaTable = keyof ReplicaTables;

/**
 * `INSERT [OR …] INTO table (columns)`: the columns the incremental writers write, or with
 * `build` the new-replica build's (its explicit pk first, and the columns triggers keep elsewhere).
 * Self-contained: the build worker runs its source text.
 */
export function insertHead(
  spec: TableSpec,
  options: { readonly verb?: string; readonly build?: boolean; readonly pk?: boolean } = {},
): string {
  const names: string[] = options.pk === true ? ['pk'] : [];
  for (const column of spec.columns) if (options.build === true || column.buildOnly !== true) names.push(column.name);
  return `${options.verb ?? 'INSERT'} INTO ${spec.table} (${names.join(', ')})`;
}

/**
 * One row's values in the column order of `insertHead` (without the pk): fields read from
 * `value` and stored as the spec says, the rest from `givenValues`. Self-contained like
 * `insertHead`. Values may be anything the caller binds or splices (the sql tag takes fragments).
 */
export function rowValues<V>(
  spec: TableSpec,
  value: unknown,
  givenValues: Readonly<Record<string, V>>,
  build = false,
): (V | string | number | boolean | null)[] {
  const values: (V | string | number | boolean | null)[] = [];
  for (const column of spec.columns) {
    if (column.buildOnly === true && !build) continue;
    if (column.given !== undefined) {
      if (!(column.given in givenValues)) throw new Error(`replica: no value for ${spec.table}.${column.name}`);
      values.push(givenValues[column.given] as V);
      continue;
    }
    let found: unknown = value;
    for (const key of column.path ?? []) found = (found as Record<string, unknown> | undefined)?.[key];
    const stored = column.stored ?? 'value';
    if (stored === 'json') values.push(JSON.stringify(found));
    else if (stored === 'jsonOrNull') values.push(found ? JSON.stringify(found) : null);
    else if (stored === 'bool') values.push(found ? 1 : 0);
    else if (stored === 'isNull') values.push(found === null ? 1 : 0);
    else values.push(found as string | number | boolean | null);
  }
  return values;
}

/**
 * `rowValues` for one table, prepared once: the build worker writes hundreds of thousands of rows
 * and reads each spec only here (same columns, same order, same storing). Self-contained.
 */
export function rowMaker(
  spec: TableSpec,
  build: boolean,
): (value: unknown, givenValues: Readonly<Record<string, unknown>>) => unknown[] {
  const columns = spec.columns.filter((column) => build || column.buildOnly !== true);
  const count = columns.length;
  /** 0: given, 1: as is, 2: JSON, 3: JSON or NULL, 4: 0/1, 5: 1 when null. */
  const kinds = columns.map((column) =>
    column.given !== undefined
      ? 0
      : ['value', 'json', 'jsonOrNull', 'bool', 'isNull'].indexOf(column.stored ?? 'value') + 1,
  );
  const keys = columns.map((column) => column.given ?? column.path?.[0] ?? '');
  const deeper = columns.map((column) => (column.path && column.path.length > 1 ? column.path.slice(1) : null));
  return (value, givenValues) => {
    const values = new Array<unknown>(count);
    for (let i = 0; i < count; i += 1) {
      const key = keys[i] as string;
      const kind = kinds[i];
      if (kind === 0) {
        const found = givenValues[key];
        if (found === undefined) throw new Error(`replica: no value for ${spec.table}.${key}`);
        values[i] = found;
        continue;
      }
      let found = (value as Record<string, unknown>)[key];
      const rest = deeper[i];
      if (rest) for (const part of rest) found = (found as Record<string, unknown>)[part];
      values[i] =
        kind === 1
          ? found
          : kind === 2
            ? JSON.stringify(found)
            : kind === 3
              ? found
                ? JSON.stringify(found)
                : null
              : kind === 4
                ? found
                  ? 1
                  : 0
                : found === null
                  ? 1
                  : 0;
    }
    return values;
  };
}

/** The `INSERT … (columns)` head as a fragment of the replica's sql tag (constant text, no values). */
export function insertInto(
  table: ReplicaTable,
  options: { readonly verb?: 'INSERT' | 'INSERT OR IGNORE' } = {},
): SqlFragment {
  return new SqlFragment(insertHead(replicaTables[table], options), []);
}

/** One row's `(v1, v2, …)` for the sql tag: values bound, given fragments spliced (subqueries, `c.pk`). */
export function valuesOf(table: ReplicaTable, value: unknown, givenValues: Readonly<Record<string, SqlPart>> = {}) {
  return sql`(${sql.join(rowValues<SqlPart>(replicaTables[table], value, givenValues))})`;
}

/** The same values without the parentheses: the select list of an `INSERT … SELECT`. */
export function selectOf(table: ReplicaTable, value: unknown, givenValues: Readonly<Record<string, SqlPart>> = {}) {
  return sql.join(rowValues<SqlPart>(replicaTables[table], value, givenValues));
}

/** The table each synced entity's own row goes to (its parts: the link tables above). */
export const entityTables: { readonly [E in SyncEntity]: ReplicaTable } = {
  workspace: 'workspace',
  client: 'clients',
  user: 'users',
  channel: 'channels',
  saved_reply: 'savedReplies',
  contact: 'contacts',
  thread: 'threads',
  interaction: 'interactions',
  item: 'items',
  reply: 'replies',
  note: 'notes',
};
