import { describe, expect, it } from 'vitest';
import { loadProcessorEnv } from '../../../lambdas/processor/env';

const BASE = { STATE_TABLE_NAME: 'state', QUARANTINE_BUCKET_NAME: 'quarantine', TOUR_ID: 'tdf2022' };

describe('loadProcessorEnv', () => {
  it('defaults the history store to none, so an environment without history stays valid', () => {
    expect(loadProcessorEnv(BASE).HISTORY_STORE).toBe('none');
  });

  it('accepts timestream with its database and table names', () => {
    const env = loadProcessorEnv({
      ...BASE,
      HISTORY_STORE: 'timestream',
      TIMESTREAM_DATABASE_NAME: 'history',
      TIMESTREAM_TABLE_NAME: 'fixes',
    });

    expect(env).toMatchObject({ HISTORY_STORE: 'timestream', TIMESTREAM_TABLE_NAME: 'fixes' });
  });

  it('refuses timestream without a table name, naming the rule', () => {
    expect(() =>
      loadProcessorEnv({ ...BASE, HISTORY_STORE: 'timestream', TIMESTREAM_DATABASE_NAME: 'history' }),
    ).toThrow(/TIMESTREAM_DATABASE_NAME and TIMESTREAM_TABLE_NAME/);
  });

  it('refuses an unknown history store', () => {
    expect(() => loadProcessorEnv({ ...BASE, HISTORY_STORE: 'influx' })).toThrow();
  });
});
