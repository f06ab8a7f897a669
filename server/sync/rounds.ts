/**
 * Runs a job in rounds that never overlap and coalesce: `request()` resolves after a round that
 * started after the call, so many requests during one round share the next one.
 */
export class Rounds<T> {
  private current: Promise<T> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly run: () => Promise<T>) {}

  request(): Promise<T> {
    if (this.next !== null) return this.next;
    const previous = this.current ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        const current = this.run();
        this.current = current;
        return current;
      });
    this.next = next;
    return next;
  }

  /** Waits for the running and the scheduled round (shutdown). */
  async idle(): Promise<void> {
    await (this.next ?? this.current ?? Promise.resolve()).catch(() => undefined);
  }
}
