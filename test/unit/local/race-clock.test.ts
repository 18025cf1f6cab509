import { describe, expect, it } from 'vitest';
import { RaceClock } from '../../../local/race-clock';
import { RelayRaceClock } from '../../../local/relay-clock';

const START = Date.UTC(2022, 6, 8, 10, 10);

describe('RaceClock', () => {
  it('runs speed times faster than the wall clock from the race start, in whole ms', async () => {
    const clock = new RaceClock(START, 20);

    await new Promise((resolve) => setTimeout(resolve, 100));
    const elapsed = clock.now() - START;

    expect(Number.isInteger(clock.now())).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(100 * 20 - 20);
    expect(elapsed).toBeLessThan(2_000 * 20);
  });

  it('sleeps race ms as race ms ÷ speed of wall time', async () => {
    const clock = new RaceClock(START, 50);

    const t0 = performance.now();
    await clock.sleep(5_000);

    expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
    expect(clock.toWallMillis(5_000)).toBe(100);
  });
});

describe('RelayRaceClock', () => {
  it('reads the newest fed race second plus the wall time since, so frames show real delivery delays', async () => {
    const race = new RaceClock(START, 100);
    const relay = new RelayRaceClock(race);

    relay.fed(START + 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stamped = relay.now();

    // A plain race clock would be ~5 race seconds further on at 100x; the relay shows only the ~50 ms that passed.
    expect(stamped - (START + 1_000)).toBeGreaterThanOrEqual(40);
    expect(stamped - (START + 1_000)).toBeLessThan(1_000);
    expect(race.now() - stamped).toBeGreaterThan(1_000);
  });

  it('never runs ahead of the race clock and never goes backwards', () => {
    const race = new RaceClock(START, 1);
    const relay = new RelayRaceClock(race);

    relay.fed(START + 60_000);
    const capped = relay.now();
    relay.fed(START - 60_000);

    expect(capped).toBeLessThanOrEqual(race.now());
    expect(relay.now()).toBeGreaterThanOrEqual(capped);
  });
});
