import { describe, expect, it } from 'vitest';
import { raceEvents } from '../../../../core/race/index';
import { SUDDEN_STOP_CONFIRM_MS } from '../../../../core/race/events/stops';
import { core, replay, rider, seconds, withBreak } from './events/race-sequence';

describe('raceEvents', () => {
  it('reports nothing for the first snapshot', () => {
    const [first] = replay([core(0)]).snapshots;

    expect(raceEvents(undefined, first!)).toEqual([]);
  });

  it('gives the same events, ids included, when the same snapshot pair is diffed again', () => {
    const { snapshots } = replay(seconds(0, 90, (s) => withBreak(s * 1_000, s < 10 ? 0 : 30)));
    const i = snapshots.findIndex((s) => s.memory!.breakaway.formed === 1);

    const once = raceEvents(snapshots[i - 1], snapshots[i]!);
    const again = raceEvents(snapshots[i - 1], snapshots[i]!);

    expect(once.map((e) => e.id)).toEqual(['3-breakaway-formed-1']);
    expect(again).toEqual(once);
  });

  it('starts the memory afresh after a snapshot without one (a stored v1 snapshot)', () => {
    const old = { ...core(0), predictions: [], memory: undefined };
    const { snapshots } = replay([core(1_000, { riders: [rider(1, { stationary: true })] })]);

    expect(raceEvents(old, snapshots[0]!)).toEqual([]);
  });

  it('reports several families from one sequence, each once', () => {
    const cores = seconds(0, 200, (s) => {
      const c = withBreak(s * 1_000, s < 10 ? 0 : s < 120 ? 40 : 70);
      const standing = { stationary: true, distanceMeters: 50_000 + (s % 3) };
      return { ...c, riders: c.riders.map((r) => (r.bib === 5 && s >= 100 ? { ...r, ...standing } : r)) };
    });

    const { events } = replay(cores);

    expect(events.map((e) => [e.kind, e.tMs])).toEqual([
      ['breakaway-formed', 70_000],
      ['rider-stopped', 100_000 + SUDDEN_STOP_CONFIRM_MS],
      ['gap-milestone', 120_000],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});
