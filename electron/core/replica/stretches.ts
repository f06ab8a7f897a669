import type { IngestProgress } from './ingest';

/**
 * Measures the stretches a long write holds the caller's thread (a transaction, or the work
 * between two event-loop turns) into its progress: the longest by the wall clock and how many
 * passed 16 ms. On a busy machine the wall clock also counts the time the OS gave the CPU to
 * others; with a `threadClock` (CPU time this thread has used, ms — benchmarks pass one) the
 * stretches are also measured in the thread's own CPU time, which is what the code controls.
 */
export interface StretchMeter {
  start(): void;
  /** Ends the stretch begun by `start`; returns its wall-clock length, ms. */
  end(): number;
}

export function stretchMeter(progress: IngestProgress, threadClock?: () => number): StretchMeter {
  let wallStarted = performance.now();
  let cpuStarted = threadClock?.() ?? 0;
  return {
    start() {
      wallStarted = performance.now();
      cpuStarted = threadClock?.() ?? 0;
    },
    end() {
      const held = performance.now() - wallStarted;
      progress.longestMs = Math.max(progress.longestMs, held);
      if (held > 16) progress.stretchesOver16ms = (progress.stretchesOver16ms ?? 0) + 1;
      if (threadClock) {
        const cpu = threadClock() - cpuStarted;
        progress.longestCpuMs = Math.max(progress.longestCpuMs ?? 0, cpu);
        if (cpu > 16) progress.cpuStretchesOver16ms = (progress.cpuStretchesOver16ms ?? 0) + 1;
      }
      return held;
    },
  };
}

/** Folds the stretches of `from` into `into` (seedDemo: the warm-up steps, then the ingest). */
export function mergeStretches(into: IngestProgress, from: IngestProgress): IngestProgress {
  const merged: IngestProgress = {
    ...into,
    longestMs: Math.max(into.longestMs, from.longestMs),
    stretchesOver16ms: (into.stretchesOver16ms ?? 0) + (from.stretchesOver16ms ?? 0),
  };
  if (into.longestCpuMs !== undefined || from.longestCpuMs !== undefined) {
    merged.longestCpuMs = Math.max(into.longestCpuMs ?? 0, from.longestCpuMs ?? 0);
    merged.cpuStretchesOver16ms = (into.cpuStretchesOver16ms ?? 0) + (from.cpuStretchesOver16ms ?? 0);
  }
  return merged;
}
