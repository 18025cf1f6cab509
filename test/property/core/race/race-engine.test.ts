import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFixes,
  buildSnapshot,
  createRaceState,
  type RaceFix,
  type RaceState,
  type StageSnapshot,
} from '../../../../core/race/index';
import { fixAt, raceDirectory, riderDevice, START_MS, straightRoute } from '../../../helpers/race-fixtures';

const BIBS = Array.from({ length: 12 }, (_, i) => i + 1);
const route = straightRoute();
const context = { route, directory: raceDirectory(BIBS) };

/** One rider's ride: integer start (m), speed (m/s), seconds and a sideways wobble (m), so draws spread evenly. */
const arbRide = fc.record({
  startMeters: fc.integer({ min: 0, max: 15_000 }),
  speedMetersPerSecond: fc.integer({ min: 0, max: 20 }),
  seconds: fc.integer({ min: 1, max: 40 }),
  wobbleMeters: fc.integer({ min: 0, max: 8 }),
});

/** 1 Hz fixes of 1-12 riders, some fixes dropped, some delivered twice. */
const arbFixes: fc.Arbitrary<RaceFix[]> = fc.array(arbRide, { minLength: 1, maxLength: BIBS.length }).chain((rides) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40 * rides.length, maxLength: 40 * rides.length }).map((dice) =>
    rides.flatMap((r, i) => {
      const fixes: RaceFix[] = [];
      for (let s = 0; s <= r.seconds; s++) {
        const roll = dice[i * 40 + (s % 40)]!;
        if (roll === 0) continue;
        const fix = fixAt(route, {
          device: riderDevice(i + 1),
          seq: s,
          second: s,
          distanceMeters: r.startMeters + s * r.speedMetersPerSecond,
          northMeters: s % 2 === 0 ? r.wobbleMeters : -r.wobbleMeters,
        });
        fixes.push(fix);
        if (roll === 9) fixes.push({ ...fix });
      }
      return fixes;
    }),
  ),
);

const apply = (fixes: readonly RaceFix[], state: RaceState = createRaceState(route)): RaceState =>
  applyFixes(state, fixes, context).state;

/** The fixes as the relay sends them: one batch per second of fix time. */
const perSecond = (fixes: readonly RaceFix[]): RaceFix[][] => {
  const batches = new Map<number, RaceFix[]>();
  for (const f of fixes) batches.set(f.t, [...(batches.get(f.t) ?? []), f]);
  return [...batches.entries()].sort((a, b) => a[0] - b[0]).map(([, batch]) => batch);
};

/** Freezes a value and everything it holds, so that any write to it throws (ESM code runs in strict mode). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const snapshotOf = (state: RaceState): StageSnapshot =>
  buildSnapshot({ stage: 1, routeLengthMeters: route.lengthMeters, state, nowMs: START_MS + 45_000 });

describe('the race engine (properties)', () => {
  it('gives the same state and snapshot whatever order the fixes of a batch arrive in', () => {
    const fixesAndShuffle = arbFixes.chain((f) =>
      fc.tuple(fc.constant(f), fc.shuffledSubarray(f, { minLength: f.length, maxLength: f.length })),
    );

    fc.assert(
      fc.property(fixesAndShuffle, ([fixes, shuffled]) => {
        const state = apply(fixes);

        const other = apply(shuffled);

        expect(other).toEqual(state);
        expect(snapshotOf(other)).toEqual(snapshotOf(state));
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same state when the same fixes are applied twice as once', () => {
    fc.assert(
      fc.property(arbFixes, (fixes) => {
        const once = apply(fixes);

        const twice = apply(fixes, once);

        expect(twice).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same snapshot whatever order the fixes arrive in within each 1 s batch', () => {
    const batchesAndShuffles = arbFixes.chain((f) => {
      const batches = perSecond(f);
      return fc.tuple(
        fc.constant(batches),
        fc.tuple(...batches.map((b) => fc.shuffledSubarray(b, { minLength: b.length, maxLength: b.length }))),
      );
    });

    fc.assert(
      fc.property(batchesAndShuffles, ([batches, shuffled]) => {
        const state = batches.reduce((s, b) => apply(b, s), createRaceState(route));

        const other = shuffled.reduce((s, b) => apply(b, s), createRaceState(route));

        expect(snapshotOf(other)).toEqual(snapshotOf(state));
      }),
      { numRuns: 40 },
    );
  });

  it('changes nothing when every 1 s batch is replayed after the stream', () => {
    fc.assert(
      fc.property(arbFixes, (fixes) => {
        const batches = perSecond(fixes);
        const once = batches.reduce((s, b) => apply(b, s), createRaceState(route));

        const twice = batches.reduce((s, b) => apply(b, s), once);

        expect(twice).toEqual(once);
      }),
      { numRuns: 40 },
    );
  });

  it('never changes the state it is given, batch after batch', () => {
    fc.assert(
      fc.property(arbFixes, (fixes) => {
        let state = createRaceState(route);
        for (const batch of perSecond(fixes)) {
          const before = structuredClone(state);

          const next = apply(batch, deepFreeze(state));

          expect(state).toEqual(before);
          state = next;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('puts every rider on the road in exactly one group', () => {
    fc.assert(
      fc.property(arbFixes, (fixes) => {
        const snapshot = snapshotOf(apply(fixes));

        const grouped = snapshot.groups.flatMap((g) => g.riders).sort((a, b) => a - b);

        expect(grouped).toEqual(snapshot.riders.map((r) => r.bib));
        snapshot.riders.forEach((r) => expect(snapshot.groups[r.group]?.riders).toContain(r.bib));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps gaps at or above 0, with 0 for the head of the race', () => {
    fc.assert(
      fc.property(arbFixes, (fixes) => {
        const snapshot = snapshotOf(apply(fixes));

        const head = snapshot.riders.find((r) => r.bib === snapshot.headBib);

        expect(head?.gapSeconds).toBe(0);
        expect(snapshot.groups[0]?.gapSeconds).toBe(0);
        snapshot.riders.forEach((r) => expect(r.gapSeconds).toBeGreaterThanOrEqual(0));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every distance within [0, route length]', () => {
    fc.assert(
      fc.property(arbFixes, (fixes) => {
        const state = apply(fixes);

        Object.values(state.riders).forEach((r) => {
          expect(r.distanceMeters).toBeGreaterThanOrEqual(0);
          expect(r.distanceMeters).toBeLessThanOrEqual(route.lengthMeters);
        });
      }),
      { numRuns: 60 },
    );
  });
});
