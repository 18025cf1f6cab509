import { describe, expect, it } from 'vitest';
import { loadApiEnv } from '../../../lambdas/api/env';

describe('loadApiEnv', () => {
  it('needs only the table and tour; history is off and CORS open by default', () => {
    expect(loadApiEnv({ STATE_TABLE_NAME: 'state', TOUR_ID: 'tdf2022' })).toEqual({
      STATE_TABLE_NAME: 'state',
      TOUR_ID: 'tdf2022',
      HISTORY_STORE: 'none',
      CORS_ALLOW_ORIGIN: '*',
    });
  });

  it('names every bad variable', () => {
    expect(() => loadApiEnv({ TOUR_ID: 'TDF', HISTORY_STORE: 'influx', AWS_ENDPOINT_URL: 'localhost' })).toThrow(
      /STATE_TABLE_NAME[\s\S]*TOUR_ID[\s\S]*HISTORY_STORE[\s\S]*AWS_ENDPOINT_URL/,
    );
  });
});
