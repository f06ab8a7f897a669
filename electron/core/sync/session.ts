/**
 * Where the desktop keeps its team-server session: a file in the data folder, written 0600, its
 * content encrypted by the OS keychain when the shell provides one (Electron `safeStorage`); the
 * browser host has no keychain and relies on the file's permissions. The token never goes to
 * the renderer or the logs.
 */
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { id } from '../../../shared/domain/entities';

export const SESSION_FILE = 'session.json';

export const storedSession = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('solo'), userId: id }),
  z.object({
    mode: z.literal('team'),
    serverUrl: z.url(),
    userId: id,
    token: z.string().min(1),
    expiresAt: z.number().int(),
  }),
]);
export type StoredSession = z.infer<typeof storedSession>;

/**
 * Encrypts with the operating system's keychain (the shell's `safeStorage`); asynchronous when
 * the keychain is in another process (electron/remote/serve.ts).
 */
export interface SecretBox {
  encrypt(text: string): Buffer | Promise<Buffer>;
  decrypt(data: Buffer): string | Promise<string>;
}

export class SessionStore {
  constructor(
    private readonly folder: string,
    private readonly box: SecretBox | null,
  ) {}

  private get file(): string {
    return join(this.folder, SESSION_FILE);
  }

  /** The stored session; null when there is none or it cannot be read (the user signs in again). */
  async load(): Promise<StoredSession | null> {
    let raw: Buffer;
    try {
      raw = await readFile(this.file);
    } catch {
      return null;
    }
    try {
      const text = this.box
        ? await this.box.decrypt(Buffer.from(raw.toString('utf8'), 'base64'))
        : raw.toString('utf8');
      const parsed = storedSession.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async save(session: StoredSession): Promise<void> {
    const text = JSON.stringify(session);
    const content = this.box ? (await this.box.encrypt(text)).toString('base64') : text;
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, content, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
