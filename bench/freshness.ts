/**
 * Freshness of the local pipeline (DESIGN §7: fix time → the first API snapshot that reflects it) and the highest
 * simulation speed the local stack sustains. Runs the real rehearsal (moto, relay, pollers, handlers, gateway).
 *   npm run bench -- freshness          (env: BENCH_RIDERS=40 BENCH_SECONDS=60 BENCH_SPEEDS=1,2,5,10,20,40)
 * First the default rehearsal, as `npm start` runs it (the full field at 10×, realistic faults) with the page's
 * requests every second, with moto's calls per 1,000 fixes; then BENCH_RIDERS riders at 1× and the speed sweep.
 * Prints figures, asserts nothing (STYLE §2.6).
 */
import { cpus, loadavg } from 'node:os';
import { motoRequestFigures, type MotoRequestFigures } from '../local/moto-server';
import { startRehearsal, type RehearsalOptions } from '../local/rehearsal';

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const riders = Number(process.env.BENCH_RIDERS ?? 40);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const speeds = (process.env.BENCH_SPEEDS ?? '1,2,5,10,20,40').split(',').map(Number);
const WARM_UP_SECONDS = 15;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const s = (ms: number | undefined): string => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

/** One run: freshness after the warm-up, and how the snapshot's lag (wall s) moved over the second half. */
async function run(options: RehearsalOptions, wallSeconds: number) {
  const rehearsal = await startRehearsal({
    port: 0,
    stage: 7,
    seed: 1,
    riders,
    // No clock-skewed trackers: their future-dated fixes would date snapshots wrongly (docs/local-rehearsal.md).
    faults: 'none',
    maxSeconds: 6 * 3600,
    ...options,
  });
  try {
    await sleep(WARM_UP_SECONDS * 1000);
    const measuredFrom = Date.now();
    const lags: { at: number; wallLagSeconds: number }[] = [];
    for (let i = 0; i < wallSeconds; i++) {
      await sleep(1000);
      const snapshot = rehearsal.snapshot();
      if (snapshot)
        lags.push({ at: i, wallLagSeconds: (rehearsal.clock.now() - snapshot.tMs) / rehearsal.speed / 1000 });
    }
    const second = lags.slice(Math.floor(lags.length / 2));
    return {
      figures: rehearsal.freshness.figures(measuredFrom),
      lagSlope: slope(second.map((l) => [l.at, l.wallLagSeconds])),
      finalLagSeconds: lags.at(-1)?.wallLagSeconds,
      pipeline: rehearsal.pipeline(),
    };
  } finally {
    await rehearsal.stop();
  }
}

/** Least-squares slope of y over x; 0 for fewer than two points. */
function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** The default rehearsal with the page polling, and what moto served per operation while it was measured. */
async function defaultRun(wallSeconds: number) {
  const rehearsal = await startRehearsal({ port: 0 });
  const stagePath = `${rehearsal.apiUrl}/tours/${rehearsal.tour}/stages/${rehearsal.stage}`;
  let since = 0;
  const page = setInterval(() => {
    void Promise.all(
      [`${stagePath}/live`, `${stagePath}/events?since=${since}`, `${stagePath}/riders/1`].map((u) =>
        fetch(u).then((r) => r.text()),
      ),
    ).then(
      ([, events]) => (since = (JSON.parse(events ?? '{}') as { next?: number }).next ?? since),
      () => undefined,
    );
  }, 1_000);
  try {
    await sleep(WARM_UP_SECONDS * 1000);
    const measuredFrom = Date.now();
    const before = await motoRequestFigures(rehearsal.moto.endpoint);
    const fixesBefore = rehearsal.pipeline().fixesSent;
    await sleep(wallSeconds * 1000);
    const after = await motoRequestFigures(rehearsal.moto.endpoint);
    const snapshot = rehearsal.snapshot();
    const onTheRoad = snapshot?.riders.filter((r) => !r.finished) ?? [];
    return {
      figures: rehearsal.freshness.figures(measuredFrom),
      fixes: rehearsal.pipeline().fixesSent - fixesBefore,
      moto: difference(after, before),
      reporting: `${onTheRoad.filter((r) => r.status !== 'lost').length}/${onTheRoad.length}`,
      groups: snapshot?.groups.length ?? 0,
    };
  } finally {
    clearInterval(page);
    await rehearsal.stop();
  }
}

