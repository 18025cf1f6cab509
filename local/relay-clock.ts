import type { RelayClock } from '../edge/clock';
import type { RaceClock } from './race-clock';

/**
 * The edge relay's clock in an accelerated rehearsal: the race time of the newest second fed to the relay, plus the
 * wall time since (never past the race clock, never backwards). At N× a plain race clock would stamp frames
 * (`sentAt`) with N times the real delivery delay, and the engine's clock-skew detection (a tracker whose fixes always
 * arrive > 3 s late is corrected) would then "correct" healthy trackers. With this clock, the newest fix of a frame
 * shows the delay it really had on this machine, as in the truck; waits still run on the race clock.
 */
export class RelayRaceClock implements RelayClock {
  private lastFedRaceMs: number | undefined;
  private fedAtWall = 0;
  private lastReturned = -Infinity;

  constructor(private readonly race: RaceClock) {}

  /** Notes that the fixes of race time `raceMs` were just handed to the relay. */
  fed(raceMs: number): void {
    this.lastFedRaceMs = raceMs;
    this.fedAtWall = performance.now();
  }

  now(): number {
    const raceNow = this.race.now();
    const candidate =
      this.lastFedRaceMs === undefined
        ? raceNow
        : Math.min(raceNow, Math.floor(this.lastFedRaceMs + (performance.now() - this.fedAtWall)));
    this.lastReturned = Math.max(this.lastReturned, candidate);
    return this.lastReturned;
  }

  sleep(raceMillis: number, signal?: AbortSignal): Promise<void> {
    return this.race.sleep(raceMillis, signal);
  }
}
