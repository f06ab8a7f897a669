import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, settings as settingsSchema, type Settings } from '../../../shared/contract';
import type { Logger } from '../log';

const FILE = 'settings.json';

/**
 * Per-device settings in a small JSON file beside the replica. Kept apart from the replica
 * because a corrupt replica is thrown away and rebuilt from the server; preferences are not.
 */
export class SettingsStore {
  private current: Settings = defaultSettings;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  static async open(dir: string, log: Logger): Promise<SettingsStore> {
    const store = new SettingsStore(dir, log);
    await store.load();
    return store;
  }

  get(): Settings {
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    this.current = next;
    // Writes are serialised so an older value can never land after a newer one.
    this.writing = this.writing.then(() => this.persist(next));
    await this.writing;
    return next;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(join(this.dir, FILE), 'utf8');
    } catch {
      return; // first run: defaults
    }
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        this.current = parsed.data;
        return;
      }
    } catch {
      // fall through: unreadable JSON
    }
    this.log.warn('settings.unreadable', { file: FILE, action: 'using defaults' });
  }

  private async persist(value: Settings): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, FILE);
    const temp = `${target}.${process.pid}.tmp`;
    // Write then rename, so a crash mid-write never leaves a half-written file.
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, target);
  }
}
