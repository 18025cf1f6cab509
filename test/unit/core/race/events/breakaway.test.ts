import { describe, expect, it } from 'vitest';
import {
  BREAKAWAY_CONFIRM_MS,
  CATCH_CONFIRM_MS,
  leadTrendSecondsPerMinute,
} from '../../../../../core/race/events/breakaway';
import { advanceDetectorState } from '../../../../../core/race/events/detector-state';
import { raceEvents, type RaceEvent, type StageSnapshot } from '../../../../../core/race/index';
import { fromGroups, replay, seconds, withBreak } from './race-sequence';

const names = (bib: number): string => ['', 'Ada', 'Bea'][bib] ?? `#${bib}`;

describe('breakaway events', () => {
  it('reports a breakaway only once it has held its lead for the confirmation time, with names', () => {
    const cores = seconds(0, 120, (s) => withBreak(s * 1_000, s < 10 ? 0 : 20));

    const { events } = replay(cores, [], names);

    expect(events).toEqual([
      {
        id: '3-breakaway-formed-1',
        kind: 'breakaway-formed',
        tMs: 10_000 + BREAKAWAY_CONFIRM_MS,
        distanceMeters: 50_240,
        bibs: [1, 2],
        text: 'Breakaway at km 50.2: Ada and Bea, 20 s clear of the peloton.',
        textFr: "Échappée au km 50,2 : Ada et Bea, 20 s d'avance sur le peloton.",
      },
    ]);
  });

  it('never reports a group that is clear for less than the confirmation time', () => {
    const cores = seconds(0, 300, (s) => withBreak(s * 1_000, s % 90 < 50 ? 25 : 0));

    expect(replay(cores).events).toEqual([]);
  });

  it('reports each lead milestone up and down, but not jitter within the margin', () => {
    // 20 s → 35 s (passes 30 s) → 65 s (passes 1 min) → 55 s (inside the margin) → 45 s (below 1 min).
    const leadAt = (s: number): number => (s < 100 ? 20 : s < 200 ? 35 : s < 300 ? 65 : s < 400 ? 55 : 45);
    const cores = seconds(0, 500, (s) => withBreak(s * 1_000, leadAt(s)));

    const { events } = replay(cores);

    expect(events.map((e) => [e.id, e.text])).toEqual([
      ['3-breakaway-formed-1', 'Breakaway at km 50.2: #1 and #2, 20 s clear of the peloton.'],
      ['3-gap-milestone-1-1', "The breakaway's lead passes 30 s: 35 s at km 50.4."],
      ['3-gap-milestone-1-2', "The breakaway's lead passes 1 min: 1 min 05 s at km 50.8."],
      ['3-gap-milestone-1-3', "The breakaway's lead falls below 1 min: 45 s at km 50.5."],
    ]);
  });

  it('reports the catch only once the peloton has held it, and numbers the next breakaway', () => {
    // Away, back together for 10 s (a flicker), away, caught for good at 300 s, a new break from 400 s.
    const leadAt = (s: number): number => (s < 200 ? 20 : s < 210 ? 0 : s < 300 ? 20 : s < 400 ? 0 : 15);
    const cores = seconds(0, 500, (s) => withBreak(s * 1_000, leadAt(s)));

    const { events } = replay(cores);

    expect(events.map((e) => [e.id, e.tMs])).toEqual([
      ['3-breakaway-formed-1', BREAKAWAY_CONFIRM_MS],
      ['3-catch-1', 300_000 + CATCH_CONFIRM_MS],
      ['3-breakaway-formed-2', 400_000 + BREAKAWAY_CONFIRM_MS],
    ]);
    expect(events[1]?.bibs).toEqual([1, 2]);
  });

  it('measures the trend of the lead over the last minutes', () => {
    const cores = seconds(0, 400, (s) => withBreak(s * 1_000, 30 + Math.floor(s / 60) * 6));

    const { snapshots } = replay(cores);

    const leads = snapshots.at(-1)!.memory!.breakaway.leads;
    expect(leadTrendSecondsPerMinute(leads)).toBeCloseTo(6, 0);
    expect(leadTrendSecondsPerMinute([])).toBe(0);
  });

  it('reports a breakaway that comes back in pieces as one catch per piece, with its riders', () => {
    // Riders 1–3 away from 10 s; rider 3 is dropped and swallowed by the peloton at 200 s, riders 1 and 2 at 400 s.
    const cores = seconds(0, 500, (s) =>
      s < 10
        ? fromGroups(s * 1_000, [['peloton', [1, 2, 3, 4, 5, 6, 7], 0]])
        : s < 200
          ? fromGroups(s * 1_000, [
              ['breakaway', [1, 2, 3], 0],
              ['peloton', [4, 5, 6, 7], 40],
            ])
          : s < 400
            ? fromGroups(s * 1_000, [
                ['breakaway', [1, 2], 0],
                ['peloton', [3, 4, 5, 6, 7], 30],
              ])
            : fromGroups(s * 1_000, [['peloton', [1, 2, 3, 4, 5, 6, 7], 0]]),
    );

    const { events } = replay(cores);

    expect(events.filter((e) => e.kind === 'catch').map((e) => [e.id, e.tMs, e.bibs, e.text])).toEqual([
      ['3-catch-1', 200_000 + CATCH_CONFIRM_MS, [3], 'The peloton has caught #3 from the breakaway at km 49.6.'],
      ['3-catch-2', 400_000 + CATCH_CONFIRM_MS, [1, 2], 'The peloton has caught the breakaway (#1 and #2) at km 50.0.'],
    ]);
  });

  it('reports no breakaway and no catch in a time trial, where the first starter is minutes ahead of riders alone', () => {
    const cores = seconds(0, 600, (s) =>
      fromGroups(s * 1_000, [
        ['breakaway', [1], 0],
        ['peloton', [2, 3], 60 + (s % 200)],
        ['dropped', [4], 120 + (s % 200)],
        ['dropped', [5], 180 + (s % 200)],
        ['dropped', [6], 240 + (s % 200)],
        ['dropped', [7], 300 + (s % 200)],
      ]),
    );

    expect(replay(cores).events).toEqual([]);
  });

  it('still reports the catch of a breakaway remembered by a memory stored before riders were tracked one by one', () => {
    const { snapshots } = replay(seconds(0, 100, (s) => withBreak(s * 1_000, s < 10 ? 0 : 20)));
    const last = snapshots.at(-1)!;
    const { away: _away, caughtBibs: _caught, ...older } = last.memory!.breakaway;
    const stored = { ...last, memory: { ...last.memory!, breakaway: older } };

    const after: RaceEvent[] = [];
    let previous: StageSnapshot = stored;
    for (const c of seconds(101, 160, (s) => withBreak(s * 1_000, 0))) {
      const snapshot: StageSnapshot = { ...c, memory: advanceDetectorState(previous, c, []) };
      after.push(...raceEvents(previous, snapshot));
      previous = snapshot;
    }

    expect(after.map((e) => [e.kind, e.bibs])).toEqual([['catch', [1, 2]]]);
  });
});