function difference(after: MotoRequestFigures, before: MotoRequestFigures) {
  return Object.entries(after.operations)
    .map(([name, a]) => {
      const b = before.operations[name] ?? { requests: 0, seconds: 0 };
      return { name, requests: a.requests - b.requests, seconds: a.seconds - b.seconds };
    })
    .filter((o) => o.requests > 0)
    .sort((x, y) => y.seconds - x.seconds);
}

console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ` +
    `tdf2022 stage 7, seed 1, ${riders} riders + the convoy's trackers, faults none; ${WARM_UP_SECONDS} s warm-up, ${seconds} s measured`,
);

{
  const result = await defaultRun(seconds);
  const f = result.figures;
  const busy = result.moto.reduce((sum, o) => sum + o.seconds, 0);
  const calls = result.moto.reduce((sum, o) => sum + o.requests, 0);
  console.log(
    `default rehearsal (npm start: tdf2022 stage 7, full field, x10, realistic faults, page polling): freshness ` +
      `p50 ${s(f?.p50WallMillis)} s, p95 ${s(f?.p95WallMillis)} s wall (${f?.samples ?? 0} fix-seconds); ` +
      `${result.reporting} riders on the road reporting, ${result.groups} group${result.groups === 1 ? '' : 's'} in the last snapshot`,
  );
  console.log(
    `  moto over ${seconds} s: ${calls} requests (${(calls / seconds).toFixed(0)}/s), busy ${((100 * busy) / seconds).toFixed(0)} %, ` +
      `${((1000 * calls) / Math.max(1, result.fixes)).toFixed(1)} requests per 1,000 fixes sent (${result.fixes} fixes)`,
  );
  for (const o of result.moto.slice(0, 8)) {
    console.log(
      `  ${o.name.padEnd(16)} ${String(o.requests).padStart(6)} requests, ${((1000 * o.seconds) / o.requests).toFixed(2)} ms each, ` +
        `${((1000 * o.requests) / Math.max(1, result.fixes)).toFixed(2)} per 1,000 fixes`,
    );
  }
}

for (const [label, window] of [
  ["1x, the stack's mapping (fan-out consumer, no batching window)", 0],
  ['1x, with a 1 s batching window (for comparison)', 1_000],
] as const) {
  const result = await run({ speed: 1, batchingWindowMillis: window }, seconds);
  const f = result.figures;
  console.log(
    `freshness ${label}: p50 ${s(f?.p50WallMillis)} s, p95 ${s(f?.p95WallMillis)} s (${f?.samples ?? 0} fix-seconds; target p95 < 1.50 s)`,
  );
}

let sustained: number | undefined;
for (const speed of speeds) {
  const result = await run({ speed }, Math.min(seconds, 40));
  const keepsUp = result.lagSlope < 0.05 && (result.finalLagSeconds ?? Infinity) < 10;
  const f = result.figures;
  console.log(
    `speed x${speed}: freshness p50 ${s(f?.p50WallMillis)} s wall (${s(f?.p50RaceMillis)} s race), p95 ${s(f?.p95WallMillis)} s wall; ` +
      `lag ${result.finalLagSeconds?.toFixed(2) ?? '-'} s wall, growing ${result.lagSlope.toFixed(3)} s/s -> ${keepsUp ? 'keeps up' : 'falls behind'}; ` +
      `processor ${result.pipeline.processor.recordsDelivered} records in ${result.pipeline.processor.invocations} invocations`,
  );
  if (!keepsUp) break;
  sustained = speed;
}
console.log(
  `highest speed sustained: ${sustained === undefined ? 'none of those tried' : `x${sustained}`} (${riders} riders)`,
);
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
