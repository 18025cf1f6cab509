import { createRaceState, frontGroupPassagesMs, raceEvents, type StageSnapshot } from '../../core/race/index';
import type { LoadedTour } from '../../core/tour-config/load';
import type { TruthSecond } from '../../sim/ground-truth';
import { comparableEngine, comparableTruth, type ComparableEvent } from './event-match';
import { addGroupAgreement, type PairCounts } from './group-agreement';
import { replaySimulatedStage } from './simulated-replay';
import { Samples } from './stats';
import { TruthClock } from './truth-clock';
import { TruthHead } from './truth-head';
import { TruthRaceEvents } from './truth-race-events';

/** Scoring starts this long after the start, s: speeds and passages need a few fixes first. */
const WARM_UP_SECONDS = 60;
/** Truth seconds kept to look up a rider's truth at the time of its (possibly late) fix, s. */
const TRUTH_MEMORY_SECONDS = 300;
/** Predictions are sampled this often, s (they change slowly; every second would weigh long stages heavier). */
const PREDICTION_EVERY_SECONDS = 60;

/** One prediction for a group, resolved against what happened to the rider at its head. */
export interface ResolvedPrediction {
  /** Predicted chance the group is caught before the line, or null when the engine makes no catch call. */
  readonly catchProbability: number | null;
  /** True when the truth has the group's head rider caught after the prediction. */
  readonly caught: boolean;
  /** Predicted − true finish time of the group's head rider, s; undefined when that rider did not finish. */
  readonly etaErrorSeconds: number | undefined;
  /** Distance still to ride when predicted, km. */
  readonly kmToGo: number;
}

/** What one simulated stage gave, ready to be scored and summed. */
export interface StageRun {
  readonly stage: number;
  readonly seed: number;
  readonly seconds: number;
  readonly fixes: number;
  readonly riders: number;
  readonly wallSeconds: number;
  /** Engine gap − true gap, s, of each scored rider-snapshot. */
  readonly gapErrors: Samples;
  /** Of the scored gaps, how many the published ± `gapUncertaintySeconds` covers (|engine − truth| ≤ it). */
  readonly gapCovered: { readonly covered: number; readonly n: number };
  /**
   * The gap error's two parts, s: the rider's position (the gap with the true head passage at the engine's distance,
   * against the true gap) and the head passage (the rest).
   */
  readonly gapErrorParts: { readonly position: Samples; readonly headPassage: Samples };
  /** The same errors split by the rider's true speed: below 30 km/h, 30–45 km/h, above 45 km/h. */
  readonly gapErrorsBySpeed: readonly [Samples, Samples, Samples];
  /** Engine distance − true distance at the fix's second, m (the measurement noise behind the gap error). */
  readonly distanceErrors: Samples;
  /** Engine head passage − true head passage, s, per 100 m mark (the head-of-race bias). */
  readonly headPassageErrors: Samples;
  readonly groupPairs: PairCounts;
  /**
   * Time trials: engine − true time lost at the same time check, s, and how often (of the scored instants) the
   * engine's virtual leader is the rider the truth has losing least at his latest check.
   */
  readonly timeTrial: { readonly gapErrors: Samples; readonly leaderAgree: number; readonly leaderSamples: number };
  readonly engineEvents: readonly ComparableEvent[];
  readonly truthEvents: readonly ComparableEvent[];
  readonly engineFinishOrder: readonly number[];
  /** True finish times by bib, epoch ms. */
  readonly truthFinishMs: ReadonlyMap<number, number>;
  /** Snapshot predictions sampled every minute, resolved against the truth; empty when the snapshot has none. */
  readonly predictions: readonly ResolvedPrediction[];
}

/** How to replay a stage. */
export interface ReplayOptions {
  readonly seed: number;
  /** Stop after this many simulated seconds. @default - the whole stage */
  readonly maxSeconds?: number;
  /** Score gaps and groups every this many seconds (snapshots and events are built every second). @default 5 */
  readonly scoreEverySeconds?: number;
}

