import { describe, expect, it } from 'vitest';
import { archiveHourPrefixes } from '../../../../lambdas/adapters/archive/history-reader';

describe('archiveHourPrefixes', () => {
  it('lists the UTC hours of the range plus the late-arrival hours', () => {
    const from = Date.UTC(2022, 6, 2, 23, 30);

    expect(archiveHourPrefixes('tdf2022', from, from + 60 * 60_000, 1)).toEqual([
      'raw/tdf2022/2022/07/02/23/',
      'raw/tdf2022/2022/07/03/00/',
      'raw/tdf2022/2022/07/03/01/',
    ]);
  });

  it('lists one hour for a range inside it when nothing arrives late', () => {
    const from = Date.UTC(2022, 6, 2, 10, 5);

    expect(archiveHourPrefixes('tdf2022', from, from + 60_000, 0)).toEqual(['raw/tdf2022/2022/07/02/10/']);
  });
});
