import { describe, expect, it } from 'vitest';
import { estimateStage, estimateTour, referenceStage, shares } from '../../../../analysis/cost/estimate';
import { PRICE_TABLE } from '../../../../analysis/cost/price-table';
import { tourTrackerStageUsage } from '../../../../analysis/cost/tour-tracker-design';
import { costByComponent, costOf, GB, KIB, totalCost } from '../../../../analysis/cost/usage';
import { DEFAULT_FANS, SIZE_ASSUMPTIONS, type StageWorkload } from '../../../../analysis/cost/workload';
import { prepareRoute } from '../../../../core/race';
import { loadStageRoute, loadTourConfig, stageOf } from '../../../../core/tour-config/load';
import { simulateStage } from '../../../../sim/simulate-stage';

const NO_FANS = { fans: 0, pollSeconds: 1, cacheHitRatio: 0.99 };

describe('cost model', () => {
  it('meets the issue goal: the design is at least 10× cheaper than the naive one for a 5-hour stage and 100,000 fans', () => {
    for (const pollSeconds of [1, 5]) {
      const reference = estimateStage(referenceStage({ ...DEFAULT_FANS, pollSeconds }, true));
      const naive = totalCost(reference.naive);
      expect(naive / totalCost(reference.designWithTimestream)).toBeGreaterThanOrEqual(10);
      expect(naive / totalCost(reference.designWithoutTimestream)).toBeGreaterThanOrEqual(10);
    }
  });

  it('prices Kinesis on-demand ingest per record rounded up to 1 KiB', () => {
    const w: StageWorkload = {
      stage: 1,
      hours: 1,
      riders: 16,
      devices: 16,
      fixRateHz: 1,
      fixes: 16 * 3600,
      fans: NO_FANS,
      timestream: false,
      snapshotCopies: false,
    };
    const line = tourTrackerStageUsage(w, PRICE_TABLE).find((l) => l.item.startsWith('data in'));
    // 16 buckets → 16 frames a second of one fix each (180 bytes), each billed as 1 KiB.
    expect(line?.quantity).toBeCloseTo((16 * 3600 * KIB) / GB, 9);
    expect(costOf(line!)).toBeCloseTo(((16 * 3600 * KIB) / GB) * PRICE_TABLE.kinesis.onDemandIngestGb, 9);
  });

  it('charges Timestream only when the tour keeps history there', () => {
    const tour2022 = estimateTour(loadTourConfig('tdf2022').config, DEFAULT_FANS);
    const tour2017 = estimateTour(loadTourConfig('tdf2017').config, DEFAULT_FANS);
    expect(tour2022.stages.every((s) => costByComponent(s.design).Timestream === 0)).toBe(true);
    expect(tour2017.stages.every((s) => costByComponent(s.design).Timestream > 0)).toBe(true);
    expect(tour2017.stages.every((s) => totalCost(s.designWithTimestream) > totalCost(s.designWithoutTimestream))).toBe(
      true,
    );
  });

  it('costs nothing for fan delivery without fans, and fan costs grow with fans and shrink with the poll interval', () => {
    const cost = (fans: number, pollSeconds: number) =>
      costByComponent(estimateStage(referenceStage({ fans, pollSeconds, cacheHitRatio: 0.99 }, false)).design);
    expect(cost(0, 1).CloudFront).toBe(0);
    expect(cost(0, 1)['API Gateway']).toBeGreaterThan(0); // the cache cluster runs during the stage anyway
    expect(cost(200_000, 1).CloudFront).toBeCloseTo(2 * cost(100_000, 1).CloudFront, 6);
    expect(cost(100_000, 5).CloudFront).toBeCloseTo(cost(100_000, 1).CloudFront / 5, 6);
  });

  it('grows a stage linearly with its duration (plus a fixed part per stage: its race events)', () => {
    const stage = (hours: number) =>
      totalCost(estimateStage({ ...referenceStage(DEFAULT_FANS, true), hours, fixes: 200 * hours * 3600 }).design);
    expect(stage(6) - stage(3)).toBeCloseTo(stage(9) - stage(6), 6);
    expect(stage(6)).toBeGreaterThan(1.9 * stage(3));
  });

  it('lists the largest component first with shares that sum to 1', () => {
    const s = shares(estimateStage(referenceStage(DEFAULT_FANS, true)).naive);
    expect(s[0]!.cost).toBeGreaterThanOrEqual(s[1]!.cost);
    expect(s.reduce((sum, x) => sum + x.share, 0)).toBeCloseTo(1, 9);
  });

  it('assumes wire sizes that match real simulated frames within 25 %', () => {
    const tour = loadTourConfig('tdf2022');
    const stage = stageOf(tour, 1);
    const simulation = simulateStage(
      { tour: tour.config, stage, route: prepareRoute(loadStageRoute(tour, 1)) },
      { seed: 3, maxSeconds: 60 },
    );
    const frames = Array.from(simulation.ticks).flatMap((t) => t.frames);
    const fixes = frames.reduce((n, f) => n + f.fixes.length, 0);
    const fixBytes =
      frames.reduce((n, f) => n + f.fixes.reduce((m, x) => m + JSON.stringify(x).length + 1, 0), 0) / fixes;
    const envelopeBytes = frames.reduce((n, f) => n + JSON.stringify({ ...f, fixes: [] }).length, 0) / frames.length;
    expect(fixBytes).toBeGreaterThan(SIZE_ASSUMPTIONS.fixBytesInFrame * 0.75);
    expect(fixBytes).toBeLessThan(SIZE_ASSUMPTIONS.fixBytesInFrame * 1.25);
    expect(envelopeBytes).toBeGreaterThan(SIZE_ASSUMPTIONS.frameEnvelopeBytes * 0.75);
    expect(envelopeBytes).toBeLessThan(SIZE_ASSUMPTIONS.frameEnvelopeBytes * 1.25);
  });
});
