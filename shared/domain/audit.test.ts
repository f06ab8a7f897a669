import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AuditContent, AuditEvent, ChainPoint } from './audit';
import {
  auditActions,
  auditContent,
  auditEvent,
  canonicalJson,
  chainEvents,
  contentHash,
  eventHash,
  GENESIS_HASH,
  linkHash,
  verifyChain,
} from './audit';

const T = 1_767_225_600_000;

function content(index: number, overrides: Partial<AuditContent> = {}): AuditContent {
  return {
    at: T + index * 1000,
    actor: { id: 'u-mod', name: 'Giulia Conti', role: 'moderator' },
    action: 'label',
    entity: 'item',
    entityId: `i-${index}`,
    clientId: 'c-pharma',
    before: { labels: [] },
    after: { labels: [`l-${index}`] },
    signature: null,
    ...overrides,
  };
}

const chainOf = (length: number) => chainEvents(Array.from({ length }, (_, index) => content(index)));
const headOf = (events: readonly AuditEvent[]): ChainPoint => {
  const last = events.at(-1);
  return last === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: last.seq, hash: last.hash };
};

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ '\u00e9': 1, z: 2, A: 3 }, '{"A":3,"z":2,"\u00e9":1}'],
    [{ n: 1.5e21, m: -0, k: 0.1 }, '{"k":0.1,"m":0,"n":1.5e+21}'],
    [{ s: 'riga\n"citata"' }, '{"s":"riga\\n\\"citata\\""}'],
    [{ skip: undefined, keep: 1 }, '{"keep":1}'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses what JSON cannot say', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/finite/);
    expect(() => canonicalJson(() => 1)).toThrow(/function/);
  });

  it('does not depend on key order, and survives a JSON round trip (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reparsed: unknown = JSON.parse(JSON.stringify(value));
        expect(canonicalJson(reparsed)).toBe(canonicalJson(value));
        if (reparsed !== null && typeof reparsed === 'object' && !Array.isArray(reparsed)) {
          const reversed = Object.fromEntries(Object.entries(reparsed).reverse());
          expect(canonicalJson(reversed)).toBe(canonicalJson(reparsed));
        }
      }),
    );
  });
});

describe('event hashes', () => {
  it('are the documented SHA-256 encodings (fixed vectors)', () => {
    // sha256("audit/v1|" + 64 zeros + "|1|" + "ab"), computed independently with node:crypto.
    expect(linkHash(GENESIS_HASH, 1, 'ab')).toBe('d9aa6bd5fc430acccfcd8fcfd2faf5f60f75be3c051cc7b3cd14cc2efc7701dd');
    const [first] = chainOf(1);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(first?.hash).toBe(linkHash(GENESIS_HASH, 1, contentHash(content(0))));
  });

  it('cover every field an auditor reads', () => {
    const base = content(1);
    const variants: AuditContent[] = [
      { ...base, at: base.at + 1 },
      { ...base, actor: { ...base.actor, name: 'Giulia C.' } },
      { ...base, actor: { ...base.actor, role: 'lead' } },
      { ...base, action: 'archive' },
      { ...base, entityId: 'i-2' },
      { ...base, clientId: null },
      { ...base, before: null },
      { ...base, after: { labels: ['other'] } },
      { ...base, signature: { printedName: 'Elena Marchetti', meaning: 'Approved — Medical review', at: T } },
    ];
    for (const variant of variants) expect(contentHash(variant)).not.toBe(contentHash(base));
  });

  it('validate with the zod schemas, and refuse an unknown action', () => {
    const [event] = chainOf(1);
    expect(auditEvent.parse(event)).toEqual(event);
    expect(auditContent.safeParse({ ...content(0), action: 'teleport' }).success).toBe(false);
    expect(auditActions).toContain('login_failed');
  });
});

function withEvent(events: readonly AuditEvent[], index: number, event: AuditEvent): AuditEvent[] {
  return events.map((existing, position) => (position === index ? event : existing));
}

