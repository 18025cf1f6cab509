import { describe, expect, it } from 'vitest';
import { stageFinder } from '../../../../core/tour-config/stage-at';
import { loadTourConfig } from '../../../../core/tour-config/load';

describe('stageFinder', () => {
  const stageAt = stageFinder(loadTourConfig('tdf2022').config);

  it('finds the stage whose date matches the fix time in the stage time zone', () => {
    expect(stageAt(Date.UTC(2022, 6, 2, 12, 0, 0))).toBe(2);
    // 22:30 UTC on 1 July is 00:30 on 2 July in Copenhagen
    expect(stageAt(Date.UTC(2022, 6, 1, 22, 30, 0))).toBe(2);
  });

  it('finds no stage on a rest day or outside the tour', () => {
    expect(stageAt(Date.UTC(2022, 6, 4, 12, 0, 0))).toBeUndefined();
    expect(stageAt(Date.UTC(2023, 6, 2, 12, 0, 0))).toBeUndefined();
  });

  it('finds no stage, and does not throw, for a time no date can hold', () => {
    expect(stageAt(8.64e15 + 1)).toBeUndefined();
    expect(stageAt(Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(stageAt(Number.NaN)).toBeUndefined();
  });
});
