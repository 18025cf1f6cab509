import { describe, expect, it } from 'vitest';
import { BIKE_CHANGE_CONFIRM_MS, BIKE_CHANGE_MIN_INTERVAL_MS } from '../../../../../core/race/events/bike-changes';
import { core, replay, rider, seconds } from './race-sequence';

/** Riders 1–3 riding; rider 2 flagged when `on(s)` and slowing to a stop when `still(s)` (not yet stationary). */
const flagged =
  (on: (s: number) => boolean, still: (s: number) => boolean = (s) => on(s)) =>
  (s: number) =>
    core(s * 1_000, {
      riders: [1, 2, 3].map((bib) =>
        rider(bib, {
          ...(bib === 2 && on(s) ? { status: 'bike-change-suspected' as const } : {}),
          ...(bib === 2 && still(s) ? { speedKmh: 3 } : {}),
        }),
      ),
    });

describe('bike-change events', () => {
  it('reports a bike change once while the flag flickers', () => {
    const cores = seconds(
      0,
      300,
      flagged(
        (s) => s >= 20 && s % 7 !== 0,
        (s) => s >= 30 && s < 50,
      ),
    );

    const { events } = replay(cores);

    expect(events).toEqual([
      expect.objectContaining({
        id: '3-bike-change-2-1',
        kind: 'bike-change',
        tMs: 30_000,
        bibs: [2],
        text: '#2 changes bikes at km 50.0.',
        textFr: '#2 change de vélo au km 50,0.',
      }),
    ]);
  });

  it('does not call a switch of device a bike change when the rider rides on without stopping', () => {
    const cores = seconds(
      0,
      200,
      flagged(
        (s) => s >= 20 && s < 140,
        (s) => s >= 20 + BIKE_CHANGE_CONFIRM_MS / 1_000 + 5,
      ),
    );

    expect(replay(cores).events).toEqual([]);
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

  it('does not call a switch to a device behind the rider (the old bike in a team car) a bike change', () => {
    const cores = seconds(0, 120, (s) =>
      core(s * 1_000, {
        riders: [1, 2, 3].map((bib) =>
          bib !== 2
            ? rider(bib)
            : s < 20
              ? rider(2, { distanceMeters: 50_000 + 12 * s })
              : rider(2, {
                  status: 'bike-change-suspected',
                  distanceMeters: 50_000 + 12 * s - 200,
                  speedKmh: s < 40 ? 3 : 43,
                }),
        ),
      }),
    );

    expect(replay(cores).events.filter((e) => e.kind === 'bike-change')).toEqual([]);
  });
});
