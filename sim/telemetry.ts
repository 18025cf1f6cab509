import type { WireFix } from '../core/wire/wire-frame';
import type { FaultCounts, FaultProfile } from './faults';
import type { Rng } from './random';

/** Where a device truly is this second; the tracker turns it into a (noisy, maybe missing) fix. */
export interface TruePosition {
  readonly lat: number;
  readonly lon: number;
  /** Altitude, m. */
  readonly alt: number;
  /** Distance along the route, m (tunnels are placed by distance). */
  readonly distanceMeters: number;
}

/** A stretch of the route where every tracker loses its fixes, m from the start. */
export interface Tunnel {
  readonly fromMeters: number;
  readonly toMeters: number;
}

/** One tracker's fate for the stage, drawn up front from the seed. */
interface TrackerState {
  readonly device: string;
  seq: number;
  /** Second of the stage at which the tracker dies (never reports again), or -1. */
  readonly deathSecond: number;
  /** Second at which a reboot starts, or -1. */
  readonly rebootSecond: number;
  /** Second at which the rebooted tracker reports again (seq from 0). */
  readonly rebootEndSecond: number;
  readonly skewMillis: number;
  burstUntilSecond: number;
  noiseEastMeters: number;
  noiseNorthMeters: number;
  readonly batteryStart: number;
  /** Battery drain, % per second. */
  readonly batteryDrain: number;
  readonly hdopBase: number;
}

/** A tracker failure the fleet injected: ground truth for scoring how the pipeline copes. */
export type TrackerFault =
  | { readonly device: string; readonly kind: 'death'; readonly second: number }
  | { readonly device: string; readonly kind: 'reboot'; readonly second: number; readonly untilSecond: number }
  | { readonly device: string; readonly kind: 'skew'; readonly skewMillis: number };

/** Metres per degree of latitude and longitude at the stage (from the route's ruler). */
export interface MetresPerDegree {
  readonly kx: number;
  readonly ky: number;
}

/**
 * The trackers of one stage: turns true positions into 1 Hz fixes with GPS noise, dropouts, bursts, tunnels,
 * dead and rebooting trackers and skewed clocks, as the fault profile says. Counts every fault it injects.
 */
export class TrackerFleet {
  private readonly trackers = new Map<string, TrackerState>();
  readonly counts: FaultCounts;
  /** Every death, reboot and clock skew drawn so far, in the order the trackers were switched on. */
  readonly faults: TrackerFault[] = [];

  constructor(
    private readonly profile: FaultProfile,
    private readonly rng: Rng,
    private readonly scale: MetresPerDegree,
    private readonly startMs: number,
    /** The seconds over which deaths and reboots are spread (the stage's expected duration). */
    private readonly horizonSeconds: number,
    readonly tunnels: readonly Tunnel[],
    counts: FaultCounts,
  ) {
    this.counts = counts;
  }

  /** Registers a tracker the first time it is powered on, and draws its fate. */
  private tracker(device: string, second: number): TrackerState {
    const known = this.trackers.get(device);
    if (known) return known;
    const { profile, rng } = this;
    const remaining = Math.max(1, this.horizonSeconds - second);
    const dies = rng.chance(profile.deathRate);
    const reboots = rng.chance(profile.rebootRate);
    const skewed = rng.chance(profile.skewedDeviceRate);
    const rebootSecond = reboots ? second + rng.int(0, remaining) : -1;
    const state: TrackerState = {
      device,
      seq: 0,
      deathSecond: dies ? second + rng.int(0, remaining) : -1,
      rebootSecond,
      rebootEndSecond: reboots ? rebootSecond + rng.int(profile.rebootSeconds[0], profile.rebootSeconds[1]) : -1,
      skewMillis: skewed ? Math.round(rng.between(-1, 1) * profile.maxSkewMillis) : 0,
      burstUntilSecond: -1,
      noiseEastMeters: profile.gpsNoiseMeters * rng.normal(),
      noiseNorthMeters: profile.gpsNoiseMeters * rng.normal(),
      batteryStart: rng.between(85, 100),
      batteryDrain: rng.between(2.5, 4) / 3_600,
      hdopBase: rng.between(0.7, 1.2),
    };
    this.counts.devices++;
    if (dies) {
      this.counts.deaths++;
      this.faults.push({ device, kind: 'death', second: state.deathSecond });
    }
    if (reboots) {
      this.counts.reboots++;
      this.faults.push({ device, kind: 'reboot', second: state.rebootSecond, untilSecond: state.rebootEndSecond });
    }
    if (skewed) {
      this.counts.skewedDevices++;
      this.faults.push({ device, kind: 'skew', skewMillis: state.skewMillis });
    }
    this.trackers.set(device, state);
    return state;
  }

