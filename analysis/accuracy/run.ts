/**
 * The engine's accuracy against simulator ground truth on real tdf2022 stages: `npm run accuracy [-- --quick]`.
 * Prints tables (docs/accuracy.md explains them); asserts nothing, like the benchmarks.
 */
import os from 'node:os';
import { loadTourConfig } from '../../core/tour-config/load';
import { addEventMatches, type KindCounts } from './event-match';
import { pairOrderAgreement, scoreFinishOrder } from './finish-order';
import { parseAccuracyOptions, USAGE } from './options';
import { replayStage, type StageRun } from './replay-stage';
import { quantile, Samples } from './stats';

const parsed = parseAccuracyOptions(process.argv.slice(2));
if (parsed === 'help') {
  console.log(USAGE);
  process.exit(0);
}
const options = parsed;
const tour = loadTourConfig('tdf2022');

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const pct = (num: number, den: number, digits = 2): string =>
  den === 0 ? '–' : `${((100 * num) / den).toFixed(digits)}`;
const absolute = (s: Samples): Float64Array => s.values().map(Math.abs);

const header =
  '| stage | type | seed | sim s | fixes | gap err p50 | p95 | max | gap bias | head bias | dist err p95 m | groups % | split/merged ‰ | finish exact | finish pairs ≥1 s % | wall s |';
const rule =
  '|' +
  header
    .split('|')
    .slice(1, -1)
    .map(() => '---')
    .join('|') +
  '|';
const row = (label: string, type: string, seed: string, runs: readonly StageRun[]): string => {
  const gaps = new Samples();
  const heads = new Samples();
  const dists = new Samples();
  let agree = 0;
  let pairs = 0;
  let split = 0;
  let merged = 0;
  let exact = 0;
  let finishPairs = 0;
  let finishAgree = 0;
  for (const run of runs) {
    gaps.pushAll(run.gapErrors);
    heads.pushAll(run.headPassageErrors);
    dists.pushAll(run.distanceErrors);
    agree += run.groupPairs.agree;
    pairs += run.groupPairs.pairs;
    split += run.groupPairs.split;
    merged += run.groupPairs.merged;
    const truthOrder = [...run.truthFinishMs.entries()].sort((a, b) => a[1] - b[1]).map(([bib]) => bib);
    if (scoreFinishOrder(run.engineFinishOrder, truthOrder).exact) exact++;
    const order = pairOrderAgreement(run.engineFinishOrder, run.truthFinishMs, 1_000);
    finishPairs += order.pairs;
    finishAgree += order.agree;
  }
  const errors = absolute(gaps);
  const cells = [
    label,
    type,
    seed,
    String(runs.reduce((n, r) => n + r.seconds, 0)),
    String(runs.reduce((n, r) => n + r.fixes, 0)),
    fmt(quantile(errors, 0.5)),
    fmt(quantile(errors, 0.95)),
    fmt(quantile(errors, 1)),
    fmt(gaps.mean()),
    fmt(heads.mean()),
    fmt(quantile(absolute(dists), 0.95), 1),
    pct(agree, pairs),
    `${fmt((1_000 * split) / pairs, 1)}/${fmt((1_000 * merged) / pairs, 1)}`,
    `${exact}/${runs.length}`,
    pct(finishAgree, finishPairs),
    fmt(
      runs.reduce((n, r) => n + r.wallSeconds, 0),
      0,
    ),
  ];
  return `| ${cells.join(' | ')} |`;
};

const runs: StageRun[] = [];
console.log(header);
console.log(rule);
for (const stage of options.stages) {
  for (const seed of options.seeds) {
    const run = replayStage(tour, stage, { seed, maxSeconds: options.maxSeconds });
    runs.push(run);
    const type = tour.config.stages.find((s) => s.number === stage)?.type ?? '?';
    console.log(row(String(stage), type, String(seed), [run]));
  }
}
console.log(row('**all**', '', '', runs));

const bySpeed = ['below 30 km/h', '30–45 km/h', 'above 45 km/h'].map((label, i) => {
  const errors = new Samples();
  for (const run of runs) errors.pushAll(run.gapErrorsBySpeed[i]!);
  const abs = absolute(errors);
  return `${label}: p50 ${fmt(quantile(abs, 0.5))}, p95 ${fmt(quantile(abs, 0.95))} s (${(
    (100 * errors.length) /
    Math.max(
      1,
      runs.reduce((n, r) => n + r.gapErrors.length, 0),
    )
  ).toFixed(0)} %)`;
});
console.log(`\ngap error by true speed: ${bySpeed.join('; ')}`);
/** The runs of the stages of one type in the tour config. */
const runsOfType = (type: string): StageRun[] =>
  runs.filter((run) => tour.config.stages.find((s) => s.number === run.stage)?.type === type);
