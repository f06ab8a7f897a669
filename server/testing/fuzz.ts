/**
 * Test support for the generated-input test of every route (server/http/fuzz.test.ts): the routes
 * as Fastify itself lists them, the hostile values (NUL, lone surrogates, huge numbers, deep JSON,
 * wrong types) and the ways to put them into a path, a query, a JSON or form body and a header.
 */
import fc from 'fast-check';

export interface RouteEntry {
  readonly method: string;
  /** As registered, e.g. `/clients/:clientId/policy`. */
  readonly path: string;
}

/**
 * The routes from `app.printRoutes({ commonPrefix: false })`: a tree whose lines are
 * `│   ├── segment (GET, HEAD)`; a route's path is its ancestors' segments joined. HEAD is left
 * out (Fastify answers it with the GET handler).
 */
export function routesOf(printed: string): RouteEntry[] {
  const stack: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of printed.split('\n')) {
    const branch = /^([│ ]*)[├└]── (.*)$/u.exec(line);
    if (branch === null) continue;
    const depth = (branch[1] ?? '').length / 4;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/u.exec(branch[2] ?? '');
    const segment = match?.[1] ?? '';
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + segment;
    stack.push(path);
    for (const method of (match?.[2] ?? '').split(',').map((entry) => entry.trim())) {
      if (method !== '' && method !== 'HEAD') routes.push({ method, path });
    }
  }
  return routes;
}

/** Nested arrays `depth` deep, as JSON text (too deep for a naive recursive walk). */
export const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** What broke the server before: every run tries each of these at every place a template has. */
export const POISON_TEXTS = ['\u0000', 'a\u0000b', '\ud83d', 'ciao \ud83d', '\ude00 x'] as const;

const hostileStrings = [
  ...POISON_TEXTS,
  '',
  ' ',
  '%00',
  '..',
  '../../etc/passwd',
  "'; DROP TABLE users; --",
  '\u202e\u200b',
  'x'.repeat(300),
  'é'.repeat(20_000),
  '40000',
  '-1',
  '99999999999999999999999',
  '1e400',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
];

const hostileNumbers = [
  0,
  -1,
  0.5,
  40_000,
  2 ** 31,
  2 ** 53,
  2 ** 63,
  -(2 ** 63),
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER + 2,
];

const deepObject = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
};

/** Any JSON value a client might send where something else was expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...POISON_TEXTS) },
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...hostileStrings) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...hostileNumbers) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [[['\u0000']]], deepObject(2000)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** A hostile value as it can travel in a URL or a form field: text. */
export const hostileText: fc.Arbitrary<string> = hostileValue.map((value) =>
  typeof value === 'string' ? value : JSON.stringify(value),
);

/**
 * Percent-encoding that also writes what `encodeURIComponent` refuses: a lone surrogate becomes
 * its three (invalid) UTF-8 bytes, as a careless or hostile client would send them.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

export function queryString(query: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(query).map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

type Path = readonly (string | number)[];

/** Every place in a JSON value (the root too): where one hostile value may go. */
export function placesOf(value: unknown, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((entry, index) => placesOf(entry, [...at, index]))];
  if (typeof value === 'object' && value !== null)
    return [...here, ...Object.entries(value).flatMap(([key, entry]) => placesOf(entry, [...at, key]))];
  return here;
}

/** A copy of `value` with `replacement` at `path`. */
export function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value))
    return value.map((entry, index) => (index === head ? replaceAt(entry, rest, replacement) : entry));
  if (typeof value === 'object' && value !== null) {
    return { ...value, [head]: replaceAt((value as Record<string, unknown>)[head], rest, replacement) };
  }
  return value;
}

/** Characters a header value may carry on the wire (Node refuses the others before sending). */
export const headerSafe = (text: string): string => text.replace(/[^\t\x20-\x7e\x80-\xff]/gu, '?');
