import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchKmToGo, catchProbability, type CatchSituation } from '../../../../../core/race/index';
import { PREDICTION_COEFFICIENTS } from '../../../../../core/race/predictions/coefficients';
import {
  CATCH_FEATURE_NAMES,
  CATCH_FEATURE_SIGNS,
  catchFeatures,
} from '../../../../../core/race/predictions/catch-model';

const arbSituation: fc.Arbitrary<CatchSituation> = fc.record({
  gapSeconds: fc.integer({ min: 0, max: 1_200 }),
  gapTrendSecondsPerMinute: fc.integer({ min: -40, max: 40 }),
  kmToGo: fc.integer({ min: 1, max: 220 }),
  groupSize: fc.integer({ min: 1, max: 12 }),
  climbMetersAhead: fc.integer({ min: 0, max: 5_000 }),
  pelotonSize: fc.integer({ min: 1, max: 180 }),
  isHeadOfRace: fc.boolean(),
  routeClimbMeters: fc.integer({ min: 0, max: 5_000 }),
});

/** A breakaway of `groupSize` at the head of a road stage, 100 riders behind it. */
const breakaway = (s: Partial<CatchSituation>): CatchSituation => ({
  gapSeconds: 120,
  gapTrendSecondsPerMinute: 0,
  kmToGo: 60,
  groupSize: 4,
  climbMetersAhead: 300,
  pelotonSize: 100,
  isHeadOfRace: true,
  routeClimbMeters: 1_500,
  ...s,
});

describe('catch model (fitted coefficients)', () => {
  it('ships one weight per feature, each with the sign the fit must keep', () => {
    const weights = PREDICTION_COEFFICIENTS.catchLogit;

    expect(weights).toHaveLength(CATCH_FEATURE_NAMES.length);
    expect(catchFeatures(breakaway({}))).toHaveLength(CATCH_FEATURE_NAMES.length);
    weights.forEach((w, k) => expect(w * CATCH_FEATURE_SIGNS[k]!).toBeGreaterThanOrEqual(0));
  });

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

  it('tells a doomed breakaway from a winning one late in the stage', () => {
    const doomed = breakaway({ gapSeconds: 40, kmToGo: 30, gapTrendSecondsPerMinute: -8 });
    const winning = breakaway({ gapSeconds: 300, kmToGo: 8, gapTrendSecondsPerMinute: 1 });

    expect(catchProbability(doomed)).toBeGreaterThan(0.7);
    expect(catchProbability(winning)).toBeLessThan(0.3);
  });

  it('gives riders clear of a time trial field (a peloton of a few riders) almost no catch chance', () => {
    expect(catchProbability(breakaway({ groupSize: 1, pelotonSize: 2, gapSeconds: 60 }))).toBeLessThan(0.05);
  });
});
