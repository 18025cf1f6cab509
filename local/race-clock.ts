import { abortableSleep, type RelayClock } from '../edge/clock';
import { LocalOptionError } from './errors';

/**
 * The simulated race clock of a rehearsal: it reads `startRaceMs` when the rehearsal starts and runs `speed` times
 * faster than the wall clock, so at 10× one wall second is ten race seconds. The simulator paces its ticks on it,
 * the relay stamps frames (`sentAt`) with it, and freshness is read against it: a fix of race time t is as fresh
 * as `now() - t` race ms, which is `speed` times the wall-clock delay (see docs/local-rehearsal.md).
 */
export class RaceClock implements RelayClock {
  private wallStart: number;
  private wallEpochStart = Date.now();

  constructor(
    readonly startRaceMs: number,
    readonly speed: number,
    wallStart = performance.now(),
  ) {
    if (!(speed > 0)) throw new LocalOptionError(`speed must be > 0, received ${speed}`);
    this.wallStart = wallStart;
  }

  /** Restarts the clock at `startRaceMs` now (when the race actually starts, after the set-up). */
  restart(): void {
    this.wallStart = performance.now();
    this.wallEpochStart = Date.now();
  }

  /** Race time now, whole epoch ms (wire frames carry integer times). */
  now(): number {
    return Math.floor(this.startRaceMs + (performance.now() - this.wallStart) * this.speed);
  }

  /** Waits `raceMillis` of race time, i.e. `raceMillis / speed` wall ms; resolves early when `signal` aborts. */
  sleep(raceMillis: number, signal?: AbortSignal): Promise<void> {
    return wallSleep(raceMillis / this.speed, signal);
  }

  /** Waits until the race clock reads `raceMs` (at once if it already has). */
  async until(raceMs: number, signal?: AbortSignal): Promise<void> {
    // Timers may fire a millisecond early, which is `speed` race ms: wait again until the clock really reads it.
    while (this.now() < raceMs && !signal?.aborted) await this.sleep(Math.max(this.speed, raceMs - this.now()), signal);
  }

  /** Race time of a wall-clock instant (epoch ms), e.g. a Kinesis arrival timestamp. */
  atWall(wallEpochMs: number): number {
    return Math.floor(this.startRaceMs + (wallEpochMs - this.wallEpochStart) * this.speed);
  }

  /** Race milliseconds as wall milliseconds. */
  toWallMillis(raceMillis: number): number {
    return raceMillis / this.speed;
  }
}

/** A wall-clock sleep that an abort signal ends early, without error; resolves at once (no timer turn) for `millis` ≤ 0. */
export function wallSleep(millis: number, signal?: AbortSignal): Promise<void> {
  return millis <= 0 ? Promise.resolve() : abortableSleep(millis, signal);
}
