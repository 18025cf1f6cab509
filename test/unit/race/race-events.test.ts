import { describe, expect, it } from 'vitest';
import { raceEvents, type SnapshotGroup, type SnapshotRider, type StageSnapshot } from '../../../lambdas/race/index';

const LENGTH = 180_000;

const group = (kind: SnapshotGroup['kind'], riders: number[], distanceMeters: number): SnapshotGroup => ({
  kind,
  isHeadOfRace: false,
  riders,
  size: riders.length,
  distanceMeters,
  speedKmh: 43,
  gapSeconds: 0,
  gapToPelotonSeconds: 0,
});

const rider = (bib: number, overrides: Partial<SnapshotRider> = {}): SnapshotRider => ({
  bib,
  distanceMeters: 50_000,
  speedKmh: 43,
  gapSeconds: 0,
  gapUncertaintySeconds: 0.5,
  status: 'ok',
  stationary: false,
  finished: false,
  group: 0,
  ...overrides,
});

const snapshot = (tMs: number, overrides: Partial<StageSnapshot> = {}): StageSnapshot => ({
  v: 1,
  stage: 3,
  tMs,
  routeLengthMeters: LENGTH,
  headBib: 1,
  groups: [group('peloton', [1, 2, 3], 50_000)],
  riders: [rider(1), rider(2), rider(3)],
  virtualGc: [],
  virtualYellowBib: null,
  finishOrder: [],
  ...overrides,
});

describe('raceEvents', () => {
  it('reports nothing for the first snapshot', () => {
    expect(raceEvents(undefined, snapshot(0))).toEqual([]);
  });

  it('reports a breakaway when one forms, with a deterministic id and fan text', () => {
    const next = snapshot(30_000, { groups: [group('breakaway', [3, 1], 50_200), group('peloton', [2], 50_000)] });

    const events = raceEvents(snapshot(0), next, (bib) => `Rider ${bib}`);

    expect(events).toEqual([
      {
        id: '3-breakaway-formed-30000',
        kind: 'breakaway-formed',
        tMs: 30_000,
        distanceMeters: 50_200,
        bibs: [1, 3],
        text: 'Breakaway at km 50.2: Rider 1, Rider 3.',
      },
    ]);
  });

  it('reports the catch when the breakaway is back in the peloton', () => {
    const before = snapshot(0, { groups: [group('breakaway', [1], 60_000), group('peloton', [2, 3], 59_000)] });

    const events = raceEvents(before, snapshot(30_000, { groups: [group('peloton', [1, 2, 3], 61_000)] }));

    expect(events.map((e) => e.kind)).toEqual(['catch']);
  });

  it('reports a rider who stops and a rider who changes bikes', () => {
    const next = snapshot(30_000, {
      riders: [rider(1), rider(2, { stationary: true }), rider(3, { status: 'bike-change-suspected' })],
    });

    const events = raceEvents(snapshot(0), next);

    expect(events.map((e) => [e.kind, e.bibs])).toEqual([
      ['rider-stopped', [2]],
      ['bike-change', [3]],
    ]);
  });

  it('does not report riders standing at the start as stopped', () => {
    const before = snapshot(0, { riders: [rider(1, { speedKmh: 0 })] });

    const events = raceEvents(before, snapshot(10_000, { riders: [rider(1, { speedKmh: 0, stationary: true })] }));

    expect(events).toEqual([]);
  });

  it('reports the flamme rouge once and each finish in order', () => {
    const before = snapshot(0, { groups: [group('peloton', [1, 2, 3], LENGTH - 1_100)] });
    const kite = snapshot(10_000, { groups: [group('peloton', [1, 2, 3], LENGTH - 950)] });
    const line = snapshot(90_000, { groups: [group('peloton', [3], LENGTH - 5)], finishOrder: [2, 1] });

    const atKite = raceEvents(before, kite);
    const atLine = raceEvents(kite, line);

    expect(atKite.map((e) => e.id)).toEqual(['3-flamme-rouge-head']);
    expect(atLine.map((e) => e.text)).toEqual([
      '#2 crosses the line in position 1.',
      '#1 crosses the line in position 2.',
    ]);
  });
});
