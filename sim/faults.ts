/**
 * Fault profiles: how far the telemetry departs from the truth. Every rate is a named parameter, so a test can
 * compare what the output shows with what was asked for, and a run can be made harsher one knob at a time.
 */

/** What can go wrong between a rider's true position and the relay, per device and per fix. */
export interface FaultProfile {
  /** Standard deviation of the GPS error on each horizontal axis, m (time-correlated, see `gpsNoiseCorrelation`). */
  readonly gpsNoiseMeters: number;
  /** Correlation of the GPS error from one second to the next (0 = white noise; real receivers drift slowly). */
  readonly gpsNoiseCorrelation: number;
  /** Chance that any single fix is lost on the radio, independent of everything else. */
  readonly dropoutRate: number;
  /** Chance per device-second that a burst of lost fixes starts (shade, radio holes). */
  readonly burstStartRate: number;
  /** Burst starts are this many times likelier above `mountainAltitudeMeters` (valleys and ridges block the mesh). */
  readonly mountainBurstFactor: number;
  /** Altitude above which a road counts as mountain for bursts, m. */
  readonly mountainAltitudeMeters: number;
  /** Shortest and longest burst, s. */
  readonly burstSeconds: readonly [min: number, max: number];
  /** Tunnels placed on the route, where every device loses its fixes. */
  readonly tunnelCount: number;
  /** Length of each tunnel, m. */
  readonly tunnelLengthMeters: number;
  /** Chance per device per stage that its tracker dies and never reports again. */
  readonly deathRate: number;
  /** Chance per device per stage that its tracker reboots once: it goes silent, then counts `seq` from 0 again. */
  readonly rebootRate: number;
  /** Shortest and longest silence of a reboot, s. */
  readonly rebootSeconds: readonly [min: number, max: number];
  /** Share of devices whose clock is off by a constant. */
  readonly skewedDeviceRate: number;
  /** Largest clock error of a skewed device, ms (either sign). */
  readonly maxSkewMillis: number;
  /** Chance that the mesh delivers a fix twice (the copy comes 1-5 s later). */
  readonly duplicateRate: number;
  /** Chance that the mesh holds a fix back, so it arrives after newer fixes of its device. */
  readonly reorderRate: number;
  /** Longest hold-back of a reordered fix, s (at least 2, so that it is overtaken). */
  readonly maxReorderDelaySeconds: number;
}

/** Names of the built-in profiles. */
export type FaultProfileName = 'none' | 'realistic' | 'harsh';

/** Perfect telemetry: every fix on the true position, delivered once, in order. */
const NONE: FaultProfile = {
  gpsNoiseMeters: 0,
  gpsNoiseCorrelation: 0,
  dropoutRate: 0,
  burstStartRate: 0,
  mountainBurstFactor: 1,
  mountainAltitudeMeters: 1_200,
  burstSeconds: [10, 60],
  tunnelCount: 0,
  tunnelLengthMeters: 0,
  deathRate: 0,
  rebootRate: 0,
  rebootSeconds: [30, 120],
  skewedDeviceRate: 0,
  maxSkewMillis: 0,
  duplicateRate: 0,
  reorderRate: 0,
  maxReorderDelaySeconds: 2,
};

/**
 * What the issue describes as a normal race day: 5 m GPS noise, 1.5 % random loss plus bursts (~1 % more),
 * one tunnel, ~99 % tracker reliability, a few skewed clocks, and the mesh's duplicates and reordering.
 */
const REALISTIC: FaultProfile = {
  gpsNoiseMeters: 5,
  gpsNoiseCorrelation: 0.9,
  dropoutRate: 0.015,
  burstStartRate: 1 / 3_600,
  mountainBurstFactor: 3,
  mountainAltitudeMeters: 1_200,
  burstSeconds: [10, 60],
  tunnelCount: 1,
  tunnelLengthMeters: 400,
  deathRate: 0.005,
  rebootRate: 0.005,
  rebootSeconds: [30, 120],
  skewedDeviceRate: 0.03,
  maxSkewMillis: 15_000,
  duplicateRate: 0.005,
  reorderRate: 0.01,
  maxReorderDelaySeconds: 8,
};

/** A bad day: everything several times worse, to test that the pipeline degrades gracefully. */
const HARSH: FaultProfile = {
  gpsNoiseMeters: 12,
  gpsNoiseCorrelation: 0.95,
  dropoutRate: 0.05,
  burstStartRate: 1 / 900,
  mountainBurstFactor: 4,
  mountainAltitudeMeters: 1_000,
  burstSeconds: [10, 120],
  tunnelCount: 3,
  tunnelLengthMeters: 800,
  deathRate: 0.03,
  rebootRate: 0.03,
  rebootSeconds: [30, 300],
  skewedDeviceRate: 0.1,
  maxSkewMillis: 60_000,
  duplicateRate: 0.03,
  reorderRate: 0.05,
  maxReorderDelaySeconds: 20,
};

/** The built-in profiles by name. */
export const FAULT_PROFILES: Readonly<Record<FaultProfileName, FaultProfile>> = {
  none: NONE,
  realistic: REALISTIC,
  harsh: HARSH,
};

/** The profile the CLI uses when none is named. */
export const DEFAULT_FAULT_PROFILE: FaultProfileName = 'realistic';

/** True when `name` is one of the built-in profiles. */
export function isFaultProfileName(name: string): name is FaultProfileName {
  return Object.hasOwn(FAULT_PROFILES, name);
}

/** What the simulator actually injected, counted as it went; tests compare these with the profile and the output. */
export interface FaultCounts {
  /** Device-seconds at which a tracker was alive and due to report. */
  fixesDue: number;
  /** Fixes lost to independent radio dropouts. */
  randomDropouts: number;
  /** Fixes lost inside bursts (shade, mountains). */
  burstDropouts: number;
  /** Fixes lost inside tunnels. */
  tunnelDropouts: number;
  /** Fixes not made because the tracker was rebooting or dead. */
  silentFixes: number;
  /** Fixes handed to the mesh (due minus all losses). */
  fixesSent: number;
  /** Extra copies the mesh delivered. */
  duplicates: number;
  /** Fixes the mesh held back so that newer fixes overtook them. */
  reordered: number;
  /** Trackers that died. */
  deaths: number;
  /** Trackers that rebooted (their `seq` restarts at 0). */
  reboots: number;
  /** Devices with a skewed clock. */
  skewedDevices: number;
  /** Devices that were tracked at all. */
  devices: number;
}

/** All counts at zero. */
export function emptyFaultCounts(): FaultCounts {
  return {
    fixesDue: 0,
    randomDropouts: 0,
    burstDropouts: 0,
    tunnelDropouts: 0,
    silentFixes: 0,
    fixesSent: 0,
    duplicates: 0,
    reordered: 0,
    deaths: 0,
    reboots: 0,
    skewedDevices: 0,
    devices: 0,
  };
}