const coverage = (['flat', 'mountain', 'itt'] as const).flatMap((type) => {
  let covered = 0;
  let n = 0;
  for (const run of runsOfType(type)) {
    covered += run.gapCovered.covered;
    n += run.gapCovered.n;
  }
  return n === 0 ? [] : [`${type} ${pct(covered, n, 1)} %`];
});
console.log(`published gap ± uncertainty covers the true gap: ${coverage.join(', ')}`);
const parts = (['flat', 'mountain', 'itt'] as const).map((type) => {
  const position = new Samples();
  const headPassage = new Samples();
  for (const run of runsOfType(type)) {
    position.pushAll(run.gapErrorParts.position);
    headPassage.pushAll(run.gapErrorParts.headPassage);
  }
  const p95 = (x: Samples): string => fmt(quantile(absolute(x), 0.95));
  return position.length === 0 ? '' : `${type}: rider position ${p95(position)}, head passage ${p95(headPassage)}`;
});
console.log(
  `gap error p95 by part, s (the true head passage at the engine's distance): ${parts.filter(Boolean).join('; ')}`,
);

for (const run of runs.filter((r) => r.timeTrial.gapErrors.length > 0)) {
  const abs = absolute(run.timeTrial.gapErrors);
  console.log(
    `time trial stage ${run.stage} seed ${run.seed}: time lost at the same time check |engine − truth| p50 ` +
      `${fmt(quantile(abs, 0.5))}, p95 ${fmt(quantile(abs, 0.95))}, max ${fmt(quantile(abs, 1))} s ` +
      `(${run.timeTrial.gapErrors.length} samples); virtual leader as the truth's ` +
      `${pct(run.timeTrial.leaderAgree, run.timeTrial.leaderSamples, 1)} % of ${run.timeTrial.leaderSamples} instants`,
  );
}

const events = new Map<string, KindCounts>();
for (const run of runs) addEventMatches(events, run.engineEvents, run.truthEvents);
const both = [...events.entries()].filter(([, c]) => c.engine > 0 && c.truth > 0);
const engineOnly = [...events.entries()].filter(([, c]) => c.truth === 0).map(([k, c]) => `${k} (${c.engine})`);
const truthOnly = [...events.entries()].filter(([, c]) => c.engine === 0).map(([k, c]) => `${k} (${c.truth})`);
console.log('\n| event kind | engine | truth | matched | precision % | recall % |');
console.log('|---|---|---|---|---|---|');
for (const [kind, c] of both.sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(
    `| ${kind} | ${c.engine} | ${c.truth} | ${c.matched} | ${pct(c.matched, c.engine, 1)} | ${pct(c.matched, c.truth, 1)} |`,
  );
}
const passages = runs.flatMap((r) => r.engineEvents).filter((e) => e.kind.endsWith('-passage'));
const tied = passages.filter((e) => e.bibs.length > 1);
console.log(
  `\nsprint and KOM passages named too close to call: ${tied.length} of ${passages.length}` +
    (tied.length === 0
      ? ''
      : `, ${fmt(tied.reduce((n, e) => n + e.bibs.length, 0) / tied.length, 1)} riders each on average`),
);
console.log(`engine only: ${engineOnly.join(', ') || 'none'}`);
console.log(`truth only: ${truthOnly.join(', ') || 'none'}`);
const calls = runs.flatMap((r) => r.predictions).filter((p) => p.catchProbability !== null);
const etas = runs.flatMap((r) => r.predictions).filter((p) => p.etaErrorSeconds !== undefined);
if (calls.length + etas.length === 0) console.log('\npredictions: none in the snapshots');
else {
  let brier = 0;
  let caught = 0;
  for (const p of calls) {
    brier += (p.catchProbability! - (p.caught ? 1 : 0)) ** 2;
    if (p.caught) caught++;
  }
  const etaError = (maxKmToGo: number): string => {
    const errors = new Samples();
    for (const p of etas) if (p.kmToGo <= maxKmToGo) errors.push(Math.abs(p.etaErrorSeconds!));
    return `p50 ${fmt(quantile(errors.values(), 0.5), 0)} s, p95 ${fmt(quantile(errors.values(), 0.95), 0)} s (${errors.length})`;
  };
  console.log(
    `\npredictions (sampled each minute): catch Brier ${fmt(brier / calls.length, 3)} over ${calls.length} calls ` +
      `(${caught} caught; always saying the base rate scores ${fmt((caught / calls.length) * (1 - caught / calls.length), 3)})`,
  );
  console.log(`finish ETA |error|: all ${etaError(Infinity)}; last 50 km ${etaError(50)}; last 10 km ${etaError(10)}`);
}
console.log(
  `\nnode ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; stages ${options.stages.join(',')}, seeds ${options.seeds.join(',')}${options.maxSeconds === undefined ? '' : `, first ${options.maxSeconds} s`}`,
);
