import { describe, expect, it } from 'vitest';
import type { StoredRider } from '../../../core/ports/rider-state-store';
import { aggregate } from '../../../lambdas/aggregator/aggregate';
import { aggregatorStageOf } from '../../../lambdas/aggregator/deps';
import { raceFixesOf } from '../../../core/wire/decode-record';
import { applyStageFixes } from '../../../lambdas/processor/stage-batch';
import { buildDeviceDirectory, deviceAssignmentsFromConfig } from '../../../core/race';
import { loadTourConfig } from '../../../core/tour-config/load';
import { rideFrames } from '../../helpers/kinesis-event';

const tour = loadTourConfig('tdf2022');
const START_MS = Date.UTC(2022, 6, 23, 12, 0, 0);

describe('time trial through the processor and the aggregator', () => {
  it("keeps each rider's clock in the stored state and ranks the virtual GC by the time checks", () => {
    // Stage 20 of the tour config is the individual time trial; stage 2 a road stage.
    const stage = aggregatorStageOf(tour, 'tdf2022', 20)!;
    const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
    const processing = { key: stage.key, route: stage.route, directory, teamOf: () => 'team', timeTrial: true };
    // Rider 1 rides 12 m/s, rider 3 14 m/s, both from the ramp; 2 min of fixes, in 24 batches of 5 s.
    const frames = rideFrames(
      stage.route,
      [
        { device: 'TRK-1-A', startMeters: 0, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 0, speedMetersPerSecond: 14 },
      ],
      START_MS,
      24,
    );
    const stored = new Map<number, StoredRider>();
    for (const frame of frames) {
      const out = applyStageFixes(stored, raceFixesOf(frame), processing);
      // The state table holds each rider as a JSON blob: what survives it is all the next batch reads.
      for (const rider of out.riders) stored.set(rider.bib, JSON.parse(JSON.stringify(rider)) as StoredRider);
    }

    const snapshot = aggregate(stage, stored, undefined, START_MS + 120_000)!.snapshot;

    expect(stage.timeTrial).toBe(true);
    expect(aggregatorStageOf(tour, 'tdf2022', 2)!.timeTrial).toBe(false);
    // At km 1 (the latest check of both): (1000 − 50) m at 12 m/s against at 14 m/s is 11.3 s.
    expect(snapshot.riders.map((r) => [r.bib, r.timeCheckMeters, r.timeTrialGapSeconds])).toEqual([
      [1, 1_000, 11.3],
      [3, 1_000, 0],
    ]);
    expect(snapshot.virtualGc.map((e) => e.bib)).toEqual([3, 1]);
  });
});