  /**
   * The fix a powered-on tracker sends this second, or null when it sends none (dead, rebooting, lost).
   * A fix lost on the radio still used up its `seq`, as on a real tracker; a silent tracker makes no fix at all.
   */
  fix(device: string, second: number, truth: TruePosition): WireFix | null {
    const tracker = this.tracker(device, second);
    const { profile, rng, counts } = this;
    if (tracker.deathSecond >= 0 && second >= tracker.deathSecond) return this.silent();
    if (tracker.rebootSecond >= 0 && second >= tracker.rebootSecond && second < tracker.rebootEndSecond) {
      tracker.seq = 0;
      return this.silent();
    }
    counts.fixesDue++;
    const seq = tracker.seq++;
    this.driftNoise(tracker);
    const mountain = truth.alt > profile.mountainAltitudeMeters;
    if (second < tracker.burstUntilSecond) {
      counts.burstDropouts++;
      return null;
    }
    if (rng.chance(profile.burstStartRate * (mountain ? profile.mountainBurstFactor : 1))) {
      tracker.burstUntilSecond = second + rng.int(profile.burstSeconds[0], profile.burstSeconds[1]);
      counts.burstDropouts++;
      return null;
    }
    if (this.inTunnel(truth.distanceMeters)) {
      counts.tunnelDropouts++;
      return null;
    }
    if (rng.chance(profile.dropoutRate)) {
      counts.randomDropouts++;
      return null;
    }
    counts.fixesSent++;
    const hdop = tracker.hdopBase * (mountain ? 1.8 : 1) + 0.3 * Math.abs(rng.normal());
    return {
      device: tracker.device,
      seq,
      t: this.startMs + second * 1_000 + tracker.skewMillis,
      lat: round(truth.lat + tracker.noiseNorthMeters / this.scale.ky, 1e6),
      lon: round(truth.lon + tracker.noiseEastMeters / this.scale.kx, 1e6),
      alt: round(truth.alt + 1.5 * tracker.noiseNorthMeters, 10),
      hdop: round(hdop, 10),
      battery: Math.max(0, Math.round(tracker.batteryStart - tracker.batteryDrain * second)),
    };
  }

  private silent(): null {
    this.counts.silentFixes++;
    return null;
  }

  /** AR(1) noise: stays at `gpsNoiseMeters` standard deviation while drifting slowly, as GPS error does. */
  private driftNoise(tracker: TrackerState): void {
    const { gpsNoiseMeters: sd, gpsNoiseCorrelation: rho } = this.profile;
    if (sd === 0) return;
    const fresh = sd * Math.sqrt(1 - rho * rho);
    tracker.noiseEastMeters = rho * tracker.noiseEastMeters + fresh * this.rng.normal();
    tracker.noiseNorthMeters = rho * tracker.noiseNorthMeters + fresh * this.rng.normal();
  }

  private inTunnel(distanceMeters: number): boolean {
    for (const tunnel of this.tunnels) {
      if (distanceMeters >= tunnel.fromMeters && distanceMeters < tunnel.toMeters) return true;
    }
    return false;
  }
}

/** Places the profile's tunnels at seeded spots of the route, away from the start and finish. */
export function placeTunnels(profile: FaultProfile, routeLengthMeters: number, rng: Rng): Tunnel[] {
  const tunnels: Tunnel[] = [];
  for (let i = 0; i < profile.tunnelCount; i++) {
    const from = rng.between(0.1, 0.9) * routeLengthMeters;
    tunnels.push({ fromMeters: from, toMeters: Math.min(routeLengthMeters, from + profile.tunnelLengthMeters) });
  }
  return tunnels.sort((a, b) => a.fromMeters - b.fromMeters);
}

function round(value: number, factor: number): number {
  return Math.round(value * factor) / factor;
}
