import { describe, expect, it } from 'vitest';
import { errorSummary, RankAgreementTally, ranksOf, spearman, splitAgreement } from '../../../../analysis/feed/scoring';

describe('errorSummary', () => {
  it('gives the mean, the nearest-rank 95th percentile and the largest error', () => {
    const errors = Array.from({ length: 100 }, (_, i) => i + 1);

    const summary = errorSummary(errors);

    expect(summary).toEqual({ n: 100, mae: 50.5, p95: 95, max: 100 });
  });

  it('gives NaN, not 0, when there is nothing to compare', () => {
    expect(errorSummary([]).mae).toBeNaN();
  });
});

describe('ranksOf', () => {
  it('ranks ascending or descending and gives tied values their mean rank', () => {
    expect(ranksOf([30, 10, 20])).toEqual([3, 1, 2]);
    expect(ranksOf([30, 10, 20], true)).toEqual([1, 3, 2]);
    expect(ranksOf([5, 7, 7, 9], true)).toEqual([4, 2.5, 2.5, 1]);
  });
});

describe('spearman', () => {
  it('is 1 for the same order, −1 for the reverse and in between otherwise', () => {
    expect(spearman([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3, 4], [2, 1, 3, 4])).toBeCloseTo(0.8, 12);
  });
});

describe('RankAgreementTally', () => {
  it('averages Spearman over polls and counts exact and near ranks over riders', () => {
    const tally = new RankAgreementTally(1);

    tally.add([1, 2, 3, 4], [1, 2, 3, 4]);
    tally.add([1, 2, 3, 4], [2, 1, 4, 3]);
    tally.add([1, 2], [2, 1]);

    const result = tally.result();
    expect(result.polls).toBe(2);
    expect(result.n).toBe(8);
    expect(result.meanSpearman).toBeCloseTo((1 + 0.6) / 2, 12);
    expect(result.exactPercent).toBe(50);
    expect(result.withinPercent).toBe(100);
  });
});

describe('splitAgreement', () => {
  it('counts agreeing pairs and the splits each side saw', () => {
    const pairs = [
      { feed: true, engine: true },
      { feed: false, engine: false },
      { feed: true, engine: false },
      { feed: false, engine: true },
    ];

    expect(splitAgreement(pairs)).toEqual({
      pairs: 4,
      agreementPercent: 50,
      feedSplits: 2,
      engineSplits: 2,
      bothSplits: 1,
    });
  });
});
