/** One stage of one tour, the partition every processor store is keyed by. */
export interface StageKey {
  /** Tour id, e.g. `tdf2022`. */
  readonly tour: string;
  /** Stage number, 1-based. */
  readonly stage: number;
}

/** The partition key of a stage: `STAGE#<tour>#<n>` (DESIGN §6). */
export function stagePartitionKey(key: StageKey): string {
  return `STAGE#${key.tour}#${key.stage}`;
}
