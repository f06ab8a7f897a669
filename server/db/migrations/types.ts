export interface Migration {
  /** 1, 2, 3 … in order; never renumbered, never edited once released. */
  readonly version: number;
  readonly name: string;
  /** Static DDL (and data fixes) with no bound values. */
  readonly up: string;
}
