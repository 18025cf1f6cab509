import { describe, expect, it } from 'vitest';
import { finishBonuses, virtualGc } from '../../../../core/race/index';

describe('virtualGc', () => {
  const gcBefore = [
    { bib: 1, seconds: 1_000 },
    { bib: 2, seconds: 1_030 },
    { bib: 3, seconds: 1_100 },
  ];

  it('adds today’s gap to the GC before the stage and ranks riders on it', () => {
    const today = [
      { bib: 1, gapSeconds: 60, bonusSeconds: 0 },
      { bib: 2, gapSeconds: 0, bonusSeconds: 0 },
      { bib: 3, gapSeconds: 0, bonusSeconds: 0 },
    ];

    const gc = virtualGc(gcBefore, today);

    expect(gc).toEqual([
      { rank: 1, bib: 2, virtualSeconds: 1_030, behindSeconds: 0 },
      { rank: 2, bib: 1, virtualSeconds: 1_060, behindSeconds: 30 },
      { rank: 3, bib: 3, virtualSeconds: 1_100, behindSeconds: 70 },
    ]);
  });

  it('subtracts bonus seconds', () => {
    const gc = virtualGc(gcBefore, [
      { bib: 1, gapSeconds: 35, bonusSeconds: 0 },
      { bib: 2, gapSeconds: 0, bonusSeconds: 10 },
    ]);

    expect(gc.map((e) => [e.bib, e.virtualSeconds])).toEqual([
      [2, 1_020],
      [1, 1_035],
    ]);
  });

  it('leaves out riders missing from the GC and starts everyone at 0 on stage 1', () => {
    const missing = virtualGc(gcBefore, [{ bib: 99, gapSeconds: 0, bonusSeconds: 0 }]);
    const stageOne = virtualGc([], [{ bib: 99, gapSeconds: 5, bonusSeconds: 0 }]);

    expect(missing).toEqual([]);
    expect(stageOne).toEqual([{ rank: 1, bib: 99, virtualSeconds: 5, behindSeconds: 0 }]);
  });
});

describe('finishBonuses', () => {
  it('gives the bonuses to the first riders across the line', () => {
    const bonuses = finishBonuses([7, 3, 9, 4], [10, 6, 4]);

    expect([...bonuses]).toEqual([
      [7, 10],
      [3, 6],
      [9, 4],
    ]);
  });
});
