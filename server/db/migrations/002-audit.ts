import type { Migration } from './types';

/**
 * The audit trail (issue 6): an append-only table of hash-chained events.
 *
 * Chains: one per client (brand) and one for workspace-level events (logins, users, workspace
 * policies), keyed by `chain` = the client id, or '' for the workspace. Per-client chains let a
 * client's export be verified on its own, and let pushes on different clients append without
 * waiting for each other; the workspace chain holds what belongs to no client.
 *
 * `audit_heads` holds each chain's last number and hash: its row is the lock appends take (so
 * two transactions can never fork a chain) and the end a verification must reach (so events cut
 * off at the end are noticed). `audit_append(jsonb)` chains a batch under that lock; the content
 * hash of each event is computed by the caller (canonical JSON, shared/domain/audit.ts), the
 * link hash here with the same encoding: sha256('audit/v1|' || prev || '|' || seq || '|' || content).
 *
 * A trigger refuses UPDATE, DELETE and TRUNCATE of audit_events. It does not stop a superuser
 * who disables it; the hash chain is what exposes such a change.
 */
export const audit: Migration = {
  version: 2,
  name: 'audit',
  up: `
    CREATE TABLE audit_events (
      client_id text,
      chain text GENERATED ALWAYS AS (COALESCE(client_id, '')) STORED,
      seq bigint NOT NULL,
      at bigint NOT NULL,
      actor_id text,
      actor_name text NOT NULL,
      actor_role text,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      signature jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (chain, seq)
    );
    -- Exports read one client's events by time.
    CREATE INDEX audit_events_time ON audit_events (chain, at);

    CREATE TABLE audit_heads (
      chain text PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL
    );

    CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

    -- Heads only move forward: a head set back or removed would hide events cut off the end.
    CREATE FUNCTION audit_heads_forward_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP <> 'UPDATE' OR NEW.chain <> OLD.chain OR NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'audit_heads only move forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END
    $fn$;
    CREATE TRIGGER audit_heads_forward BEFORE UPDATE OR DELETE ON audit_heads
      FOR EACH ROW EXECUTE FUNCTION audit_heads_forward_only();
    CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
      FOR EACH STATEMENT EXECUTE FUNCTION audit_heads_forward_only();

    -- events: a JSON array, in order, of {clientId, at, actorId, actorName, actorRole, action,
    -- entity, entityId, before, after, signature, contentHash}. Heads are locked in chain order,
    -- so batches spanning several chains cannot deadlock each other.
    CREATE FUNCTION audit_append(events jsonb) RETURNS TABLE (out_chain text, out_seq bigint, out_hash text)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      chains text[];
      elements jsonb[] := ARRAY(SELECT x FROM jsonb_array_elements(events) WITH ORDINALITY AS t (x, n) ORDER BY n);
      heads jsonb := '{}'::jsonb;
      head record;
      event jsonb;
      key text;
      next_seq bigint;
      prev text;
      link text;
      seqs bigint[] := '{}';
      prevs text[] := '{}';
      hashes text[] := '{}';
    BEGIN
      SELECT array_agg(DISTINCT COALESCE(e->>'clientId', '') ORDER BY COALESCE(e->>'clientId', ''))
        INTO chains FROM unnest(elements) AS e;
      IF chains IS NULL THEN RETURN; END IF;
      INSERT INTO audit_heads (chain, seq, hash)
        SELECT c, 0, repeat('0', 64) FROM unnest(chains) AS c
        ON CONFLICT (chain) DO NOTHING;
      FOR head IN SELECT h.chain, h.seq, h.hash FROM audit_heads h
          WHERE h.chain = ANY (chains) ORDER BY h.chain FOR UPDATE LOOP
        heads := heads || jsonb_build_object(head.chain, jsonb_build_array(head.seq, head.hash));
      END LOOP;
      FOREACH event IN ARRAY elements LOOP
        key := COALESCE(event->>'clientId', '');
        next_seq := (heads->key->>0)::bigint + 1;
        prev := heads->key->>1;
        link := encode(sha256(convert_to(
          'audit/v1|' || prev || '|' || next_seq::text || '|' || (event->>'contentHash'), 'UTF8')), 'hex');
        heads := heads || jsonb_build_object(key, jsonb_build_array(next_seq, link));
        seqs := seqs || next_seq;
        prevs := prevs || prev;
        hashes := hashes || link;
      END LOOP;
      INSERT INTO audit_events (client_id, seq, at, actor_id, actor_name, actor_role, action, entity, entity_id,
          before, after, signature, prev_hash, hash)
        SELECT e->>'clientId', s, (e->>'at')::bigint, e->>'actorId', e->>'actorName', e->>'actorRole',
          e->>'action', e->>'entity', e->>'entityId', e->'before', e->'after', e->'signature', p, h
        FROM unnest(elements, seqs, prevs, hashes) AS u (e, s, p, h);
      UPDATE audit_heads h SET seq = (heads->h.chain->>0)::bigint, hash = heads->h.chain->>1
        WHERE h.chain = ANY (chains);
      RETURN QUERY SELECT k, (heads->k->>0)::bigint, heads->k->>1 FROM unnest(chains) AS k;
    END
    $fn$;
  `,
};