/**
 * Simulates a real stage with the realistic fault profile and feeds its telemetry through the engine the way
 * production does (`replaySimulatedStage`): each second's frames in arrival order as one `applyFixes` batch, a
 * snapshot every second and the race events between consecutive snapshots. Scores against the simulator's ground
 * truth as it goes.
 */
export function replayStage(tour: LoadedTour, stageNumber: number, options: ReplayOptions): StageRun {
  const started = performance.now();
  const { config: stage, stage: engine, header, steps } = replaySimulatedStage(tour, stageNumber, options);
  const { route } = engine;
  const timeTrial = engine.timeTrial === true;
  const gcBefore = engine.gcBefore ?? [];
  const indexOf = new Map(header.riders.map((r, i) => [r.bib, i]));
  const scoreEvery = options.scoreEverySeconds ?? 5;
  const lengthKm = route.lengthMeters / 1_000;
  const truthHead = new TruthHead();
  const truthClock = new TruthClock(route.lengthMeters);
  const truthRaceEvents = new TruthRaceEvents(
    header.riders.map((r) => r.bib),
    route.lengthMeters,
    gcBefore,
    stage.finishBonusSeconds,
    timeTrial ? truthClock : undefined,
  );
  const timeTrialGapErrors = new Samples();
  let virtualLeaderAgree = 0;
  let virtualLeaderSamples = 0;
  const recentTruth = new Map<number, TruthSecond>();
  const gapErrors = new Samples();
  const gapCovered = { covered: 0, n: 0 };
  const gapErrorParts = { position: new Samples(), headPassage: new Samples() };
  const gapErrorsBySpeed: [Samples, Samples, Samples] = [new Samples(), new Samples(), new Samples()];
  const distanceErrors = new Samples();
  const groupPairs: PairCounts = { agree: 0, pairs: 0, split: 0, merged: 0 };
  const engineEvents: ComparableEvent[] = [];
  const truthEvents: ComparableEvent[] = [];
  const truthFinishMs = new Map<number, number>();
  const caughtMs = new Map<number, number[]>();
  const pending: { tMs: number; bib: number; p: number | null; etaMs: number; kmToGo: number }[] = [];
  let state = createRaceState(route);
  let last: StageSnapshot | undefined;
  let fixes = 0;
  let seconds = 0;
  for (const step of steps) {
    const { item: tick, snapshot } = step;
    state = step.state;
    last = snapshot;
    seconds++;
    truthHead.add(tick.truth);
    if (timeTrial) truthClock.add(tick.truth);
    recentTruth.set(tick.t, tick.truth);
    recentTruth.delete(tick.t - TRUTH_MEMORY_SECONDS * 1_000);
    for (const event of tick.events) {
      truthEvents.push(...comparableTruth(event));
      if (event.type === 'finish') {
        truthFinishMs.set(event.bib, event.t);
        truthRaceEvents.finished(event.bib);
      }
      if (event.type === 'caught')
        for (const bib of event.bibs) caughtMs.set(bib, [...(caughtMs.get(bib) ?? []), event.t]);
    }
    truthEvents.push(...truthRaceEvents.add(tick.truth, truthHead, truthFinishMs));
    fixes += step.batch.fixes.length;
    engineEvents.push(...raceEvents(step.previous, snapshot).map(comparableEngine));
    if (tick.second >= WARM_UP_SECONDS && tick.second % PREDICTION_EVERY_SECONDS === 0) {
      for (const p of snapshot.predictions ?? []) {
        const group = snapshot.groups[p.group];
        const bib = group?.riders[0];
        if (group === undefined || bib === undefined) continue;
        const kmToGo = (route.lengthMeters - group.distanceMeters) / 1_000;
        pending.push({ tMs: snapshot.tMs, bib, p: p.catchProbability, etaMs: p.finishEtaMs, kmToGo });
      }
    }
    if (tick.second < WARM_UP_SECONDS || tick.second % scoreEvery !== 0) continue;
    const engineGroup = new Array<number>(header.riders.length).fill(-1);
    let truthLeader: { bib: number; gap: number } | undefined;
    for (const rider of snapshot.riders) {
      const index = indexOf.get(rider.bib);
      const live = state.riders[String(rider.bib)];
      if (index === undefined || live === undefined) continue;
      engineGroup[index] = rider.group;
      const clockGap =
        rider.timeCheckMeters === undefined ? undefined : truthClock.gapSeconds(index, rider.timeCheckMeters);
      if (clockGap !== undefined) {
        timeTrialGapErrors.push(rider.timeTrialGapSeconds! - clockGap);
        if (truthLeader === undefined || clockGap < truthLeader.gap) truthLeader = { bib: rider.bib, gap: clockGap };
      }
      if (rider.status !== 'ok' || rider.finished) continue;
      const fixSecondMs = header.startMs + Math.round((live.tMs - header.startMs) / 1_000) * 1_000;
      const truth = recentTruth.get(fixSecondMs);
      const truthKm = truth?.km[index];
      if (truthKm === undefined || truthKm <= 0 || truthKm >= lengthKm) continue;
      const truthGap = truthHead.gapSeconds(truthKm, fixSecondMs);
      gapErrors.push(rider.gapSeconds - truthGap);
      gapCovered.n++;
      if (Math.abs(rider.gapSeconds - truthGap) <= rider.gapUncertaintySeconds) gapCovered.covered++;
      const positionGap = truthHead.gapSeconds(live.distanceMeters / 1_000, fixSecondMs);
      gapErrorParts.position.push(positionGap - truthGap);
      gapErrorParts.headPassage.push(rider.gapSeconds - positionGap);
      const kmh = truth?.speedKmh[index] ?? 0;
      gapErrorsBySpeed[kmh < 30 ? 0 : kmh < 45 ? 1 : 2].push(rider.gapSeconds - truthGap);
      distanceErrors.push(live.distanceMeters - truthKm * 1_000);
    }
    addGroupAgreement(groupPairs, engineGroup, tick.truth.group);
    // With no GC before the stage (tdf2022 has none) the virtual leader is the rider who lost least at his check.
    if (truthLeader !== undefined && gcBefore.length === 0) {
      virtualLeaderSamples++;
      if (snapshot.virtualYellowBib === truthLeader.bib) virtualLeaderAgree++;
    }
  }
  const headPassageErrors = new Samples();
  const step = state.passageStepMeters;
  frontGroupPassagesMs(state.headPassagesMs, state.secondPassagesMs, state.thirdPassagesMs, step).forEach((ms, k) => {
    const km = (k * state.passageStepMeters) / 1_000;
    if (ms === ms && k > 0 && km < lengthKm) headPassageErrors.push((ms - truthHead.passageMs(km)) / 1_000);
  });
  return {
    stage: stageNumber,
    seed: options.seed,
    seconds,
    fixes,
    riders: header.riders.length,
    wallSeconds: (performance.now() - started) / 1_000,
    gapErrors,
    gapCovered,
    gapErrorParts,
    gapErrorsBySpeed,
    distanceErrors,
    headPassageErrors,
    groupPairs,
    timeTrial: { gapErrors: timeTrialGapErrors, leaderAgree: virtualLeaderAgree, leaderSamples: virtualLeaderSamples },
    engineEvents,
    truthEvents,
    engineFinishOrder: last?.finishOrder ?? [],
    truthFinishMs,
    predictions: pending.map((p) => {
      const finish = truthFinishMs.get(p.bib);
      return {
        catchProbability: p.p,
        caught: (caughtMs.get(p.bib) ?? []).some((t) => t > p.tMs),
        etaErrorSeconds: finish === undefined ? undefined : (p.etaMs - finish) / 1_000,
        kmToGo: p.kmToGo,
      };
    }),
  };
}
