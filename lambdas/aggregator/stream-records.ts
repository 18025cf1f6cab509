import type { DynamoDBRecord } from 'aws-lambda';

/** A stage whose rider items a stream batch touched. */
export interface TouchedStage {
  readonly stage: number;
  /** Newest `newestFixMs` among the batch's rider images of the stage: the snapshot time (replays are deterministic). */
  readonly newestFixMs: number;
  /** Stream sequence numbers of those records, to report them for retry if the stage fails. */
  readonly sequenceNumbers: readonly string[];
}

/**
 * The stages of `tour` touched by rider items (`pk` = `STAGE#<tour>#<n>`, `sk` = `RIDER#<bib>`) in a stream batch.
 * Every other record is ignored: the aggregator's own snapshot and event items, tracks, other tours, and removals
 * (no new image), so the aggregator never triggers itself. Pure.
 */
export function touchedStages(records: readonly DynamoDBRecord[], tour: string): TouchedStage[] {
  const prefix = `STAGE#${tour}#`;
  const byStage = new Map<number, { newestFixMs: number; sequenceNumbers: string[] }>();
  for (const record of records) {
    const change = record.dynamodb;
    const pk = change?.Keys?.pk?.S;
    if (pk === undefined || !pk.startsWith(prefix) || change?.Keys?.sk?.S?.startsWith('RIDER#') !== true) continue;
    const stage = Number(pk.slice(prefix.length));
    const newestFixMs = Number(change.NewImage?.newestFixMs?.N);
    if (!Number.isInteger(stage) || stage < 1 || !Number.isFinite(newestFixMs)) continue;
    const touched = byStage.get(stage) ?? { newestFixMs, sequenceNumbers: [] };
    byStage.set(stage, touched);
    touched.newestFixMs = Math.max(touched.newestFixMs, newestFixMs);
    if (change.SequenceNumber !== undefined) touched.sequenceNumbers.push(change.SequenceNumber);
  }
  return [...byStage].sort(([a], [b]) => a - b).map(([stage, t]) => ({ stage, ...t }));
}
