import { describe, expect, it } from 'vitest';
import { STOP_CONFIRM_MS } from '../../../../lambdas/race/events/stops';
import { core, replay, rider, seconds } from './race-sequence';

/** Riders 1–6 at km 50; the riders of `stopped` are stationary at `meters` from `fromS` to `toS`. */
function stopping(stopped: Record<number, [number, number, number]>) {
  return (s: number) =>
    core(s * 1_000, {
      riders: [1, 2, 3, 4, 5, 6].map((bib) => {
        const stop = stopped[bib];
        const still = stop !== undefined && s >= stop[0] && s <= stop[1];
        return rider(bib, still ? { stationary: true, speedKmh: 0, distanceMeters: stop[2] } : {});
      }),
    });
}

describe('crash and stop events', () => {
  it('reports riders stopping together as one crash once they stayed down', () => {
    const cores = seconds(0, 60, stopping({ 2: [10, 60, 50_000], 4: [12, 60, 50_030], 5: [14, 60, 49_900] }));

    const { events } = replay(cores);

    expect(events).toEqual([
      expect.objectContaining({
        id: '3-crash-1',
        kind: 'crash',
        tMs: 10_000 + STOP_CONFIRM_MS,
        bibs: [2, 4, 5],
        text: 'Crash at km 50.0: #2, #4 and #5 are down.',
      }),
    ]);
  });

  it('reports a lone rider as stopped, and a second stop elsewhere as another incident', () => {
    const cores = seconds(0, 120, stopping({ 3: [10, 40, 50_000], 6: [80, 120, 70_000] }));

    const { events } = replay(cores);

    expect(events.map((e) => [e.id, e.bibs, e.text])).toEqual([
      ['3-rider-stopped-1', [3], '#3 has stopped at km 50.0.'],
      ['3-rider-stopped-2', [6], '#6 has stopped at km 70.0.'],
    ]);
  });

  it('does not report a rider who only looked stopped for a few seconds', () => {
    const cores = seconds(0, 90, stopping({ 1: [10, 18, 50_000], 2: [40, 50, 50_000] }));

    expect(replay(cores).events).toEqual([]);
  });

  it('leaves out riders who ride on before the incident is confirmed', () => {
    const cores = seconds(0, 60, stopping({ 2: [10, 60, 50_000], 3: [11, 16, 50_010] }));

    expect(replay(cores).events.map((e) => [e.kind, e.bibs])).toEqual([['rider-stopped', [2]]]);
  });

  it('does not report riders waiting at the start line', () => {
    const cores = seconds(0, 60, stopping({ 1: [5, 60, 0], 2: [5, 60, 300] }));

    expect(replay(cores).events).toEqual([]);
  });

  it('does not report a crashed rider again when he stops a second time at the same place', () => {
    const cores = seconds(0, 150, stopping({ 2: [10, 60, 50_000], 4: [12, 60, 50_030] }));
    const again = seconds(151, 200, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3, 4, 5, 6].map((bib) =>
          rider(bib, bib === 4 ? { stationary: s > 155, speedKmh: 0, distanceMeters: 50_060 } : {}),
        ),
      }),
    );

    expect(replay([...cores, ...again]).events.map((e) => e.id)).toEqual(['3-crash-1']);
  });
});
