/**
 * Child process of the fit: replays the `stage:seed` pairs given as arguments (replayForFit) and writes each run to
 * the cache folder given first. One line per run on stdout.
 * Run by analysis/predictions/dataset.ts; by hand: tsx analysis/predictions/replay-worker.ts DIR 3:101 17:101
 */
import { writeFileSync } from 'node:fs';
import { loadTourConfig } from '../../core/tour-config/load';
import { cacheFile, FIT_TOUR } from './dataset';
import { replayForFit } from './replay';

const [dir, ...jobs] = process.argv.slice(2);
if (dir === undefined) throw new Error('replay-worker needs a cache folder, received nothing');
const tour = loadTourConfig(FIT_TOUR);
for (const job of jobs) {
  const [stage, seed] = job.split(':').map(Number) as [number, number];
  const t0 = performance.now();
  const run = replayForFit(tour, stage, seed);
  writeFileSync(cacheFile(dir, stage, seed), JSON.stringify(run));
  console.log(
    `stage ${stage} seed ${seed}: ${run.samples.length} samples in ${((performance.now() - t0) / 1_000).toFixed(0)} s`,
  );
}
