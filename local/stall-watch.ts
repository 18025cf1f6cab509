import type { Logger } from '@aws-lambda-powertools/logger';
import type { RelayStatus } from '../edge/status';
import { errorName, type EventSourceMapping } from './event-source-mapping';

/** A shard that holds records and has not moved on for at least `STALL_AFTER_WALL_MILLIS`. */
export interface StalledShard {
  readonly mapping: string;
  readonly shardId: string;
  readonly sinceProgressMillis: number;
  readonly pendingRecords: number;
  /** Why, when known: the retried batch's error or the failing read's. */
  readonly error?: string;
}

/** A batch being invoked again. */
export interface RetryingBatch {
  readonly mapping: string;
  readonly shardId: string;
  readonly attempt: number;
  readonly records: number;
  /** The thrown error's name, or undefined when the function reported failed records. */
  readonly error?: string;
}

/** What the local pipeline is not doing well right now; every list is empty on a healthy run. */
export interface PipelineAlerts {
  readonly stalled: readonly StalledShard[];
  readonly retrying: readonly RetryingBatch[];
  /** Records the mappings gave up on (their on-failure records went to the DLQs). */
  readonly deadLetteredRecords: number;
  /** Bytes the relay holds that Kinesis has not acknowledged. */
  readonly relayUnackedBytes: number;
  /** Wall-clock age of the relay's oldest unacknowledged fix, ms. */
  readonly relayOldestUnsentWallMillis: number;
}

/**
 * A shard counts as stalled after this long without moving on while it holds records, wall ms. A healthy local
 * batch takes about a second; Lambda itself would keep retrying far longer, which is why nothing else would say so.
 */
export const STALL_AFTER_WALL_MILLIS = 5_000;

/** The relay's backlog is reported once its oldest unsent fix is this old, wall ms (its live lane hands over at 5 s). */
export const RELAY_BACKLOG_AFTER_WALL_MILLIS = 5_000;

/** What the watch looks at. */
export interface StallWatchSources {
  readonly mappings: Readonly<Record<string, EventSourceMapping>>;
  readonly relayStatus: () => RelayStatus;
  /** Race ms per wall ms: the relay's ages are on the race clock. */
  readonly speed: number;
  readonly logger: Logger;
}

/** A running watch: `alerts()` for the status line; it logs each stall and backlog once when it starts and ends. */
export interface StallWatch {
  alerts(): PipelineAlerts;
  stop(): void;
}

/**
 * Watches the mappings and the relay once a second, so that local mode says when it falls behind: a shard that holds
 * records without moving on and the relay's unacknowledged backlog go to the log once when they start (warn) and once
 * when they clear (info); they, the batches being retried and the records given up are in `alerts()`. (The mapping
 * itself logs each retry and each batch given up.)
 */
export function startStallWatch(sources: StallWatchSources, intervalMillis = 1_000): StallWatch {
  const reported = new Set<string>();
  const check = (): PipelineAlerts => {
    const stalled: StalledShard[] = [];
    const retrying: RetryingBatch[] = [];
    let deadLetteredRecords = 0;
    for (const [mapping, m] of Object.entries(sources.mappings)) {
      deadLetteredRecords += m.stats().givenUpRecords;
      for (const shard of m.health()) {
        if (shard.retry) {
          retrying.push({
            mapping,
            shardId: shard.shardId,
            attempt: shard.retry.attempt,
            records: shard.retry.records,
            ...(shard.retry.error !== undefined && { error: errorName(shard.retry.error) }),
          });
        }
        if (shard.pendingRecords > 0 && shard.sinceProgressMillis >= STALL_AFTER_WALL_MILLIS) {
          const error = errorName(shard.retry?.error ?? shard.readError);
          stalled.push({
            mapping,
            shardId: shard.shardId,
            sinceProgressMillis: shard.sinceProgressMillis,
            pendingRecords: shard.pendingRecords,
            ...(error !== undefined && { error }),
          });
        }
      }
    }
    const relay = sources.relayStatus();
    return {
      stalled,
      retrying,
      deadLetteredRecords,
      relayUnackedBytes: relay.spool.unackedBytes,
      relayOldestUnsentWallMillis: relay.oldestUnsentAgeMillis / sources.speed,
    };
  };
  let latest = check();
  const log = (alerts: PipelineAlerts): void => {
    const now = new Set<string>();
    for (const s of alerts.stalled) {
      const key = `stall|${s.mapping}|${s.shardId}`;
      now.add(key);
      if (!reported.has(key)) sources.logger.warn('shard stalled', { ...s });
    }
    if (alerts.relayOldestUnsentWallMillis >= RELAY_BACKLOG_AFTER_WALL_MILLIS) {
      now.add('relay');
      if (!reported.has('relay'))
        sources.logger.warn('relay backlog growing', {
          unackedBytes: alerts.relayUnackedBytes,
          oldestUnsentWallMillis: Math.round(alerts.relayOldestUnsentWallMillis),
        });
    }
    for (const key of reported) {
      if (now.has(key)) continue;
      const [kind, mapping, shardId] = key.split('|');
      sources.logger.info(kind === 'relay' ? 'relay backlog drained' : 'shard advancing again', {
        ...(mapping !== undefined && { mapping, shardId }),
      });
    }
    reported.clear();
    for (const key of now) reported.add(key);
  };
  const timer = setInterval(() => {
    latest = check();
    log(latest);
  }, intervalMillis);
  timer.unref();
  return { alerts: () => latest, stop: () => clearInterval(timer) };
}
