/**
 * Fits the engine's prediction models on simulated stages replayed through the engine and scores them on held-out
 * seeds; writes the fitted coefficients to core/race/predictions/coefficients.ts and prints the tables of
 * docs/predictions.md.
 * Run: npm run fit:predictions [-- --stages 1-21 --train-seeds 101-105 --test-seeds 1001-1002 --jobs 2 --dry-run]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRoute } from '../../core/race/index';
import { CATCH_FEATURE_NAMES } from '../../core/race/predictions/catch-model';
import { loadStageRoute, loadTourConfig } from '../../core/tour-config/load';
import { FIT_TOUR, loadRuns } from './dataset';
import {
  catchSamplesOf,
  etaSamplesOf,
  fitCatchKm,
  fitCatchLogit,
  fitPace,
  reliability,
  scoreCatch,
  scoreEta,
  type FitRun,
} from './models';
import { writeCoefficients } from './write-coefficients';

const COEFFICIENTS_PATH = new URL('../../core/race/predictions/coefficients.ts', import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    stages: { type: 'string', default: '1-21' },
    'train-seeds': { type: 'string', default: '101-105' },
    'test-seeds': { type: 'string', default: '1001-1002' },
    jobs: { type: 'string', default: String(os.availableParallelism()) },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'tour-tracker-fit-predictions') },
    'dry-run': { type: 'boolean', default: false },
  },
});

/** Parses "1-21" or "3,17,20" (or a mix) into whole numbers; throws with the received value otherwise. */
function numbers(flag: string, value: string): number[] {
  const out = value.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map((s) => Number(s.trim()));
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(`--${flag} must list whole numbers or ranges like 1-21, received ${value}`);
  return out;
}
const stages = numbers('stages', values.stages);
const trainSeeds = numbers('train-seeds', values['train-seeds']);
const testSeeds = numbers('test-seeds', values['test-seeds']);
if (trainSeeds.some((s) => testSeeds.includes(s))) throw new Error('--train-seeds and --test-seeds must not overlap');

const tour = loadTourConfig(FIT_TOUR);
const routes = new Map(stages.map((n) => [n, prepareRoute(loadStageRoute(tour, n))]));
const t0 = performance.now();
const load = async (seeds: number[]): Promise<FitRun[]> =>
  (await loadRuns(values.cache, stages, seeds, Number(values.jobs))).map((r) => ({
    ...r,
    route: routes.get(r.stage)!,
  }));
const train = await load(trainSeeds);
const test = await load(testSeeds);
const simSeconds = (performance.now() - t0) / 1_000;

const trainCatch = train.flatMap(catchSamplesOf);
const testCatch = test.flatMap(catchSamplesOf);
const trainEta = train.flatMap(etaSamplesOf);
const testEta = test.flatMap(etaSamplesOf);
const catchLogit = fitCatchLogit(trainCatch);
const catchKmToGo = fitCatchKm(trainCatch);
const pace = fitPace(trainEta);
const range = (xs: number[]): string => (xs.length > 1 ? `${xs[0]}–${xs.at(-1)}` : `${xs[0]}`);
const trainedOn = `${FIT_TOUR} stages ${range(stages)}; seeds ${range(trainSeeds)}; replayed through the engine (realistic telemetry)`;
if (!values['dry-run']) await writeCoefficients(COEFFICIENTS_PATH, { catchLogit, catchKmToGo, pace, trainedOn });

const f = (x: number, digits = 3): string => x.toFixed(digits);
const trainRate = trainCatch.filter((s) => s.caught).length / trainCatch.length;
const trainCaught = trainCatch.filter((s) => s.kmToGoAtCatch !== null);
const trainMeanKmToGo = trainCaught.reduce((n, s) => n + s.kmToGoAtCatch!, 0) / Math.max(1, trainCaught.length);
console.log(
  `\nTraining: ${train.length} runs (seeds ${range(trainSeeds)}), ${trainCatch.length} catch calls (${f(100 * trainRate, 1)} % caught), ${trainEta.length} ETA samples`,
);
console.log(
  `Held out: ${test.length} runs (seeds ${range(testSeeds)}), ${testCatch.length} catch calls, ${testEta.length} ETA samples`,
);
console.log('\n| feature | weight |\n| --- | --- |');
CATCH_FEATURE_NAMES.forEach((name, k) => console.log(`| ${name} | ${f(catchLogit[k]!)} |`));
console.log(`\ncatchKmToGo ${JSON.stringify(catchKmToGo.map((v) => +v.toFixed(4)))}`);
console.log('\n| role | base s/km | per % up | per (% up)² | per % down |\n| --- | --- | --- | --- | --- |');
for (const [role, w] of Object.entries(pace)) console.log(`| ${role} | ${w.map((v) => f(v, 2)).join(' | ')} |`);
console.log(
  '\n| calls | n | caught % | Brier | Brier (training base rate) | Brier (own base rate) | catch-km MAE, km | constant km MAE, km |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const s of scoreCatch(testCatch, trainRate, trainMeanKmToGo, catchLogit, catchKmToGo)) {
  console.log(
    `| ${s.subset} | ${s.calls} | ${f(100 * s.caughtShare, 1)} | ${f(s.brier)} | ${f(s.baseRateBrier)} | ${f(s.ownRateBrier)} | ${f(s.catchKmMae, 1)} | ${f(s.baselineCatchKmMae, 1)} |`,
  );
}
console.log('\n| predicted | calls | mean prediction | caught share |\n| --- | --- | --- | --- |');
for (const b of reliability(testCatch, catchLogit)) {
  if (b.calls > 0) console.log(`| ${b.bin} | ${b.calls} | ${f(b.meanP, 2)} | ${f(b.caughtShare, 2)} |`);
}
console.log('\n| km to go | samples | ETA abs. error p50, s | p95, s | median bias, s | naive p50, s | naive p95, s |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const s of scoreEta(testEta, pace)) {
  const band = Number.isFinite(s.maxKmToGo) ? `≤ ${s.maxKmToGo}` : 'all';
  console.log(
    `| ${band} | ${s.samples} | ${f(s.p50, 0)} | ${f(s.p95, 0)} | ${f(s.medianBias, 0)} | ${f(s.naiveP50, 0)} | ${f(s.naiveP95, 0)} |`,
  );
}
console.log(
  `\n${train.length + test.length} runs loaded or replayed in ${f(simSeconds, 0)} s (cache ${values.cache}); node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}` +
    (values['dry-run'] ? ' (dry run: coefficients not written)' : `; wrote ${COEFFICIENTS_PATH}`),
);
