import type { FaultCounts } from './faults';
import type { RacePlan } from './race-dynamics';
import type { GroupKind, RiderState } from './race-state';
import type { RiderRole } from './riders';
import type { TrackerFault, Tunnel } from './telemetry';

/**
 * Ground truth: what really happened in a simulated stage, written beside the telemetry (one JSON object per line)
 * so that later tools can score the pipeline against it. Times are epoch ms; distances km from the start line.
 */

/** First line: who and what was simulated, and how the devices map to riders and vehicles. */
export interface TruthHeader {
  readonly type: 'header';
  readonly tour: string;
  readonly stage: number;
  readonly seed: number;
  readonly faultProfile: string;
  readonly startMs: number;
  readonly routeLengthKm: number;
  readonly timeTrial: boolean;
  /** Riders in the order of every per-second array. */
  readonly riders: readonly { bib: number; name: string; team: string; role: RiderRole; devices: readonly string[] }[];
  /** Vehicles in the order of `vehicleKm`. */
  readonly vehicles: readonly { id: string; kind: string; device: string | null }[];
  readonly plan: RacePlan;
  readonly tunnels: readonly Tunnel[];
}

/** One line per second: every rider's true km, speed and group, and every vehicle's km. */
export interface TruthSecond {
  readonly type: 'second';
  readonly t: number;
  /** Per rider (header order), true distance from the start, km (3 decimals). */
  readonly km: readonly number[];
  /** Per rider, true speed, km/h (1 decimal). */
  readonly speedKmh: readonly number[];
  /** Per rider, group id, or -1 when not in a group (waiting, stopped, finished). */
  readonly group: readonly number[];
  /** Groups on the road, front first: [id, kind, size]. */
  readonly groups: readonly (readonly [number, GroupKind, number])[];
  /** Per vehicle (header order), km. */
  readonly vehicleKm: readonly number[];
}

/** A passage of a line: intermediate sprint, KOM summit, or the finish line on a finishing circuit. */
export type PassageKind = 'sprint' | 'kom' | 'lap';

/** Something that happened in the race, at time `t` and distance `km` of the riders involved. */
export type TruthEvent =
  | { readonly type: 'breakaway-formed'; readonly t: number; readonly km: number; readonly bibs: readonly number[] }
  | { readonly type: 'caught'; readonly t: number; readonly km: number; readonly bibs: readonly number[] }
  | { readonly type: 'attack'; readonly t: number; readonly km: number; readonly bib: number }
  | { readonly type: 'grupetto-formed'; readonly t: number; readonly km: number; readonly bibs: readonly number[] }
  | {
      readonly type: 'crash';
      readonly t: number;
      readonly km: number;
      readonly bibs: readonly number[];
      readonly stopSeconds: readonly number[];
    }
  | {
      readonly type: 'mechanical';
      readonly t: number;
      readonly km: number;
      readonly bib: number;
      readonly stopSeconds: number;
    }
  | {
      readonly type: 'device-swap';
      readonly t: number;
      readonly km: number;
      readonly bib: number;
      readonly fromDevice: string;
      readonly toDevice: string;
    }
  | {
      readonly type: 'passage';
      readonly kind: PassageKind;
      readonly name: string;
      readonly km: number;
      /** Every rider who passed, in order, with the time of passing. */
      readonly order: readonly { bib: number; t: number }[];
    }
  | {
      readonly type: 'finish';
      readonly t: number;
      readonly bib: number;
      /** Nth rider across the line (in a time trial this is not the result: see the summary). */
      readonly order: number;
      readonly timeSeconds: number;
    };

/** A rider's result: own stage time (from their own start in a time trial), s. */
export interface FinishResult {
  readonly bib: number;
  readonly rank: number;
  readonly t: number;
  readonly timeSeconds: number;
}

/** Last line: results and the faults actually injected. */
export interface TruthSummary {
  readonly type: 'summary';
  readonly seconds: number;
  readonly finish: readonly FinishResult[];
  /** Riders who had not finished when the simulation stopped. */
  readonly notFinished: readonly number[];
  readonly breakawaySucceeded: boolean | null;
  readonly faults: FaultCounts;
  /** Each tracker death, reboot and clock skew, with its second of the stage. */
  readonly trackerFaults: readonly TrackerFault[];
  readonly framesSent: number;
}

/** One line of the ground-truth file. */
export type TruthLine = TruthHeader | TruthSecond | TruthEvent | TruthSummary;

/** A line the riders cross: where, and who passed when. */
interface Checkpoint {
  readonly kind: PassageKind;
  readonly name: string;
  readonly meters: number;
  readonly order: { bib: number; t: number }[];
}

/** Records the order and time in which riders pass sprint lines, KOM summits and circuit finish lines. */
export class PassageRecorder {
  private readonly checkpoints: Checkpoint[];
  private readonly done = new Set<Checkpoint>();

  constructor(
    lines: readonly { kind: PassageKind; name: string; meters: number }[],
    private readonly riderCount: number,
  ) {
    this.checkpoints = lines.map((l) => ({ ...l, order: [] })).sort((a, b) => a.meters - b.meters);
  }

  /** Notes each line a rider crossed between `fromMeters` and `toMeters` during the second ending at `tMs`. */
  record(rider: RiderState, fromMeters: number, toMeters: number, tMs: number): void {
    if (toMeters <= fromMeters) return;
    for (const cp of this.checkpoints) {
      if (cp.meters <= fromMeters || cp.meters > toMeters) continue;
      const fraction = (cp.meters - fromMeters) / (toMeters - fromMeters);
      cp.order.push({ bib: rider.profile.bib, t: Math.round(tMs - 1_000 + fraction * 1_000) });
    }
  }

  /** Passage events for lines every rider has now passed (each reported once). */
  completed(): TruthEvent[] {
    return this.checkpoints
      .filter((cp) => !this.done.has(cp) && cp.order.length >= this.riderCount)
      .map((cp) => this.event(cp));
  }

  /** Passage events for the lines not yet reported, with the riders who did pass. */
  remaining(): TruthEvent[] {
    return this.checkpoints.filter((cp) => !this.done.has(cp)).map((cp) => this.event(cp));
  }

  private event(cp: Checkpoint): TruthEvent {
    this.done.add(cp);
    const order = [...cp.order].sort((a, b) => a.t - b.t || a.bib - b.bib);
    return { type: 'passage', kind: cp.kind, name: cp.name, km: round(cp.meters / 1_000, 1e3), order };
  }
}

/** Rounds to a power of ten given as `factor` (1e3 = three decimals). */
export function round(value: number, factor: number): number {
  return Math.round(value * factor) / factor;
}
