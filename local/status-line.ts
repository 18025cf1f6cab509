import { RELAY_BACKLOG_AFTER_WALL_MILLIS, type RetryingBatch, type StalledShard } from './stall-watch';

/** What the rehearsal shows once a second (docs/local-rehearsal.md, "The status line"). */
export interface RehearsalStatus {
  readonly tour: string;
  readonly stage: number;
  readonly speed: number;
  /** Race clock, epoch ms. */
  readonly raceClockMs: number;
  /** Time zone of the stage, for showing the race clock as local time. */
  readonly timeZone: string;
  /** Km to go for the head of the race in the newest snapshot, or undefined before one. */
  readonly headKmToGo: number | undefined;
  /** Fixes the relay accepted per wall second over the last second. */
  readonly fixesPerSecond: number;
  /** Freshness p50 over the last 30 wall seconds, race ms and wall ms; undefined before samples. */
  readonly freshnessP50RaceMillis: number | undefined;
  readonly freshnessP50WallMillis: number | undefined;
  /** Riders still racing whose tracker is not `lost` in the newest snapshot, and riders in it. */
  readonly ridersReporting: number;
  readonly ridersKnown: number;
  /** Groups in the newest snapshot. */
  readonly groups: number;
  /** Objects in the quarantine bucket (one per quarantined frame or fix batch). */
  readonly quarantined: number;
  /** Records the pollers gave up on (their on-failure records went to the DLQs). */
  readonly deadLettered: number;
  /** Bytes in the relay spool not yet acknowledged by Kinesis. */
  readonly relayUnackedBytes: number;
  /** Wall-clock age of the relay's oldest unacknowledged fix, ms. */
  readonly relayOldestUnsentWallMillis: number;
  /** Shards holding records that have not moved on for STALL_AFTER_WALL_MILLIS or more. */
  readonly stalled: readonly StalledShard[];
  /** Batches being invoked again. */
  readonly retrying: readonly RetryingBatch[];
}

/** One line for the terminal, e.g. `race 13:42:05 CEST ×10 | head 87.3 km to go | 1760 fixes/s | …`. */
export function formatStatusLine(s: RehearsalStatus): string {
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: s.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(s.raceClockMs);
  const fresh =
    s.freshnessP50RaceMillis === undefined || s.freshnessP50WallMillis === undefined
      ? 'freshness p50 -'
      : `freshness p50 ${(s.freshnessP50RaceMillis / 1000).toFixed(1)} s race (${(s.freshnessP50WallMillis / 1000).toFixed(2)} s wall)`;
  return [
    `${s.tour} stage ${s.stage} race ${clock} x${s.speed}`,
    s.headKmToGo === undefined ? 'head - km to go' : `head ${s.headKmToGo.toFixed(1)} km to go`,
    `${Math.round(s.fixesPerSecond)} fixes/s`,
    fresh,
    `${s.ridersReporting}/${s.ridersKnown} riders reporting`,
    `${s.groups} groups`,
    `${s.quarantined} quarantined`,
    ...s.stalled.map(
      (x) =>
        `STALLED ${x.mapping} ${x.shardId} ${(x.sinceProgressMillis / 1000).toFixed(0)} s (${x.pendingRecords} records waiting${x.error ? `, ${x.error}` : ''})`,
    ),
    ...s.retrying.map(
      (x) => `retrying ${x.mapping} ${x.shardId} attempt ${x.attempt} (${x.error ?? 'records reported failed'})`,
    ),
    ...(s.deadLettered > 0 ? [`${s.deadLettered} records dead-lettered`] : []),
    ...(s.relayUnackedBytes > 1_000_000 || s.relayOldestUnsentWallMillis >= RELAY_BACKLOG_AFTER_WALL_MILLIS
      ? [
          `relay backlog ${(s.relayUnackedBytes / 1e6).toFixed(1)} MB, oldest unsent ${(s.relayOldestUnsentWallMillis / 1000).toFixed(0)} s`,
        ]
      : []),
  ].join(' | ');
}
