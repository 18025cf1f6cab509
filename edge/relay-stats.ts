import type { WireFrameRejection } from '../core/wire/wire-frame';

/** Why an input line was refused: a wire-frame rejection, or a line that is not JSON at all. */
export type InputRejection = WireFrameRejection | 'not-json' | 'line-too-long';

/** Window over which the send rate is computed, ms. */
const RATE_WINDOW_MILLIS = 10_000;

/** Counters the relay keeps for its status line and JSON (monotonic since start). */
export class RelayStats {
  fixesAccepted = 0;
  framesAccepted = 0;
  readonly rejected = new Map<InputRejection, number>();
  fixesSent = 0;
  recordsSent = 0;
  putCalls = 0;
  failedRecords = 0;
  throttledCalls = 0;
  unavailableCalls = 0;
  spoolFullWaits = 0;
  private readonly sends: { at: number; fixes: number }[] = [];

  /** Counts a refused input line. */
  reject(reason: InputRejection): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }

  /** Counts fixes that Kinesis stored, at time `at` (epoch ms). */
  sent(at: number, records: number, fixes: number): void {
    this.recordsSent += records;
    this.fixesSent += fixes;
    this.sends.push({ at, fixes });
  }

  /** Fixes stored per second over the last 10 s. */
  sendRate(now: number): number {
    while (this.sends.length > 0 && (this.sends[0]?.at ?? now) < now - RATE_WINDOW_MILLIS) this.sends.shift();
    const fixes = this.sends.reduce((sum, s) => sum + s.fixes, 0);
    return fixes / (RATE_WINDOW_MILLIS / 1000);
  }

  /** Total refused input lines. */
  get rejectedTotal(): number {
    let total = 0;
    for (const count of this.rejected.values()) total += count;
    return total;
  }
}
