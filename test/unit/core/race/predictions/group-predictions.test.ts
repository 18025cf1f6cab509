import { describe, expect, it } from 'vitest';
import { paceSecondsPerKm, predictGroups, type SnapshotGroup } from '../../../../../core/race/index';
import { PREDICTION_COEFFICIENTS } from '../../../../../core/race/predictions/coefficients';

const group = (kind: SnapshotGroup['kind'], size: number, distanceMeters: number, gapToPelotonSeconds: number) => ({
  kind,
  isHeadOfRace: false,
  riders: Array.from({ length: size }, (_, i) => i + 1),
  size,
  distanceMeters,
  speedKmh: 45,
  gapSeconds: 0,
  gapToPelotonSeconds,
});

const LENGTH = 180_000;

describe('predictGroups', () => {
  it('predicts catches for the groups ahead of the peloton only, and an ETA for every group', () => {
    const groups = [
      group('breakaway', 3, 170_000, -20),
      group('chasers', 2, 169_900, -10),
      group('peloton', 100, 169_700, 0),
      group('grupetto', 20, 150_000, 600),
    ];

    const out = predictGroups({ groups, routeLengthMeters: LENGTH, tMs: 0, headLeadTrendSecondsPerMinute: -5 });

    expect(out.map((p) => p.group)).toEqual([0, 1, 2, 3]);
    expect(out[0]!.catchProbability).toBeGreaterThan(0.5);
    expect(out[0]!.catchKm).toBeGreaterThanOrEqual(170);
    expect(out[0]!.catchKm).toBeLessThanOrEqual(180);
    expect(out.slice(2).map((p) => [p.catchProbability, p.catchKm])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(out.map((p) => p.finishEtaMs)).toEqual([...out.map((p) => p.finishEtaMs)].sort((a, b) => a - b));
  });

  it('gives no catch km to a breakaway more likely to win than not', () => {
    const out = predictGroups({
      groups: [group('breakaway', 4, 175_000, -400), group('peloton', 100, 172_000, 0)],
      routeLengthMeters: LENGTH,
      tMs: 0,
      headLeadTrendSecondsPerMinute: 0,
    });

    expect(out[0]!.catchProbability).toBeLessThan(0.5);
    expect(out[0]!.catchKm).toBeNull();
  });

  it('brings the ETA closer as the group advances, and rounds it to whole seconds', () => {
    const eta = (distanceMeters: number): number =>
      predictGroups({
        groups: [group('peloton', 50, distanceMeters, 0)],
        routeLengthMeters: LENGTH,
        tMs: 1_000_123,
        headLeadTrendSecondsPerMinute: 0,
      })[0]!.finishEtaMs;

    expect(eta(100_000)).toBeGreaterThan(eta(150_000));
    expect(eta(150_000)).toBeGreaterThan(eta(179_000));
    expect(eta(150_000) % 1_000).toBe(0);
  });

  it('rides each group at the pace of its role, and everyone at the solo pace when no group has more than 3 riders', () => {
    const at = (groups: SnapshotGroup[]): number[] =>
      predictGroups({ groups, routeLengthMeters: LENGTH, tMs: 0, headLeadTrendSecondsPerMinute: 0 }).map(
        (p) => p.finishEtaMs / 1_000,
      );
    const road = at([group('breakaway', 4, 170_000, -60), group('peloton', 100, 169_000, 0)]);
    const timeTrial = at([group('breakaway', 1, 170_000, -60), group('peloton', 2, 169_000, 0)]);
    const seconds = (km: number, pace: readonly number[]): number => Math.round(km * paceSecondsPerKm(0, pace));

    expect(road).toEqual([
      seconds(10, PREDICTION_COEFFICIENTS.pace.ahead),
      seconds(11, PREDICTION_COEFFICIENTS.pace.peloton),
    ]);
    expect(timeTrial).toEqual([
      seconds(10, PREDICTION_COEFFICIENTS.pace.solo),
      seconds(11, PREDICTION_COEFFICIENTS.pace.solo),
    ]);
  });
});