describe('verifyChain: table', () => {
  const events = chainOf(6);
  const head = headOf(events);
  const at = (index: number) => events[index] as AuditEvent;

  it('accepts a valid chain and reports where it ends', () => {
    expect(verifyChain(events, { head })).toEqual({ ok: true, count: 6, last: head });
    expect(verifyChain([], { head: null })).toMatchObject({ ok: true, count: 0 });
  });

  it.each([
    [
      'content edited',
      () => withEvent(events, 2, { ...at(2), after: { labels: ['forged'] } }),
      { kind: 'edited', index: 2, seq: 3 },
    ],
    [
      'content edited and re-hashed',
      () => {
        const forged = { ...at(2), after: { labels: ['forged'] } };
        return withEvent(events, 2, { ...forged, hash: eventHash(forged) });
      },
      { kind: 'edited', index: 2, seq: 3 },
    ],
    ['event removed', () => events.filter((_, index) => index !== 3), { kind: 'removed', index: 3, seq: 4 }],
    ['first event removed', () => events.slice(1), { kind: 'removed', index: 0, seq: 1 }],
    ['last event removed', () => events.slice(0, 5), { kind: 'removed', index: 5, seq: 6 }],
    [
      'two neighbours swapped',
      () => [at(0), at(2), at(1), at(3), at(4), at(5)],
      { kind: 'reordered', index: 1, seq: 3 },
    ],
    [
      'two far events swapped',
      () => [at(0), at(4), at(2), at(3), at(1), at(5)],
      { kind: 'reordered', index: 1, seq: 5 },
    ],
    [
      'numbers swapped in place (rows read by number)',
      () => [at(0), { ...at(2), seq: 2 }, { ...at(1), seq: 3 }, at(3), at(4), at(5)],
      { kind: 'reordered', index: 1, seq: 2 },
    ],
    [
      'forged event reusing a number',
      () => {
        const forged = chainEvents([content(99)], { seq: 2, hash: at(2).hash })[0] as AuditEvent;
        return [...events.slice(0, 3), { ...forged, seq: 3 }, ...events.slice(3)];
      },
      { kind: 'inserted', index: 3, seq: 3 },
    ],
    [
      'forged event appended after the head',
      () => [...events, ...chainEvents([content(99)], head)],
      { kind: 'inserted', index: 6, seq: 7 },
    ],
  ] as const)('%s', (_name, tamper, expected) => {
    expect(verifyChain(tamper(), { head })).toEqual({ ok: false, ...expected });
  });

  it('checks a page after a known point, with positions in the whole chain', () => {
    const start = { seq: at(2).seq, hash: at(2).hash };
    expect(verifyChain(events.slice(3), { start, startIndex: 3, head })).toMatchObject({ ok: true, count: 3 });
    const broken = [at(3), { ...at(4), entityId: 'x' }, at(5)];
    expect(verifyChain(broken, { start, startIndex: 3, head })).toEqual({
      ok: false,
      kind: 'edited',
      index: 4,
      seq: 5,
    });
  });
});

describe('verifyChain: properties', () => {
  const contentArb: fc.Arbitrary<AuditContent> = fc.record({
    at: fc.integer({ min: 0, max: 4_000_000_000_000 }),
    actor: fc.record({
      id: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: null }),
      name: fc.string({ maxLength: 20 }),
      role: fc.option(fc.constantFrom('admin', 'lead', 'moderator', 'approver'), { nil: null }),
    }),
    action: fc.constantFrom(...auditActions),
    entity: fc.constantFrom('item', 'reply', 'user'),
    entityId: fc.string({ minLength: 1, maxLength: 12 }),
    clientId: fc.option(fc.constantFrom('c-a', 'c-b'), { nil: null }),
    before: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: null }),
    after: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: null }),
    signature: fc.constant(null),
  }) as fc.Arbitrary<AuditContent>;
  const chainArb = (minLength: number) =>
    fc.array(contentArb, { minLength, maxLength: 12 }).map((contents) => chainEvents(contents));

  it('a valid chain of every length verifies', () => {
    fc.assert(
      fc.property(chainArb(0), (events) => {
        expect(verifyChain(events, { head: headOf(events) })).toMatchObject({ ok: true, count: events.length });
      }),
    );
  });

  it('every single edit is detected, re-hashed or not', () => {
    fc.assert(
      fc.property(chainArb(1), fc.nat(), contentArb, fc.boolean(), (events, pick, forged, rehash) => {
        const index = pick % events.length;
        const original = events[index] as AuditEvent;
        fc.pre(contentHash(forged) !== contentHash(original));
        const edited = { ...original, ...forged, seq: original.seq, prevHash: original.prevHash, hash: original.hash };
        const event = rehash ? { ...edited, hash: eventHash(edited) } : edited;
        const verdict = verifyChain(withEvent(events, index, event), { head: headOf(events) });
        expect(verdict.ok).toBe(false);
      }),
    );
  });

  it('every deletion is detected', () => {
    fc.assert(
      fc.property(chainArb(1), fc.nat(), (events, pick) => {
        const index = pick % events.length;
        const verdict = verifyChain(
          events.filter((_, position) => position !== index),
          { head: headOf(events) },
        );
        expect(verdict).toMatchObject({ ok: false, kind: 'removed', seq: index + 1 });
      }),
    );
  });

  it('every swap of two events is detected as a reordering', () => {
    fc.assert(
      fc.property(chainArb(2), fc.nat(), fc.nat(), (events, a, b) => {
        const i = a % events.length;
        const j = b % events.length;
        fc.pre(i !== j);
        const swapped = [...events];
        [swapped[i], swapped[j]] = [events[j] as AuditEvent, events[i] as AuditEvent];
        const verdict = verifyChain(swapped, { head: headOf(events) });
        expect(verdict).toMatchObject({ ok: false, kind: 'reordered', index: Math.min(i, j) });
      }),
    );
  });

  it('every inserted event is detected, however well it is forged', () => {
    fc.assert(
      fc.property(
        chainArb(0),
        fc.nat(),
        contentArb,
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        (events, pick, forged, seq, linkPick) => {
          const index = pick % (events.length + 1);
          // Chained after one of the chain's events (or the start), with a number of its choosing.
          const after = linkPick % (events.length + 1);
          const prevHash = after === 0 ? GENESIS_HASH : (events[after - 1] as AuditEvent).hash;
          const stranger: AuditEvent = { ...forged, seq, prevHash, hash: linkHash(prevHash, seq, contentHash(forged)) };
          const tampered = [...events.slice(0, index), stranger, ...events.slice(index)];
          expect(verifyChain(tampered, { head: headOf(events) }).ok).toBe(false);
        },
      ),
    );
  });
});
