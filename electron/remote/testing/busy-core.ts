/** The file that releases the busy test core's `settings:get` (busy-core-process.ts), in its data folder. */
export const RELEASE_FILE = 'release-busy-core';
