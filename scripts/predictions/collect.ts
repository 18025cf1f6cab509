import { climbMetersAhead, type CatchSituation, type PreparedRoute } from '../../lambdas/race/index';
import { withLead, leadTrendSecondsPerMinute } from '../../lambdas/race/events/breakaway';
import { simulateStage } from '../../sim/simulate-stage';
import type { StageInput } from '../../sim/stage-setup';

/**
 * Runs one simulated stage (ground truth only: no telemetry) and collects what the prediction models learn from:
 * breakaway situations every minute with whether (and where) the breakaway was caught, one-minute stretches of the
 * head of the race and of the peloton (for the pace-on-gradient model) and the finish-ETA checkpoints.
 */

/** A breakaway situation at one minute of a run, labelled with its outcome. */
export interface CatchSample {
  readonly situation: CatchSituation;
  readonly caught: boolean;
  /** Km to go at the catch (where the last breakaway riders were absorbed), when caught. */
  readonly kmToGoAtCatch: number | null;
}

/** A one-minute stretch: its duration (s) and the profile intervals it covered (km per interval gradient, %). */
export interface PaceStretch {
  readonly seconds: number;
  readonly fromMeters: number;
  readonly toMeters: number;
}

/** A moment to score the finish ETA: a group's head at `meters`, `tMs`; the finish time of that group's first rider. */
export interface EtaCheckpoint {
  readonly who: 'head' | 'peloton';
  readonly kmToGoMark: number;
  readonly tMs: number;
  readonly meters: number;
  /** Speed over the last 5 min, m/s (the naive baseline: remaining distance at that speed). */
  readonly recentSpeedMetersPerSecond: number;
  readonly finishMs: number;
}

/** What one run gives. */
export interface RunSamples {
  readonly catchSamples: CatchSample[];
  readonly stretches: PaceStretch[];
  readonly checkpoints: EtaCheckpoint[];
}

/** Situations are sampled this often, s. */
const SAMPLE_SECONDS = 60;
/** The first minutes (start, neutralised roll-out) are not used for the pace model, s. */
const SETTLE_SECONDS = 300;
/** ETA checkpoints, km to go. */
export const ETA_MARKS_KM = [50, 20, 10, 5] as const;
const STEP_METERS = 100;

/** When the head of the race passed `meters`, epoch ms, from the marks of first passage (linear between marks). */
function passageMs(marks: Float64Array, meters: number): number {
  const k = Math.floor(meters / STEP_METERS);
  const a = marks[k];
  const b = marks[k + 1];
  if (a === undefined || Number.isNaN(a)) return NaN;
  if (b === undefined || Number.isNaN(b)) return a;
  return a + ((meters - k * STEP_METERS) / STEP_METERS) * (b - a);
}

