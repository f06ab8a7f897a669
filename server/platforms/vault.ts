/**
 * Platform tokens encrypted at rest: AES-256-GCM with a random 96-bit IV per secret, the key id
 * inside each sealed value so keys can rotate (open with any known key, seal with the newest,
 * `rewrap` to move old values onto the newest key). A sealed value can be bound to a context
 * (e.g. the channel id) so it cannot be copied onto another channel's row. Errors carry a code
 * and the key id only — never the token, never key material. docs/platforms.md has the setup.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type VaultErrorCode = 'no_key' | 'bad_key' | 'duplicate_key_id' | 'malformed' | 'unknown_key' | 'tampered';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    readonly keyId?: string,
  ) {
    super(keyId === undefined ? `token vault: ${code}` : `token vault: ${code} (key ${keyId})`);
    this.name = 'VaultError';
  }
}

export interface VaultKey {
  readonly id: string;
  readonly key: Buffer;
}

const FORMAT = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** A key id derived from the key itself, for keys configured without one: stable and not secret. */
export function fingerprint(key: Buffer): string {
  return createHash('sha256').update('moderator-desk token vault key id').update(key).digest('hex').slice(0, 12);
}

function decodeKey(text: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new VaultError('bad_key');
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new VaultError('bad_key');
  return key;
}

/**
 * Keys from text: one per comma or line, newest FIRST, each `id:base64` or a bare base64 key
 * (its id is then its fingerprint). Blank lines and `#` comments are skipped.
 */
export function parseVaultKeys(text: string): VaultKey[] {
  const keys: VaultKey[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const id = colon === -1 ? undefined : line.slice(0, colon).trim();
    const key = decodeKey(colon === -1 ? line : line.slice(colon + 1));
    if (id !== undefined && !KEY_ID.test(id)) throw new VaultError('bad_key');
    const keyId = id ?? fingerprint(key);
    if (keys.some((known) => known.id === keyId)) throw new VaultError('duplicate_key_id', keyId);
    keys.push({ id: keyId, key });
  }
  return keys;
}

/**
 * The keys from the environment: `TOKEN_VAULT_KEYS` (the keys themselves) or
 * `TOKEN_VAULT_KEY_FILE` (a file holding them, e.g. a mounted secret). Neither → `no_key`.
 */
export function vaultKeysFromEnv(env: Readonly<Record<string, string | undefined>>): VaultKey[] {
  const inline = env['TOKEN_VAULT_KEYS'];
  const file = env['TOKEN_VAULT_KEY_FILE'];
  const text = inline !== undefined && inline !== '' ? inline : file ? readFileSync(file, 'utf8') : '';
  const keys = parseVaultKeys(text);
  if (keys.length === 0) throw new VaultError('no_key');
  return keys;
}

export interface TokenVault {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(token: string, context?: string): string;
  open(sealed: string, context?: string): string;
  /** Re-seal with the newest key (a no-op copy when it already is); for rotating keys. */
  rewrap(sealed: string, context?: string): string;
  keyIdOf(sealed: string): string;
}

function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${FORMAT}.${keyId}.${context}`, 'utf8');
}

function split(sealed: string): { keyId: string; iv: Buffer; data: Buffer; tag: Buffer } {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new VaultError('malformed');
  const [, keyId = '', iv = '', data = '', tag = ''] = parts;
  if (!KEY_ID.test(keyId) || ![iv, data, tag].every((part) => B64URL.test(part))) throw new VaultError('malformed');
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    data: Buffer.from(data, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (decoded.iv.length !== 12 || decoded.tag.length !== 16) throw new VaultError('malformed');
  return decoded;
}

/** `keys` newest first. */
export function createTokenVault(keys: readonly VaultKey[]): TokenVault {
  const newest = keys[0];
  if (!newest) throw new VaultError('no_key');
  const byId = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (key.length !== 32 || !KEY_ID.test(id)) throw new VaultError('bad_key');
    if (byId.has(id)) throw new VaultError('duplicate_key_id', id);
    byId.set(id, key);
  }

  const seal = (token: string, context = ''): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', newest.key, iv);
    cipher.setAAD(additionalData(newest.id, context));
    const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, newest.id, iv.toString('base64url'), data.toString('base64url'), tag.toString('base64url')].join(
      '.',
    );
  };

  const open = (sealed: string, context = ''): string => {
    const { keyId, iv, data, tag } = split(sealed);
    const key = byId.get(keyId);
    if (!key) throw new VaultError('unknown_key', keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
      decipher.setAAD(additionalData(keyId, context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      // Wrong context, altered bytes or a swapped tag: all the same to the caller, by design.
      throw new VaultError('tampered', keyId);
    }
  };

  return {
    currentKeyId: newest.id,
    seal,
    open,
    rewrap: (sealed, context = '') => {
      const token = open(sealed, context); // checks integrity even when no rewrap is needed
      return split(sealed).keyId === newest.id ? sealed : seal(token, context);
    },
    keyIdOf: (sealed) => split(sealed).keyId,
  };
}
