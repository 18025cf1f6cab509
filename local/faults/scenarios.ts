import type { RaceDynamicsOptions } from '../../sim/race-dynamics';
import { DEFAULT_RACE_DYNAMICS } from '../../sim/race-dynamics';
import type { AwsFaultProxy } from './aws-fault-proxy';
import type { MeshFault } from './mesh-faults';
import type { ProcessKiller } from './process-faults';
import type { StoreThrottle } from './store-throttling';

/** What a scenario's timeline can reach while the stage runs. */
export interface FaultControls {
  /** The relay's uplink to Kinesis. */
  readonly uplink: AwsFaultProxy;
  /** Store throttling on the processor's and the aggregator's AWS calls. */
  readonly throttle: StoreThrottle;
  readonly killer: ProcessKiller;
  /** Puts raw records on the ingest stream, bypassing the relay (a buggy or hostile producer with the role). */
  putRawRecords(records: readonly string[]): Promise<void>;
}

/** One step of a scenario, at a race second counted from the first simulated second. */
export interface TimelineStep {
  readonly atSecond: number;
  readonly what: string;
  readonly run: (controls: FaultControls) => void | Promise<void>;
}

/** One fault, injected into an otherwise clean stage. */
export interface FaultScenario {
  readonly name: string;
  /** What happens, for the report. */
  readonly description: string;
  readonly mesh: MeshFault;
  readonly timeline: readonly TimelineStep[];
  /** Race script changes on top of the suite's (the device swap needs a mechanical). */
  readonly dynamics?: Partial<RaceDynamicsOptions>;
}

/** How big a run is. */
export interface FaultProfile {
  readonly name: 'quick' | 'full';
  /** Riders simulated (the whole convoy of vehicles always rides along). */
  readonly riders: number;
  /** Race seconds simulated per scenario. */
  readonly seconds: number;
  /** Race seconds per wall second. */
  readonly speed: number;
}

/** The quick profile runs in CI: the ten scenarios in about six minutes; the full one has a bigger field. */
export const FAULT_PROFILES: Readonly<Record<FaultProfile['name'], FaultProfile>> = {
  quick: { name: 'quick', riders: 10, seconds: 840, speed: 40 },
  full: { name: 'full', riders: 40, seconds: 1_500, speed: 15 },
};

/** tdf2022 stage 3 (Vejle → Sønderborg, flat): the neutral start ends ~7 min in, so the race script is moved early. */
export const FAULT_SUITE_STAGE = 3;

/**
 * Every scenario's race: a breakaway and a crash within the window, so there are events to lose or repeat. No
 * mechanical (and so no bike change) except where the scenario asks for one.
 */
export const FAULT_SUITE_DYNAMICS: Partial<RaceDynamicsOptions> = {
  breakawayKm: [3, 4],
  breakawaySize: [2, 3],
  crash: { ...DEFAULT_RACE_DYNAMICS.crash, chance: 1, atKm: [5, 6] },
  mechanical: { ...DEFAULT_RACE_DYNAMICS.mechanical, chance: 0 },
};

/** Outage window: 10 minutes of race, from the third minute. */
const OUTAGE = { from: 180, to: 780 } as const;

/** The scenarios of the issue, in order; `baseline` has no fault and shows what the others are measured against. */
export function faultScenarios(profile: FaultProfile): FaultScenario[] {
  const end = profile.seconds;
  return [
    { name: 'baseline', description: 'no fault', mesh: { kind: 'none' }, timeline: [] },
    {
      name: 'uplink-outage',
      description: 'uplink down for 10 min; the relay spools and drains',
      mesh: { kind: 'none' },
      timeline: [
        { atSecond: OUTAGE.from, what: 'uplink cut', run: (c) => c.uplink.cut() },
        { atSecond: OUTAGE.to, what: 'uplink back', run: (c) => c.uplink.restore() },
      ],
    },
    {
      name: 'duplicate-storm',
      description: 'every frame 3× (copies 1 s and 5 s late)',
      mesh: { kind: 'duplicate-storm', copies: 3 },
      timeline: [],
    },
    {
      name: 'out-of-order',
      description: '30 % of frames held back 2–20 s',
      mesh: { kind: 'out-of-order', share: 0.3, maxDelaySeconds: 20 },
      timeline: [],
    },
    {
      name: 'clock-skew',
      description: 'every 3rd tracker clock ±30 s',
      mesh: { kind: 'clock-skew', every: 3, skewMillis: 30_000 },
      timeline: [],
    },
    {
      name: 'device-swap',
      description: 'a mechanical at km 2–3: the rider takes the spare bike',
      mesh: { kind: 'none' },
      timeline: [],
      dynamics: { mechanical: { ...DEFAULT_RACE_DYNAMICS.mechanical, chance: 1, atKm: [2, 3] } },
    },
    {
      name: 'malformed-frames',
      description: 'a fuzzed line every 20 s at the relay; 4 raw bad records ×3 on the stream',
      mesh: { kind: 'malformed', everySeconds: 20 },
      timeline: [120, 360, 600].map((atSecond) => ({
        atSecond,
        what: 'bad records put on the stream',
        run: (c: FaultControls) => c.putRawRecords(rawBadRecords(atSecond)),
      })),
    },
    {
      name: 'store-throttling',
      description: '25 % of DynamoDB and Timestream calls throttled for most of the stage',
      mesh: { kind: 'none' },
      timeline: [
        { atSecond: 60, what: 'throttling on', run: (c) => void (c.throttle.on = true) },
        { atSecond: end - 120, what: 'throttling off', run: (c) => void (c.throttle.on = false) },
      ],
    },
    {
      name: 'processor-killed',
      description: 'the processor process killed mid-batch, 3 times',
      mesh: { kind: 'none' },
      timeline: [200, 420, 640].map((atSecond, i) => ({
        atSecond,
        what: 'processor kill armed',
        run: (c: FaultControls) => c.killer.arm('processor', 2 + i),
      })),
    },
    {
      name: 'aggregator-restart',
      description: 'the aggregator process killed mid-invocation and cold-started, 3 times',
      mesh: { kind: 'none' },
      timeline: [240, 460, 680].map((atSecond, i) => ({
        atSecond,
        what: 'aggregator kill armed',
        run: (c: FaultControls) => c.killer.arm('aggregator', 1 + i),
      })),
    },
  ];
}

/** Records no tracker could send: garbage, truncated JSON, wrong types, and a frame with 5,000 fixes. */
export function rawBadRecords(seed: number): string[] {
  const frame = {
    v: 1,
    gateway: 'hostile-producer',
    sentAt: 1_656_840_000_000 + seed,
    fixes: [{ device: 'TRK-1-A', seq: seed, t: 1_656_840_000_000 + seed, lat: 55.7, lon: 9.5 }],
  };
  const json = JSON.stringify(frame);
  return [
    `\u0000\u00ff garbage ${seed} \u0007`,
    json.slice(0, json.length - 7),
    JSON.stringify({ ...frame, fixes: [{ ...frame.fixes[0], lat: 'north', seq: -1 }] }),
    JSON.stringify({ ...frame, fixes: Array.from({ length: 5_000 }, (_, i) => ({ ...frame.fixes[0], seq: i })) }),
  ];
}
