import { describe, expect, it } from 'vitest';
import { ArchiveHistoryReader } from '../../../lambdas/adapters/archive/history-reader';
import { TimestreamHistoryReader } from '../../../lambdas/adapters/timestream/history-reader';
import { historyReaderOf } from '../../../lambdas/api/deps';
import { loadApiEnv } from '../../../lambdas/api/env';
import { loadTourConfig } from '../../../core/tour-config/load';

const tour = loadTourConfig('tdf2022');
const base = { STATE_TABLE_NAME: 'state', TOUR_ID: 'tdf2022', AWS_REGION: 'eu-west-1' };

describe('historyReaderOf', () => {
  it('reads Timestream when the tour has it', () => {
    const env = loadApiEnv({
      ...base,
      HISTORY_STORE: 'timestream',
      TIMESTREAM_DATABASE_NAME: 'db',
      TIMESTREAM_TABLE_NAME: 'fixes',
      ARCHIVE_BUCKET_NAME: 'archive',
    });

    expect(historyReaderOf(env, tour)).toBeInstanceOf(TimestreamHistoryReader);
  });

  it('reads the S3 raw archive when the store is none and the bucket is given', () => {
    expect(historyReaderOf(loadApiEnv({ ...base, ARCHIVE_BUCKET_NAME: 'archive' }), tour)).toBeInstanceOf(
      ArchiveHistoryReader,
    );
  });

  it('has no history source without either', () => {
    expect(historyReaderOf(loadApiEnv(base), tour)).toBeUndefined();
  });
});

describe('loadApiEnv history settings', () => {
  it('refuses HISTORY_STORE=timestream without the database and table names', () => {
    expect(() => loadApiEnv({ ...base, HISTORY_STORE: 'timestream', TIMESTREAM_DATABASE_NAME: 'db' })).toThrow(
      /HISTORY_STORE timestream needs TIMESTREAM_DATABASE_NAME and TIMESTREAM_TABLE_NAME/,
    );
  });
});
