import type { DynamoDBRecord } from 'aws-lambda';
import { riderOfItemState } from '../adapters/dynamo/rider-state-store';
import { RIDER_SORT_KEY_PREFIX } from '../adapters/dynamo/table-definition';
import type { StoredRider } from '../../core/ports/rider-state-store';
import { tourPartitionKeyPrefix } from '../../core/ports/stage-key';

/** A stage whose rider items a stream batch touched. */
export interface TouchedStage {
  readonly stage: number;
  /** Newest `newestFixMs` among the batch's rider images of the stage: the snapshot time (replays are deterministic). */
  readonly newestFixMs: number;
  /** Stream sequence numbers of those records, to report them for retry if the stage fails. */
  readonly sequenceNumbers: readonly string[];
  /**
   * The riders the batch carries, each from its newest image: their state as the batch wrote it, so the aggregator
   * reads only the other riders (the stream's images cost no read, and each run would otherwise read every rider).
   */
  readonly riders: ReadonlyMap<number, StoredRider>;
}

/**
 * The stages of `tour` touched by rider items (`pk` = `STAGE#<tour>#<n>`, `sk` = `RIDER#<bib>`) in a stream batch.
 * Every other record is ignored: the aggregator's own snapshot and event items, tracks, other tours, and removals
 * (no new image), so the aggregator never triggers itself. Pure.
 */
export function touchedStages(records: readonly DynamoDBRecord[], tour: string): TouchedStage[] {
  const prefix = tourPartitionKeyPrefix(tour);
  interface Touched {
    newestFixMs: number;
    sequenceNumbers: string[];
    riders: Map<number, StoredRider>;
  }
  const byStage = new Map<number, Touched>();
  for (const record of records) {
    const change = record.dynamodb;
    if (change === undefined) continue;
    const pk = change.Keys?.pk?.S;
    const sk = change.Keys?.sk?.S;
    if (pk === undefined || !pk.startsWith(prefix) || sk?.startsWith(RIDER_SORT_KEY_PREFIX) !== true) continue;
    const stage = Number(pk.slice(prefix.length));
    const newestFixMs = Number(change.NewImage?.newestFixMs?.N);
    if (!Number.isInteger(stage) || stage < 1 || !Number.isFinite(newestFixMs)) continue;
    const touched: Touched = byStage.get(stage) ?? { newestFixMs, sequenceNumbers: [], riders: new Map() };
    byStage.set(stage, touched);
    touched.newestFixMs = Math.max(touched.newestFixMs, newestFixMs);
    if (change.SequenceNumber !== undefined) touched.sequenceNumbers.push(change.SequenceNumber);
    const rider = riderOfItemState(change.NewImage?.state?.S);
    const kept = rider && touched.riders.get(rider.bib);
    if (rider && (kept === undefined || kept.newestFixMs <= rider.newestFixMs)) touched.riders.set(rider.bib, rider);
  }
  return [...byStage].sort(([a], [b]) => a - b).map(([stage, t]) => ({ stage, ...t }));
}
