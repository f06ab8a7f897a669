/** Test helper: a fixture's payload as raw bytes, signed with a test secret like Meta would. */
import { readFileSync } from 'node:fs';
import { signMetaBody } from './signature';

export const TEST_APP_SECRET = 'test-app-secret';

export function fixture(name: string): { source: string; payload: unknown } {
  const url = new URL(`./fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { source: string; payload: unknown };
}

export function signedFixture(name: string): { body: Uint8Array; headers: Record<string, string> } {
  const body = new TextEncoder().encode(JSON.stringify(fixture(name).payload));
  return { body, headers: { 'x-hub-signature-256': signMetaBody(body, TEST_APP_SECRET) } };
}
