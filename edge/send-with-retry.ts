import { backoffMillis, type BackoffOptions } from './backoff';
import type { RelayClock } from './clock';
import { PublishUnavailableError } from './errors';
import type { FrameRecord } from './frames';
import type { FixPublisher } from './publisher';
import type { RelayLogger } from './relay-logger';
import type { RelayStats } from './relay-stats';

/** What a send needs besides its records. */
export interface SendContext {
  readonly publisher: FixPublisher;
  readonly clock: RelayClock;
  readonly random: () => number;
  readonly logger: RelayLogger;
  readonly stats: RelayStats;
  readonly backoff?: BackoffOptions;
  /** Aborts the retry loop (relay stopping). */
  readonly signal: AbortSignal;
  /** Asked before each retry; true abandons the send (the live lane hands a stale batch to the backfill lane). */
  readonly shouldAbandon?: () => boolean;
  /** Name of the lane, for logs. */
  readonly lane: string;
}

/** How a send ended: every record stored, or given up (stopping or handed off); given-up records stay unacked. */
export type SendOutcome = 'sent' | 'stopped' | 'abandoned';

/**
 * Publishes one PutRecords call's records until all are stored. A partial failure re-sends only the refused records;
 * a failed call re-sends them all. Every retry waits an exponential backoff with full jitter, so throttling is honoured.
 */
export async function sendWithRetry(records: readonly FrameRecord[], context: SendContext): Promise<SendOutcome> {
  let pending = [...records];
  let attempt = 0;
  while (pending.length > 0) {
    if (context.signal.aborted) return 'stopped';
    if (attempt > 0) {
      if (context.shouldAbandon?.()) return 'abandoned';
      await context.clock.sleep(backoffMillis(attempt - 1, context.random, context.backoff), context.signal);
      if (context.signal.aborted) return 'stopped';
    }
    attempt++;
    context.stats.putCalls++;
    let failedIndexes: number[];
    try {
      const result = await context.publisher.publish(pending);
      failedIndexes = result.failed.map((f) => f.index);
    } catch (error) {
      if (!(error instanceof PublishUnavailableError)) throw error;
      if (error.throttled) context.stats.throttledCalls++;
      else context.stats.unavailableCalls++;
      context.logger.warn('put records failed', {
        lane: context.lane,
        records: pending.length,
        attempt,
        error: error.message,
      });
      continue;
    }
    const failing = new Set(failedIndexes);
    const stored = pending.filter((_, index) => !failing.has(index));
    context.stats.sent(
      context.clock.now(),
      stored.length,
      stored.reduce((sum, r) => sum + r.fixCount, 0),
    );
    if (failing.size > 0) {
      context.stats.failedRecords += failing.size;
      context.logger.warn('put records partly failed', {
        lane: context.lane,
        failed: failing.size,
        of: pending.length,
        attempt,
      });
    } else {
      attempt = 0;
    }
    pending = pending.filter((_, index) => failing.has(index));
  }
  return 'sent';
}
