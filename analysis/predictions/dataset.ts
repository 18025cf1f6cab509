import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReplayRun } from './replay';

/**
 * The fit's data set: one replayed stage per (stage, seed), cached as JSON so that refitting does not re-simulate.
 * Missing runs are replayed by `jobs` child processes (replay-worker.ts) in parallel.
 */

/** The tour whose real stages are simulated. */
export const FIT_TOUR = 'tdf2022';
/** Bump when the replay or what it keeps changes: older cache files are then ignored. */
const CACHE_VERSION = 1;

/** Where the run of `stage` with `seed` is cached. */
export function cacheFile(dir: string, stage: number, seed: number): string {
  return path.join(dir, `${FIT_TOUR}-stage${stage}-seed${seed}-v${CACHE_VERSION}.json`);
}

/** Replays the missing runs with `jobs` processes, then reads every run from the cache, in `stages` × `seeds` order. */
export async function loadRuns(
  dir: string,
  stages: readonly number[],
  seeds: readonly number[],
  jobs: number,
): Promise<ReplayRun[]> {
  mkdirSync(dir, { recursive: true });
  const pairs = seeds.flatMap((seed) => stages.map((stage) => [stage, seed] as const));
  const missing = pairs.filter(([stage, seed]) => !existsSync(cacheFile(dir, stage, seed)));
  const lanes = Array.from({ length: Math.max(1, Math.min(jobs, missing.length)) }, () => [] as string[]);
  missing.forEach(([stage, seed], i) => lanes[i % lanes.length]!.push(`${stage}:${seed}`));
  const worker = new URL('./replay-worker.ts', import.meta.url).pathname;
  await Promise.all(
    lanes
      .filter((lane) => lane.length > 0)
      .map(
        (lane) =>
          new Promise<void>((resolve, reject) => {
            const child = fork(worker, [dir, ...lane]);
            child.on('error', reject);
            child.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`replay-worker must exit with 0, received ${code}`)),
            );
          }),
      ),
  );
  return pairs.map(([stage, seed]) => JSON.parse(readFileSync(cacheFile(dir, stage, seed), 'utf8')) as ReplayRun);
}
