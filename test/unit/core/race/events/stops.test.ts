import { describe, expect, it } from 'vitest';
import { STOP_CONFIRM_MS, SUDDEN_STOP_CONFIRM_MS } from '../../../../../core/race/events/stops';
import { core, replay, rider, seconds } from './race-sequence';

/** A standing rider's GPS noise along the road at second `s`, m: the fix moves a metre or two each second. */
const noise = (s: number): number => [0, 2, 1, 3][s % 4]!;

/** Riders 1–6 at km 50; the riders of `stopped` are stationary at `meters` (± GPS noise) from `fromS` to `toS`. */
function stopping(stopped: Record<number, [number, number, number]>) {
  return (s: number) =>
    core(s * 1_000, {
      riders: [1, 2, 3, 4, 5, 6].map((bib) => {
        const stop = stopped[bib];
        const still = stop !== undefined && s >= stop[0] && s <= stop[1];
        return rider(bib, still ? { stationary: true, speedKmh: 0, distanceMeters: stop[2] + noise(s) } : {});
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
        tMs: 10_000 + SUDDEN_STOP_CONFIRM_MS,
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
    const cores = seconds(0, 90, stopping({ 1: [10, 13, 50_000], 2: [40, 43, 50_000] }));

    expect(replay(cores).events).toEqual([]);
  });

  it('leaves out riders who ride on before the incident is confirmed', () => {
    const cores = seconds(0, 60, stopping({ 2: [10, 60, 50_000], 3: [11, 13, 50_010] }));

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
          rider(bib, bib === 4 ? { stationary: s > 155, speedKmh: 0, distanceMeters: 50_060 + noise(s) } : {}),
        ),
      }),
    );

    expect(replay([...cores, ...again]).events.map((e) => e.id)).toEqual(['3-crash-1']);
  });

  it('reports a rider standing at one place for a long time once, however often the stationary flag flickers', () => {
    const cores = seconds(0, 1_500, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3, 4, 5, 6].map((bib) =>
          rider(
            bib,
            bib === 5 && s >= 10 && s % 97 !== 0
              ? { stationary: true, speedKmh: 0, distanceMeters: 130_050 + noise(s) }
              : {},
          ),
        ),
      }),
    );

    expect(replay(cores).events.map((e) => e.id)).toEqual(['3-rider-stopped-1']);
  });

  it('does not report a rider matched backwards along a hairpin, whose speed reads 0 while his position falls back', () => {
    const cores = seconds(0, 60, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          rider(
            bib,
            bib === 2 && s >= 10 && s < 25
              ? { stationary: true, speedKmh: 0, distanceMeters: 50_000 - 6 * (s - 10) }
              : {},
          ),
        ),
      }),
    );

    expect(replay(cores).events).toEqual([]);
  });

  it('waits for fresh positions before reporting a rider whose position is frozen (fixes not taken)', () => {
    const frozen = (s: number) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          rider(
            bib,
            bib === 2 && s >= 10
              ? { stationary: true, speedKmh: 0, distanceMeters: s < 30 ? 50_000 : 50_000 + noise(s) }
              : {},
          ),
        ),
      });

    const { events } = replay(seconds(0, 60, frozen));

    expect(events.map((e) => [e.id, e.tMs])).toEqual([['3-rider-stopped-1', 30_000]]);
  });

  it('waits the full confirmation for a rider who was already crawling, and drops him once he moves on', () => {
    const crawl = (metersPerSecond: number) => (s: number) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          rider(
            bib,
            bib === 2 ? { speedKmh: 3, stationary: s >= 60, distanceMeters: 50_000 + metersPerSecond * s } : {},
          ),
        ),
      });

    const standing = replay(seconds(0, 100, crawl(0.3))).events;
    const crawling = replay(seconds(0, 100, crawl(2.2))).events;

    expect(standing.map((e) => e.tMs)).toEqual([60_000 + STOP_CONFIRM_MS]);
    expect(crawling).toEqual([]);
  });

  it('does not take a speed read across a jump of the matched position for riding speed before a stop', () => {
    // Rider 2 crawls at 2 m/s; his position jumps 80 m ahead (reading 25 km/h) and back, then reads stationary.
    const at = (s: number): number => 50_000 + 2 * s + (s >= 30 && s < 39 ? 80 : 0);
    const kmh = (s: number): number => (s >= 30 && s < 41 ? 25 : s < 30 ? 7 : 0);
    const cores = seconds(0, 90, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          rider(bib, bib === 2 ? { speedKmh: kmh(s), stationary: s >= 42, distanceMeters: at(s) } : {}),
        ),
      }),
    );

    expect(replay(cores).events).toEqual([]);
  });

  it('does not take a speed read after a jump ahead, caught up by a slow run back, for riding speed before a stop', () => {
    // Rider 2 crawls at 2 m/s; his position jumps 60 m ahead at 30 s and runs back to him 5 m a second.
    const ahead = (s: number): number => (s < 30 ? 0 : Math.max(0, 60 - 7 * (s - 30)));
    const cores = seconds(0, 90, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          bib === 2
            ? rider(2, {
                speedKmh: s >= 30 && s < 40 ? 25 : s < 30 ? 7 : 0,
                stationary: s >= 41,
                distanceMeters: 50_000 + 2 * s + ahead(s),
              })
            : rider(bib),
        ),
      }),
    );

    expect(replay(cores).events).toEqual([]);
  });

  it('reports a short stop for a bike change, corroborated by the switch of device, as the rider rides off', () => {
    // Rider 2 switches bikes at 10 s; he reads stationary from 20 s to 26 s and rides off from 22 s.
    const at = (s: number): number => 50_000 + noise(s) + (s > 22 ? 5 * (s - 22) : 0);
    const cores = seconds(0, 60, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          bib === 2 && s >= 10 && s < 60
            ? rider(2, {
                status: 'bike-change-suspected',
                speedKmh: s >= 20 && s <= 26 ? 0 : 18,
                stationary: s >= 20 && s <= 26,
                distanceMeters: at(s),
              })
            : rider(bib),
        ),
      }),
    );

    expect(
      replay(cores)
        .events.filter((e) => e.kind === 'rider-stopped')
        .map((e) => [e.bibs, e.tMs]),
    ).toEqual([[[2], 20_000 + SUDDEN_STOP_CONFIRM_MS]]);
  });
});
