/**
 * Awaits a mutation started with `initiate` and then drops its result from the store. RTK Query
 * keeps every such result until it is reset: one per archive, per draft save (with its text), per
 * note — thousands in a day of moderation, each later store update copying them all.
 */
export async function once<T>(started: PromiseLike<T> & { reset(): void }): Promise<T> {
  try {
    return await started;
  } finally {
    started.reset();
  }
}
