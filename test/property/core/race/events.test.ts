import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { raceEvents, type RaceEvent, type SnapshotCore } from '../../../../core/race/index';
import { core, fromGroups, replay, rider, withBreak } from '../../../unit/core/race/events/race-sequence';

/** One aggregator run of a random race: the head group's lead, who is stopped or flagged, who leads the virtual GC. */
const arbStep = fc.record({
  dtS: fc.integer({ min: 1, max: 30 }),
  lead: fc.integer({ min: 0, max: 700 }),
  stopped: fc.subarray([3, 4, 5, 6]),
  flagged: fc.subarray([3, 4, 5, 6]),
  yellow: fc.constantFrom(1, 2, 3),
  split: fc.boolean(),
});

type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;

function raceOf(steps: readonly Step[]): SnapshotCore[] {
  let t = 0;
  return steps.map((step) => {
    t += step.dtS * 1_000;
    const base = step.split
      ? fromGroups(t, [
          ['breakaway', [1, 2], 0],
          ['chasers', [3], 20],
          ['peloton', [4, 5, 6], step.lead],
        ])
      : withBreak(t, step.lead);
    return {
      ...base,
      riders: base.riders.map((r) => ({
        ...r,
        stationary: step.stopped.includes(r.bib),
        status: step.flagged.includes(r.bib) ? ('bike-change-suspected' as const) : ('ok' as const),
      })),
      virtualGc: [1, 2, 3].map((bib, i) => ({
        rank: i + 1,
        bib: bib === 1 ? step.yellow : bib === step.yellow ? 1 : bib,
        virtualSeconds: 100 + 10 * i,
        behindSeconds: 10 * i,
      })),
      virtualYellowBib: step.yellow,
    };
  });
}

/** Uniform jitter in [−amplitude, amplitude] per snapshot, as integer tenths of a second. */
const arbJitter = (n: number, amplitude: number): fc.Arbitrary<number[]> =>
  fc
    .array(fc.integer({ min: -amplitude * 10, max: amplitude * 10 }), { minLength: n, maxLength: n })
    .map((xs) => xs.map((x) => x / 10));

const kinds = (events: readonly RaceEvent[], kind: RaceEvent['kind']): RaceEvent[] =>
  events.filter((e) => e.kind === kind);

describe('raceEvents (properties)', () => {
  it('gives the same events, ids included, when a snapshot sequence is replayed, and never repeats an id', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 2, maxLength: 120 }), (steps) => {
        const cores = raceOf(steps);

        const first = replay(cores);
        const second = replay(cores);

        expect(second.events).toEqual(first.events);
        expect(new Set(first.events.map((e) => e.id)).size).toBe(first.events.length);
        first.snapshots.forEach((s, i) => {
          if (i > 0) expect(raceEvents(first.snapshots[i - 1], s)).toEqual(raceEvents(first.snapshots[i - 1], s));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('never reports a catch or a lost milestone for a steady lead under ±3 s of jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 15, max: 900 }), arbJitter(1_200, 3), (lead, jitter) => {
        const cores = jitter.map((j, s) => withBreak(s * 1_000, lead + j));

        const { events } = replay(cores);

        expect(kinds(events, 'breakaway-formed')).toHaveLength(1);
        expect(kinds(events, 'catch')).toEqual([]);
        const milestones = kinds(events, 'gap-milestone');
        expect(milestones.every((e) => e.text.includes('passes'))).toBe(true);
        expect(new Set(milestones.map((e) => e.text.split(':')[0])).size).toBe(milestones.length);
      }),
      { numRuns: 40 },
    );
  });

  it('reports nothing for a group flickering in and out of the peloton', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 10, max: 120 }),
        (awayS, backS, lead) => {
          const cores = Array.from({ length: 900 }, (_, s) =>
            withBreak(s * 1_000, s % (awayS + backS) < awayS ? lead : 0),
          );

          expect(replay(cores).events).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports nothing for virtual leaders swapping within the confirmation time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 59 }), fc.integer({ min: 0, max: 30 }), (holdS, ahead) => {
        const cores = Array.from({ length: 900 }, (_, s) => {
          const [first, second] = Math.floor(s / holdS) % 2 === 0 ? [1, 2] : [2, 1];
          return core(s * 1_000, {
            virtualGc: [
              { rank: 1, bib: first, virtualSeconds: 100, behindSeconds: 0 },
              { rank: 2, bib: second, virtualSeconds: 100 + ahead, behindSeconds: ahead },
            ],
            virtualYellowBib: first,
          });
        });

        expect(kinds(replay(cores).events, 'virtual-leader')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('reports no stop for riders who look stopped for less than the confirmation time, however often', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 20 }), (stillS, movingS) => {
        const cores = Array.from({ length: 600 }, (_, s) =>
          core(s * 1_000, {
            riders: [1, 2, 3].map((bib) => rider(bib, { stationary: (s + bib) % (stillS + movingS) < stillS })),
          }),
        );

        const { events } = replay(cores);

        expect(events.filter((e) => e.kind === 'rider-stopped' || e.kind === 'crash')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
