/** One stage of one tour, the partition every processor store is keyed by. */
export interface StageKey {
  /** Tour id, e.g. `tdf2022`. */
  readonly tour: string;
  /** Stage number, 1-based. */
  readonly stage: number;
}

/** What the partition key of every stage of `tour` starts with: `STAGE#<tour>#`. */
export function tourPartitionKeyPrefix(tour: string): string {
  return `STAGE#${tour}#`;
}

/** The partition key of a stage: `STAGE#<tour>#<n>` (DESIGN §6). */
export function stagePartitionKey(key: StageKey): string {
  return `${tourPartitionKeyPrefix(key.tour)}${key.stage}`;
}
