import {
  RejectedRecordsException,
  WriteRecordsCommand,
  type _Record,
  type MeasureValue,
  type TimestreamWriteClient,
} from '@aws-sdk/client-timestream-write';
import { storeErrorOf, StoreThrottledError } from '../../../core/ports/errors';
import type {
  HistoryFix,
  HistoryWriter,
  HistoryWriteResult,
  RefusedHistoryFix,
} from '../../../core/ports/history-store';
import type { StageKey } from '../../../core/ports/stage-key';
import { retryThrottled, type RetryOptions } from './retry-throttled';

/**
 * Most records per WriteRecords call.
 * @see https://docs.aws.amazon.com/timestream/latest/developerguide/ts-limits.html
 */
export const MAX_RECORDS_PER_WRITE = 100;

/** Measure name of every fix record (a multi-measure record needs one). */
export const FIX_MEASURE_NAME = 'fix';

/**
 * The version every fix is written with. Timestream ignores a repeat of a record with the same version and values,
 * and rejects a different value at the same version with `ExistingVersion`: a retried record is then a no-op, and
 * a first write always wins (upserts would need a rising version, which a replay cannot reproduce).
 * @see https://docs.aws.amazon.com/timestream/latest/developerguide/API_Record.html
 */
export const FIX_RECORD_VERSION = 1;

/** Where the fixes go: the database and table from the processor's environment. */
export interface TimestreamTarget {
  readonly databaseName: string;
  readonly tableName: string;
}

/** Fix history in Timestream for LiveAnalytics: one multi-measure record per fix (DESIGN §6). */
export class TimestreamHistoryWriter implements HistoryWriter {
  constructor(
    private readonly client: TimestreamWriteClient,
    private readonly target: TimestreamTarget,
    private readonly retry: RetryOptions = {},
  ) {}

  async write(
    stage: StageKey,
    fixes: readonly HistoryFix[],
  ): Promise<HistoryWriteResult & { readonly refused: readonly RefusedHistoryFix[] }> {
    let written = 0;
    let duplicates = 0;
    const refused: RefusedHistoryFix[] = [];
    for (let i = 0; i < fixes.length; i += MAX_RECORDS_PER_WRITE) {
      const batch = fixes.slice(i, i + MAX_RECORDS_PER_WRITE);
      const out = await this.writeBatch(stage, batch);
      written += out.written;
      duplicates += out.duplicates;
      refused.push(...out.refused);
    }
    return { written, duplicates, refused };
  }

  private async writeBatch(
    stage: StageKey,
    batch: readonly HistoryFix[],
  ): Promise<HistoryWriteResult & { refused: RefusedHistoryFix[] }> {
    const command = new WriteRecordsCommand({
      DatabaseName: this.target.databaseName,
      TableName: this.target.tableName,
      CommonAttributes: {
        Dimensions: [{ Name: 'stage', Value: `${stage.tour}#${stage.stage}` }],
        MeasureName: FIX_MEASURE_NAME,
        MeasureValueType: 'MULTI',
        TimeUnit: 'MILLISECONDS',
        Version: FIX_RECORD_VERSION,
      },
      Records: batch.map(fixRecord),
    });
    try {
      await retryThrottled('WriteRecords', () => this.client.send(command), this.retry);
      return { written: batch.length, duplicates: 0, refused: [] };
    } catch (error) {
      if (error instanceof StoreThrottledError) throw error;
      if (!(error instanceof RejectedRecordsException)) throw storeErrorOf('WriteRecords', error);
      return sortRejections(batch, error);
    }
  }
}

/** Splits a partial rejection: the rest of the batch was ingested; a same-version conflict is a harmless repeat. */
function sortRejections(
  batch: readonly HistoryFix[],
  error: RejectedRecordsException,
): HistoryWriteResult & { refused: RefusedHistoryFix[] } {
  let duplicates = 0;
  const refused: RefusedHistoryFix[] = [];
  const rejected = new Set<number>();
  for (const r of error.RejectedRecords ?? []) {
    const fix = r.RecordIndex === undefined ? undefined : batch[r.RecordIndex];
    if (fix === undefined || rejected.has(r.RecordIndex!)) continue;
    rejected.add(r.RecordIndex!);
    if (r.ExistingVersion !== undefined && r.ExistingVersion >= FIX_RECORD_VERSION) duplicates += 1;
    else refused.push({ fix, reason: r.Reason ?? 'rejected without a reason' });
  }
  return { written: batch.length - rejected.size, duplicates, refused };
}

/** One fix as a multi-measure record; the stage dimension and the shared fields are in `CommonAttributes`. */
export function fixRecord(fix: HistoryFix): _Record {
  const measures: MeasureValue[] = [
    { Name: 'lat', Value: String(fix.lat), Type: 'DOUBLE' },
    { Name: 'lon', Value: String(fix.lon), Type: 'DOUBLE' },
    { Name: 'seq', Value: String(fix.seq), Type: 'BIGINT' },
  ];
  const optional: [string, number | undefined][] = [
    ['alt', fix.altMeters],
    ['km', fix.distanceMeters === undefined ? undefined : fix.distanceMeters / 1_000],
    ['speed', fix.speedKmh],
    ['gradient', fix.gradientPercent],
    ['hdop', fix.hdop],
  ];
  for (const [name, value] of optional) {
    if (value !== undefined && Number.isFinite(value))
      measures.push({ Name: name, Value: String(value), Type: 'DOUBLE' });
  }
  return {
    Dimensions: [
      // A vehicle has no bib: its rider dimension says so instead of being left out (dimension sets stay uniform).
      { Name: 'rider', Value: fix.bib === undefined ? 'none' : String(fix.bib) },
      { Name: 'team', Value: fix.team },
      { Name: 'device', Value: fix.device },
    ],
    Time: String(fix.tMs),
    MeasureValues: measures,
  };
}
