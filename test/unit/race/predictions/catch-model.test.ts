import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchKmToGo, catchProbability, type CatchSituation } from '../../../../lambdas/race/index';

const arbSituation: fc.Arbitrary<CatchSituation> = fc.record({
  gapSeconds: fc.integer({ min: 0, max: 1_200 }),
  gapTrendSecondsPerMinute: fc.integer({ min: -40, max: 40 }),
  kmToGo: fc.integer({ min: 1, max: 220 }),
  groupSize: fc.integer({ min: 1, max: 12 }),
  climbMetersAhead: fc.integer({ min: 0, max: 5_000 }),
});

describe('catch model (fitted coefficients)', () => {
  it('gives probabilities within [0, 1] and a catch km within the distance left', () => {
    fc.assert(
      fc.property(arbSituation, (s) => {
        const p = catchProbability(s);
        const km = catchKmToGo(s);

        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(km).toBeGreaterThanOrEqual(0);
        expect(km).toBeLessThanOrEqual(s.kmToGo);
      }),
    );
  });

  it('gives a larger lead a better chance to survive', () => {
    fc.assert(
      fc.property(arbSituation, fc.integer({ min: 1, max: 600 }), (s, more) => {
        expect(catchProbability({ ...s, gapSeconds: s.gapSeconds + more })).toBeLessThanOrEqual(catchProbability(s));
      }),
    );
  });

  it('gives the same lead a better chance to survive with fewer km to go', () => {
    fc.assert(
      fc.property(arbSituation, fc.integer({ min: 1, max: 100 }), (s, fewer) => {
        const closer = { ...s, kmToGo: Math.max(1, s.kmToGo - fewer) };

        expect(catchProbability(closer)).toBeLessThanOrEqual(catchProbability(s));
      }),
    );
  });

  it('gives a lead the peloton is eating into a higher chance of being caught', () => {
    fc.assert(
      fc.property(arbSituation, fc.integer({ min: 1, max: 20 }), (s, closing) => {
        const shrinking = {
          ...s,
          gapTrendSecondsPerMinute: Math.max(-30, Math.min(30, s.gapTrendSecondsPerMinute)) - closing,
        };

        expect(catchProbability(shrinking)).toBeGreaterThanOrEqual(catchProbability(s));
      }),
    );
  });

  it('tells a doomed breakaway from a winning one', () => {
    const late = { gapTrendSecondsPerMinute: 0, groupSize: 4, climbMetersAhead: 100 };

    expect(catchProbability({ ...late, gapSeconds: 15, kmToGo: 40, gapTrendSecondsPerMinute: -6 })).toBeGreaterThan(
      0.8,
    );
    expect(catchProbability({ ...late, gapSeconds: 300, kmToGo: 8 })).toBeLessThan(0.2);
  });
});
