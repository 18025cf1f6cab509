import { describe, expect, it } from 'vitest';
import { BIKE_CHANGE_MIN_INTERVAL_MS } from '../../../../lambdas/race/events/bike-changes';
import { core, replay, rider, seconds } from './race-sequence';

const flagged = (on: (s: number) => boolean) => (s: number) =>
  core(s * 1_000, {
    riders: [1, 2, 3].map((bib) => rider(bib, bib === 2 && on(s) ? { status: 'bike-change-suspected' } : {})),
  });

describe('bike-change events', () => {
  it('reports a bike change once while the flag flickers', () => {
    const cores = seconds(
      0,
      300,
      flagged((s) => s >= 20 && s % 7 !== 0),
    );

    const { events } = replay(cores);

    expect(events).toEqual([
      expect.objectContaining({
        id: '3-bike-change-2-1',
        kind: 'bike-change',
        tMs: 20_000,
        bibs: [2],
        text: '#2 changes bikes at km 50.0.',
        textFr: '#2 change de vélo au km 50,0.',
      }),
    ]);
  });

  it('numbers a later bike change of the same rider', () => {
    const secondChangeS = 20 + BIKE_CHANGE_MIN_INTERVAL_MS / 1_000 + 10;
    const cores = [
      ...seconds(
        0,
        40,
        flagged((s) => s >= 20),
      ),
      ...seconds(
        41,
        secondChangeS + 5,
        flagged((s) => s >= secondChangeS),
      ),
    ];

    expect(replay(cores).events.map((e) => e.id)).toEqual(['3-bike-change-2-1', '3-bike-change-2-2']);
  });
});