/** Simulates `input` with `seed` and `riders` riders and collects its samples. */
export function collectRun(input: StageInput, seed: number, riders: number): RunSamples {
  const route: PreparedRoute = input.route;
  const length = route.lengthMeters;
  const sim = simulateStage(input, { seed, telemetry: false, riderLimit: riders });
  const bibs = sim.header.riders.map((r) => r.bib);
  const marks = new Float64Array(Math.floor(length / STEP_METERS) + 2).fill(NaN);
  const situations: CatchSituation[] = [];
  const stretches: PaceStretch[] = [];
  const pending: (Omit<EtaCheckpoint, 'finishMs'> & { members: Set<number> })[] = [];
  const headHistory: [number, number][] = [];
  const pelotonHistory: [number, number][] = [];
  let leads: readonly (readonly [number, number])[] = [];
  let prevHead = 0;
  let prevT = 0;
  let lastCaughtKm: number | null = null;
  const finishMs = new Map<number, number>();
  const nextMark = { head: 0, peloton: 0 };
  let summary;
  for (;;) {
    const step = sim.ticks.next();
    if (step.done) {
      summary = step.value;
      break;
    }
    const { truth, second, t, events } = step.value;
    for (const e of events) {
      if (e.type === 'caught') lastCaughtKm = e.km;
      if (e.type === 'finish') finishMs.set(e.bib, e.t);
    }
    let head = 0;
    for (const km of truth.km) head = Math.max(head, km * 1_000);
    head = Math.min(head, length);
    if (head > prevHead && second > 0) {
      for (let k = Math.floor(prevHead / STEP_METERS) + 1; k * STEP_METERS <= head; k++) {
        if (Number.isNaN(marks[k]!))
          marks[k] = prevT + ((k * STEP_METERS - prevHead) / (head - prevHead)) * (t - prevT);
      }
    }
    prevHead = Math.max(prevHead, head);
    prevT = t;
    const front = truth.groups[0];
    const pelotonId = truth.groups.find((g) => g[1] === 'peloton')?.[0];
    let breakHead = -1;
    let pelotonHead = -1;
    const pelotonMembers = new Set<number>();
    truth.group.forEach((g, i) => {
      const m = truth.km[i]! * 1_000;
      if (front !== undefined && g === front[0]) breakHead = Math.max(breakHead, m);
      if (g === pelotonId) {
        pelotonHead = Math.max(pelotonHead, m);
        pelotonMembers.add(bibs[i]!);
      }
    });
    if (second % SAMPLE_SECONDS === 0) {
      headHistory.push([t, head]);
      if (pelotonHead >= 0) pelotonHistory.push([t, pelotonHead]);
    }
    const away = front !== undefined && front[1] === 'breakaway' && pelotonHead >= 0 && breakHead > pelotonHead;
    if (away) {
      const gapSeconds = (t - passageMs(marks, pelotonHead)) / 1_000;
      if (Number.isFinite(gapSeconds)) leads = withLead(leads, t, gapSeconds);
      if (second % SAMPLE_SECONDS === 0 && Number.isFinite(gapSeconds)) {
        situations.push({
          gapSeconds: Math.max(0, gapSeconds),
          gapTrendSecondsPerMinute: leadTrendSecondsPerMinute(leads),
          kmToGo: (length - breakHead) / 1_000,
          groupSize: front[2],
          climbMetersAhead: climbMetersAhead(route, breakHead),
        });
      }
    } else leads = [];
    for (const who of ['head', 'peloton'] as const) {
      const meters = who === 'head' ? head : pelotonHead;
      const mark = ETA_MARKS_KM[nextMark[who]];
      if (mark === undefined || meters < 0 || length - meters > mark * 1_000) continue;
      nextMark[who]++;
      const history = who === 'head' ? headHistory : pelotonHistory;
      const old = history[Math.max(0, history.length - 6)];
      const speed = old === undefined || t <= old[0] ? 0 : (meters - old[1]) / ((t - old[0]) / 1_000);
      const members = who === 'head' ? new Set(bibs) : pelotonMembers;
      pending.push({ who, kmToGoMark: mark, tMs: t, meters, recentSpeedMetersPerSecond: speed, members });
    }
  }
  for (const history of [headHistory, pelotonHistory]) {
    for (let i = 1; i < history.length; i++) {
      const [t0, m0] = history[i - 1]!;
      const [t1, m1] = history[i]!;
      if (t0 - sim.header.startMs < SETTLE_SECONDS * 1_000 || m1 >= length || m1 - m0 < 200) continue;
      stretches.push({ seconds: (t1 - t0) / 1_000, fromMeters: m0, toMeters: m1 });
    }
  }
  const checkpoints: EtaCheckpoint[] = [];
  for (const { members, ...c } of pending) {
    let first = Infinity;
    for (const bib of members) first = Math.min(first, finishMs.get(bib) ?? Infinity);
    if (Number.isFinite(first)) checkpoints.push({ ...c, finishMs: first });
  }
  const succeeded = summary.breakawaySucceeded;
  if (succeeded === null) return { catchSamples: [], stretches, checkpoints };
  const length_km = length / 1_000;
  const catchSamples = situations.map((situation) => ({
    situation,
    caught: !succeeded,
    kmToGoAtCatch: !succeeded && lastCaughtKm !== null ? Math.max(0, length_km - lastCaughtKm) : null,
  }));
  return { catchSamples, stretches, checkpoints };
}
