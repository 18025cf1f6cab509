import { describe, expect, it } from 'vitest';
import { crossingSigmaMs, LINE_REPORT_AFTER_MS, tiedForFirst } from '../../../../../core/race/events/line-passages';
import { passageLinesOf, type PassageLine } from '../../../../../core/race/index';
import { core, replay, rider, seconds } from './race-sequence';

const SPRINT: PassageLine = { kind: 'sprint', name: 'Vejle', meters: 60_000 };
const KOM: PassageLine = { kind: 'kom', name: 'Côte de Kiddesvej', meters: 60_500 };

/** Rider b rides 10 m/s from (59_000 − 25·b) m at second 0: rider 1 crosses km 60 at 102.5 s, rider 2 at 105 s… */
const riding = (s: number) =>
  core(s * 1_000, {
    riders: [1, 2, 3, 4].map((bib) => rider(bib, { distanceMeters: 59_000 - 25 * bib + 10 * s })),
  });

/** Riders 1, 2, … sprinting at 60 km/h (16.7 m/s), `offsets` metres behind rider 1, who crosses km 60 at 60 s. */
const sprinting = (offsets: readonly number[]) => (s: number) =>
  core(s * 1_000, {
    riders: offsets.map((o, i) => rider(i + 1, { distanceMeters: 59_000 - o + (50 / 3) * s, speedKmh: 60 })),
  });

describe('intermediate sprint and KOM passage events', () => {
  it('reports the first three riders across a line with crossing times interpolated between snapshots', () => {
    const cores = seconds(0, 140, riding).filter((c) => (c.tMs / 1_000) % 2 === 0);

    const { events } = replay(cores, [SPRINT], (bib) => `R${bib}`);

    expect(events).toEqual([
      {
        id: '3-sprint-passage-1',
        kind: 'sprint-passage',
        tMs: 108_000,
        distanceMeters: 60_000,
        bibs: [1, 2, 3],
        text: 'Intermediate sprint at Vejle (km 60.0): 1. R1, 2. R2 +3 s, 3. R3 +5 s.',
        textFr: 'Sprint intermédiaire de Vejle (km 60,0) : 1. R1, 2. R2 +3 s, 3. R3 +5 s.',
      },
    ]);
    // 5 m of GPS error at 43 km/h is 0.42 s of crossing time: 2.5 s apart, the riders are clearly ordered.
    const sigma = crossingSigmaMs(43);
    expect(sigma).toBe(418);
    expect(replay(cores, [SPRINT]).snapshots.at(-1)!.memory!.lines[0]!.order).toEqual([
      [1, 102_500, sigma],
      [2, 105_000, sigma],
      [3, 107_500, sigma],
    ]);
  });

  it('names riders who crossed closer than GPS can order as too close to call, never a false winner', () => {
    // Riders 1-3 sprint at 60 km/h (16.7 m/s) 2-5 m apart, rider 4 30 m behind: 5 m of GPS error is 0.3 s there.
    const { events } = replay(seconds(0, 80, sprinting([0, 2, 5, 30])), [SPRINT], (bib) => `R${bib}`);

    expect(events.map((e) => [e.bibs, e.tiedForFirst, e.text, e.textFr])).toEqual([
      [
        [1, 2, 3],
        3,
        'Intermediate sprint at Vejle (km 60.0): R1, R2 and R3 too close to call (within 0.3 s).',
        'Sprint intermédiaire de Vejle (km 60,0) : R1, R2 et R3 trop proches pour être départagés (moins de 0,3 s).',
      ],
    ]);
  });

  it('lists a clear third after the riders too close to call', () => {
    // Riders 1 and 2 cross 0.12 s apart at 60 km/h; rider 3 crosses 3 s later, rider 4 further back.
    const { events } = replay(seconds(0, 100, sprinting([0, 2, 50, 300])), [SPRINT], (bib) => `R${bib}`);

    expect(events.map((e) => [e.tMs, e.bibs, e.tiedForFirst, e.text])).toEqual([
      [
        63_000,
        [1, 2, 3],
        2,
        'Intermediate sprint at Vejle (km 60.0): R1 and R2 too close to call (within 0.1 s), 3. R3 +3 s.',
      ],
    ]);
  });

  it('waits past what GPS cannot separate from the first before reporting a summit', () => {
    // At 20 km/h 5 m of GPS error is 0.9 s: riders 1-3 top the climb within 0.2 s and rider 4 2 s later, still
    // within the 2.5 s that two crossings need to be told apart. Reporting the podium at once would leave him out.
    const offsets = [0, 0.5, 1, 11, 300];
    const climbing = (s: number) =>
      core(s * 1_000, {
        riders: offsets.map((o, i) => rider(i + 1, { distanceMeters: 60_400 - o + (50 / 9) * s, speedKmh: 20 })),
      });

    const { events } = replay(seconds(0, 60, climbing), [KOM], (bib) => `R${bib}`);

    expect(events.map((e) => [e.tMs, e.bibs, e.tiedForFirst, e.text])).toEqual([
      [
        21_000,
        [1, 2, 3, 4],
        4,
        'Top of Côte de Kiddesvej (km 60.5): R1, R2, R3 and R4 too close to call (within 2.0 s).',
      ],
    ]);
  });

  it('counts a rider as tied with the first only while the gap is within two errors of the difference', () => {
    expect(tiedForFirst([])).toBe(0);
    expect(
      tiedForFirst([
        [1, 0, 300],
        [2, 800, 300],
        [3, 900, 300],
      ]),
    ).toBe(2);
    expect(
      tiedForFirst([
        [1, 0, 300],
        [2, 900, 300],
      ]),
    ).toBe(1);
    // Crossings kept in memory before they had a σ count as exact.
    expect(
      tiedForFirst([
        [1, 0],
        [2, 1],
      ]),
    ).toBe(1);
  });

  it('reports a lone leader across a summit once the others are long in coming', () => {
    const cores = seconds(0, 400, (s) =>
      core(s * 1_000, {
        riders: [rider(1, { distanceMeters: 60_000 + 10 * s }), rider(2, { distanceMeters: 50_000 + 10 * s })],
      }),
    );

    const { events } = replay(cores, [KOM]);

    expect(events.map((e) => [e.id, e.tMs, e.bibs, e.text])).toEqual([
      ['3-kom-passage-1', 50_000 + LINE_REPORT_AFTER_MS, [1], 'Top of Côte de Kiddesvej (km 60.5): 1. #1.'],
    ]);
  });

  it('scales the official km of sprints and summits to the route length', () => {
    const lines = passageLinesOf(
      { distanceKm: 200, sprints: [{ name: 'S', km: 100 }], climbs: [{ name: 'C', summitKm: 200 }] },
      202_000,
    );

    expect(lines).toEqual([
      { kind: 'sprint', name: 'S', meters: 101_000 },
      { kind: 'kom', name: 'C', meters: 201_999 },
    ]);
  });
});
