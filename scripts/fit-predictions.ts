/**
 * Fits the engine's prediction models on simulated stages and scores them on held-out seeds; writes the fitted
 * coefficients to lambdas/race/predictions/coefficients.ts and prints the results (docs/predictions.md).
 * Run: npm run fit:predictions [-- --train 16 --test 8 --riders 60 --dry-run]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { prepareRoute } from '../lambdas/race/index';
import { loadStageRoute, loadTourConfig, stageOf } from '../lib/tour-config/load';
import { collectRun, ETA_MARKS_KM } from './predictions/collect';
import { fitCatchKm, fitCatchLogit, fitPace, scoreCatch, scoreEta, type LabelledRun } from './predictions/models';
import { writeCoefficients } from './predictions/write-coefficients';

/** Two real 2022 stages of each road type (flat, hilly, mountain). */
const STAGES = [3, 19, 8, 13, 11, 17] as const;
const TEST_SEED_BASE = 1_000;
const COEFFICIENTS_PATH = new URL('../lambdas/race/predictions/coefficients.ts', import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '16' },
    test: { type: 'string', default: '8' },
    riders: { type: 'string', default: '60' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const trainSeeds = Number(values.train);
const testSeeds = Number(values.test);
const riders = Number(values.riders);

const tour = loadTourConfig('tdf2022');
const t0 = performance.now();
const train: LabelledRun[] = [];
const test: LabelledRun[] = [];
for (const number of STAGES) {
  const stage = stageOf(tour, number);
  const route = prepareRoute(loadStageRoute(tour, number));
  const input = { tour: tour.config, stage, route };
  for (let k = 0; k < trainSeeds + testSeeds; k++) {
    const heldOut = k >= trainSeeds;
    const seed = heldOut ? TEST_SEED_BASE + k - trainSeeds + 1 : k + 1;
    (heldOut ? test : train).push({ route, stageType: stage.type, ...collectRun(input, seed, riders) });
  }
  process.stdout.write(`stage ${number} (${stage.type}) simulated\n`);
}
const simSeconds = (performance.now() - t0) / 1_000;

const pace = fitPace(train);
const catchLogit = fitCatchLogit(train);
const catchKmToGo = fitCatchKm(train);
const trainedOn = `tdf2022 stages ${STAGES.join(', ')}; seeds 1–${trainSeeds}; first ${riders} riders of the start list`;
if (!values['dry-run']) writeCoefficients(COEFFICIENTS_PATH, { catchLogit, catchKmToGo, pace, trainedOn });

const count = (runs: LabelledRun[]): string => {
  const samples = runs.flatMap((r) => r.catchSamples);
  const caughtRuns = runs.filter((r) => r.catchSamples[0]?.caught === true).length;
  const withBreak = runs.filter((r) => r.catchSamples.length > 0).length;
  return `${runs.length} runs, ${withBreak} with a breakaway (${caughtRuns} caught), ${samples.length} situations, ${runs.reduce((n, r) => n + r.stretches.length, 0)} pace stretches`;
};
const f = (x: number, digits = 3): string => x.toFixed(digits);
console.log(`\nTraining: ${count(train)}`);
console.log(`Held out (seeds ${TEST_SEED_BASE + 1}–${TEST_SEED_BASE + testSeeds}): ${count(test)}`);
console.log(`Coefficients: catchLogit ${JSON.stringify(catchLogit.map((v) => +v.toFixed(4)))}`);
console.log(`              catchKmToGo ${JSON.stringify(catchKmToGo.map((v) => +v.toFixed(4)))}`);
console.log(`              pace ${JSON.stringify(pace.map((v) => +v.toFixed(3)))} (s/km: base, g+, g+², g−)`);
console.log(
  '\n| km to go | situations | Brier | Brier (base rate) | caught situations | catch-km MAE, km | baseline MAE, km |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const s of scoreCatch(test, train, catchLogit, catchKmToGo)) {
  console.log(
    `| ${s.band} | ${s.samples} | ${f(s.brier)} | ${f(s.baselineBrier)} | ${s.caughtSamples} | ${f(s.catchKmMae, 1)} | ${f(s.baselineCatchKmMae, 1)} |`,
  );
}
console.log('\n| group | km to go | checkpoints | ETA MAE, s | bias, s | naive MAE, s |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const s of scoreEta(test, pace, ETA_MARKS_KM)) {
  console.log(
    `| ${s.who} | ${s.kmToGo} | ${s.checkpoints} | ${f(s.maeSeconds, 0)} | ${f(s.biasSeconds, 0)} | ${f(s.baselineMaeSeconds, 0)} |`,
  );
}
console.log(
  `\n${train.length + test.length} simulations in ${f(simSeconds, 0)} s; node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}` +
    (values['dry-run'] ? ' (dry run: coefficients not written)' : `; wrote ${COEFFICIENTS_PATH}`),
);
