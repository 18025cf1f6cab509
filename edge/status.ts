import type { Forwarder } from './forwarder';
import type { RelayStats } from './relay-stats';
import type { Spool } from './spool';

/** The relay's health for monitoring (`--status-json`) and the live status line. */
export interface RelayStatus {
  readonly at: string;
  readonly spool: {
    readonly unackedBytes: number;
    readonly capacityBytes: number;
    readonly fillRatio: number;
    readonly backlogBytes: number;
  };
  /** Age of the oldest fix not yet acknowledged by Kinesis, ms; 0 when everything is sent. */
  readonly oldestUnsentAgeMillis: number;
  /** Fixes stored in Kinesis per second over the last 10 s. */
  readonly sendRateFixesPerSecond: number;
  readonly sent: { readonly fixes: number; readonly records: number; readonly putCalls: number };
  readonly errors: {
    readonly failedRecords: number;
    readonly throttledCalls: number;
    readonly unavailableCalls: number;
    readonly spoolFullWaits: number;
  };
  readonly input: {
    readonly fixesAccepted: number;
    readonly framesAccepted: number;
    readonly rejected: Readonly<Record<string, number>>;
  };
}

/** Collects the relay's status at `now` (epoch ms). */
export function relayStatus(spool: Spool, forwarder: Forwarder, stats: RelayStats, now: number): RelayStatus {
  const oldest = spool.read(spool.ackedPosition, 1)[0];
  return {
    at: new Date(now).toISOString(),
    spool: {
      unackedBytes: spool.unackedBytes,
      capacityBytes: spool.capacityBytes,
      fillRatio: spool.unackedBytes / spool.capacityBytes,
      backlogBytes: forwarder.backlogBytes,
    },
    oldestUnsentAgeMillis: oldest ? Math.max(0, now - oldest.payload.at) : 0,
    sendRateFixesPerSecond: stats.sendRate(now),
    sent: { fixes: stats.fixesSent, records: stats.recordsSent, putCalls: stats.putCalls },
    errors: {
      failedRecords: stats.failedRecords,
      throttledCalls: stats.throttledCalls,
      unavailableCalls: stats.unavailableCalls,
      spoolFullWaits: stats.spoolFullWaits,
    },
    input: {
      fixesAccepted: stats.fixesAccepted,
      framesAccepted: stats.framesAccepted,
      rejected: Object.fromEntries(stats.rejected),
    },
  };
}

/** One human line: `spool 1.2 MB (0.1%) | oldest unsent 3.4 s | sending 210 fixes/s | errors ... | input ...`. */
export function formatStatusLine(status: RelayStatus): string {
  const rejected = Object.values(status.input.rejected).reduce((sum, n) => sum + n, 0);
  return [
    `spool ${(status.spool.unackedBytes / 1e6).toFixed(1)} MB (${(status.spool.fillRatio * 100).toFixed(1)}%)`,
    `oldest unsent ${(status.oldestUnsentAgeMillis / 1000).toFixed(1)} s`,
    `sending ${status.sendRateFixesPerSecond.toFixed(0)} fixes/s (${status.sent.fixes} sent)`,
    `errors ${status.errors.failedRecords} records, ${status.errors.throttledCalls} throttled, ${status.errors.unavailableCalls} unreachable`,
    `input ${status.input.fixesAccepted} fixes, ${rejected} bad lines`,
  ].join(' | ');
}
