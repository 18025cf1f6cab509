import { describe, expect, it } from 'vitest';
import { LINE_REPORT_AFTER_MS } from '../../../../lambdas/race/events/line-passages';
import { passageLinesOf, type PassageLine } from '../../../../lambdas/race/index';
import { core, replay, rider, seconds } from './race-sequence';

const SPRINT: PassageLine = { kind: 'sprint', name: 'Vejle', meters: 60_000 };
const KOM: PassageLine = { kind: 'kom', name: 'Côte de Kiddesvej', meters: 60_500 };

/** Rider b rides 10 m/s from (59_000 − 25·b) m at second 0: rider 1 crosses km 60 at 102.5 s, rider 2 at 105 s… */
const riding = (s: number) =>
  core(s * 1_000, {
    riders: [1, 2, 3, 4].map((bib) => rider(bib, { distanceMeters: 59_000 - 25 * bib + 10 * s })),
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
    expect(replay(cores, [SPRINT]).snapshots.at(-1)!.memory!.lines[0]!.order).toEqual([
      [1, 102_500],
      [2, 105_000],
      [3, 107_500],
    ]);
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
