import { TourTrackerError } from '../errors';
import type { StageKey } from './stage-key';

/** Most rows one history query may ask for. */
export const MAX_HISTORY_ROWS = 10_000;

/** Longest time range one history query may span, ms (one stage day: bounds the scanned, billed bytes). */
export const MAX_HISTORY_SPAN_MS = 24 * 3_600_000;

/**
 * One fix for history (DESIGN §6): a Timestream multi-measure record, or a row read back from the archive.
 * Dimensions are stage, rider (bib), team and device; the measures are the rest.
 */
export interface HistoryFix {
  /** Rider bib, or undefined for a vehicle's fix. */
  readonly bib: number | undefined;
  /** Team of the rider, or the vehicle id for a vehicle. */
  readonly team: string;
  readonly device: string;
  /** Device sequence number: with `device` and `tMs` it identifies the fix (the same fix twice is one record). */
  readonly seq: number;
  /**
   * Fix time as the tracker reported it, epoch ms. Not the skew-corrected time live state uses: that correction can
   * change between a write and its retry, and the record identity (device, time) must not.
   */
  readonly tMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly altMeters?: number;
  /** Distance along the route, m (riders only). */
  readonly distanceMeters?: number;
  readonly speedKmh?: number;
  readonly gradientPercent?: number;
  readonly hdop?: number;
}

/** Outcome of a history write: records stored, and records the store already had (same version: harmless). */
export interface HistoryWriteResult {
  readonly written: number;
  readonly duplicates: number;
}

/** Writes every accepted fix of a stage to the history store (Timestream, when the tour has one). */
export interface HistoryWriter {
  /**
   * Stores the fixes; writing the same fix again is harmless (idempotent by device, seq and time). Throttling
   * surfaces as `StoreThrottledError` (retry the record); a record the store refuses for any other reason is
   * returned so the caller can quarantine it.
   */
  write(
    stage: StageKey,
    fixes: readonly HistoryFix[],
  ): Promise<HistoryWriteResult & { readonly refused: readonly RefusedHistoryFix[] }>;
}

/** A fix the history store refused, with the store's reason. */
export interface RefusedHistoryFix {
  readonly fix: HistoryFix;
  readonly reason: string;
}

/** A bounded history query: one stage, optionally one rider, a time range no longer than the reader allows. */
export interface HistoryQuery {
  readonly stage: StageKey;
  readonly bib?: number;
  /** Inclusive start, epoch ms. */
  readonly fromMs: number;
  /** Exclusive end, epoch ms. */
  readonly toMs: number;
  /** Most rows to return, oldest first. */
  readonly limit: number;
}

/** Reads history for partners and analysts: Timestream in AWS when enabled, else the S3 raw archive. */
export interface HistoryReader {
  /**
   * Fixes of the stage (and rider) with `fromMs <= tMs < toMs`, oldest first, at most `limit`; the same fix stored
   * twice is one row. A query outside the bounds (`historyQueryError`) rejects with `HistoryQueryError`.
   */
  read(query: HistoryQuery): Promise<readonly HistoryFix[]>;
}

/** A history query that breaks the reader's bounds; the API turns it into a 400 before it gets here. */
export class HistoryQueryError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HistoryQueryError';
  }
}

/**
 * Why a query breaks the readers' bounds, as the error to throw: the range must be 1 ms to `MAX_HISTORY_SPAN_MS`
 * long and `limit` an integer from 1 to `MAX_HISTORY_ROWS`. Undefined for a query within them.
 */
export function historyQueryError(query: HistoryQuery): HistoryQueryError | undefined {
  if (!(query.toMs > query.fromMs) || query.toMs - query.fromMs > MAX_HISTORY_SPAN_MS) {
    return new HistoryQueryError(`the range must be 1 ms to ${MAX_HISTORY_SPAN_MS} ms long`);
  }
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_HISTORY_ROWS) {
    return new HistoryQueryError(`limit must be an integer in [1, ${MAX_HISTORY_ROWS}], received ${query.limit}`);
  }
  return undefined;
}
