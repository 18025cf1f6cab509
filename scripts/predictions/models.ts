import { catchKmToGo, catchProbability, secondsToFinish, type PreparedRoute } from '../../lambdas/race/index';
import { catchFeatures, catchKmFeatures } from '../../lambdas/race/predictions/catch-model';
import type { CatchSample, EtaCheckpoint, PaceStretch } from './collect';
import { leastSquares, logisticRegression } from './linear-algebra';

/** Fits and scores the three prediction models on collected samples; the features come from the engine itself. */

/** A run's samples with the route they were ridden on. */
export interface LabelledRun {
  readonly route: PreparedRoute;
  readonly stageType: string;
  readonly catchSamples: readonly CatchSample[];
  readonly stretches: readonly PaceStretch[];
  readonly checkpoints: readonly EtaCheckpoint[];
}

/** Pace features of a stretch: Σ over the profile intervals it covers of km × [1, g⁺, (g⁺)², g⁻]. */
export function paceFeatures(route: PreparedRoute, from: number, to: number): number[] {
  const step = route.profileStepMeters;
  const grad = route.profileGradientPercent;
  const f = [0, 0, 0, 0];
  for (let k = Math.floor(from / step); k * step < to && k < grad.length; k++) {
    const km = (Math.min(to, (k + 1) * step) - Math.max(from, k * step)) / 1_000;
    const g = grad[k]!;
    const up = Math.max(g, 0);
    f[0]! += km;
    f[1]! += km * up;
    f[2]! += km * up * up;
    f[3]! += km * Math.min(g, 0);
  }
  return f;
}

/** Pace coefficients (s/km) minimising the squared error of each stretch's riding time. */
export function fitPace(runs: readonly LabelledRun[]): number[] {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const run of runs) {
    for (const s of run.stretches) {
      xs.push(paceFeatures(run.route, s.fromMeters, s.toMeters));
      ys.push(s.seconds);
    }
  }
  // No bias column here: every feature scales with distance, so column 0 (km) is the base pace.
  return leastSquares(xs, ys, 0);
}

/** Logistic weights for P(caught). */
export function fitCatchLogit(runs: readonly LabelledRun[]): number[] {
  const samples = runs.flatMap((r) => r.catchSamples);
  return logisticRegression(
    samples.map((s) => catchFeatures(s.situation)),
    samples.map((s) => (s.caught ? 1 : 0)),
  );
}

/** Linear weights for the km to go at the catch (on caught breakaways only; target in units of 100 km). */
export function fitCatchKm(runs: readonly LabelledRun[]): number[] {
  const samples = runs.flatMap((r) => r.catchSamples).filter((s) => s.kmToGoAtCatch !== null);
  return leastSquares(
    samples.map((s) => catchKmFeatures(s.situation)),
    samples.map((s) => s.kmToGoAtCatch! / 100),
    1e-4,
  );
}

/** Held-out scores of the catch model, overall and per km-to-go band. */
export interface CatchScores {
  readonly band: string;
  readonly samples: number;
  readonly brier: number;
  /** Brier score of always predicting the training catch rate. */
  readonly baselineBrier: number;
  readonly caughtSamples: number;
  /** Mean absolute error of the catch km (caught breakaways), km. */
  readonly catchKmMae: number;
  /** Same, predicting the training mean km to go at the catch. */
  readonly baselineCatchKmMae: number;
}

const BANDS: readonly [string, number, number][] = [
  ['all', 0, Infinity],
  ['> 100 km to go', 100, Infinity],
  ['50–100 km', 50, 100],
  ['20–50 km', 20, 50],
  ['< 20 km', 0, 20],
];

/** Scores the catch model on held-out runs. */
export function scoreCatch(
  test: readonly LabelledRun[],
  train: readonly LabelledRun[],
  logit: readonly number[],
  kmWeights: readonly number[],
): CatchScores[] {
  const trainSamples = train.flatMap((r) => r.catchSamples);
  const rate = trainSamples.filter((s) => s.caught).length / Math.max(1, trainSamples.length);
  const trainCaught = trainSamples.filter((s) => s.kmToGoAtCatch !== null);
  const meanKmToGo = trainCaught.reduce((n, s) => n + s.kmToGoAtCatch!, 0) / Math.max(1, trainCaught.length);
  const samples = test.flatMap((r) => r.catchSamples);
  return BANDS.map(([band, lo, hi]) => {
    const inBand = samples.filter((s) => s.situation.kmToGo >= lo && s.situation.kmToGo < hi);
    let brier = 0;
    let baseline = 0;
    let kmError = 0;
    let baselineKmError = 0;
    let caught = 0;
    for (const s of inBand) {
      const y = s.caught ? 1 : 0;
      brier += (catchProbability(s.situation, logit) - y) ** 2;
      baseline += (rate - y) ** 2;
      if (s.kmToGoAtCatch === null) continue;
      caught++;
      kmError += Math.abs(catchKmToGo(s.situation, kmWeights) - s.kmToGoAtCatch);
      baselineKmError += Math.abs(Math.min(meanKmToGo, s.situation.kmToGo) - s.kmToGoAtCatch);
    }
    const n = Math.max(1, inBand.length);
    return {
      band,
      samples: inBand.length,
      brier: brier / n,
      baselineBrier: baseline / n,
      caughtSamples: caught,
      catchKmMae: kmError / Math.max(1, caught),
      baselineCatchKmMae: baselineKmError / Math.max(1, caught),
    };
  });
}

/** Held-out ETA error at one km-to-go mark. */
export interface EtaScores {
  readonly who: 'head' | 'peloton';
  readonly kmToGo: number;
  readonly checkpoints: number;
  /** Mean absolute error of the profile model, s. */
  readonly maeSeconds: number;
  /** Mean signed error (predicted − real), s. */
  readonly biasSeconds: number;
  /** MAE of the naive baseline: remaining distance at the last 5 minutes' speed, s. */
  readonly baselineMaeSeconds: number;
}

/** Scores the finish ETA on held-out runs at each checkpoint mark. */
export function scoreEta(test: readonly LabelledRun[], pace: readonly number[], marks: readonly number[]): EtaScores[] {
  const out: EtaScores[] = [];
  for (const who of ['head', 'peloton'] as const) {
    for (const mark of marks) {
      let abs = 0;
      let signed = 0;
      let base = 0;
      let n = 0;
      for (const run of test) {
        for (const c of run.checkpoints) {
          if (c.who !== who || c.kmToGoMark !== mark) continue;
          const predicted = c.tMs + secondsToFinish(run.route, c.meters, pace) * 1_000;
          const naive =
            c.tMs + ((run.route.lengthMeters - c.meters) / Math.max(c.recentSpeedMetersPerSecond, 1)) * 1_000;
          abs += Math.abs(predicted - c.finishMs) / 1_000;
          signed += (predicted - c.finishMs) / 1_000;
          base += Math.abs(naive - c.finishMs) / 1_000;
          n++;
        }
      }
      const d = Math.max(1, n);
      out.push({
        who,
        kmToGo: mark,
        checkpoints: n,
        maeSeconds: abs / d,
        biasSeconds: signed / d,
        baselineMaeSeconds: base / d,
      });
    }
  }
  return out;
}
