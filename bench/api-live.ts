/**
 * API handler latency for the live snapshot of a 200-rider stage on in-memory adapters: what the Lambda adds on
 * top of the DynamoDB read (route, validate, place 200 riders on the route, JSON, ETag). Cases: a full 200 reply,
 * a 304 revalidation, and the lagged public tier (time-keyed copy lookup).
 * Run: npm run bench -- api-live. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { MemoryEventStore } from '../lambdas/adapters/memory/event-store';
import { MemorySnapshotStore } from '../lambdas/adapters/memory/snapshot-store';
import { MemoryTrackStore } from '../lambdas/adapters/memory/track-store';
import { tourDataOf } from '../lambdas/api/api-deps';
import { createApiHandler } from '../lambdas/api/app';
import { SNAPSHOT_VERSION, type SnapshotRider, type StageSnapshot } from '../core/race';
import { loadTourConfig } from '../core/tour-config/load';
import { pathEvent } from '../local/proxy-event';

const RIDERS = 200;
const WARM_UP = 2_000;
const RUNS = 20_000;
const STAGE_KEY = { tour: 'tdf2022', stage: 2 };
const T0 = Date.UTC(2022, 6, 2, 12, 0);
// EMF lines on stdout would swamp the figures; the metric calls themselves still run.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/** A plausible mid-stage snapshot: 200 riders spread over 8 km in 5 groups (deterministic, no randomness). */
function snapshotAt(tMs: number): StageSnapshot {
  const riders: SnapshotRider[] = Array.from({ length: RIDERS }, (_, i) => ({
    bib: i + 1,
    distanceMeters: 100_000 - i * 40,
    speedKmh: 42.3,
    gapSeconds: Math.round(i * 3.4 * 10) / 10,
    gapUncertaintySeconds: 0.6,
    status: 'ok',
    stationary: false,
    finished: false,
    group: Math.min(4, Math.floor(i / 40)),
  }));
  return {
    v: SNAPSHOT_VERSION,
    stage: STAGE_KEY.stage,
    tMs,
    routeLengthMeters: 202_200,
    headBib: 1,
    groups: [0, 1, 2, 3, 4].map((g) => ({
      kind: g === 0 ? 'breakaway' : g === 1 ? 'peloton' : 'dropped',
      isHeadOfRace: g === 0,
      riders: riders.slice(g * 40, g * 40 + 40).map((r) => r.bib),
      size: 40,
      distanceMeters: 100_000 - g * 1_600,
      speedKmh: 42.3,
      gapSeconds: g * 136,
      gapToPelotonSeconds: (g - 1) * 136,
    })),
    riders,
    virtualGc: riders.map((r, i) => ({
      rank: i + 1,
      bib: r.bib,
      virtualSeconds: 20_000 + i * 7,
      behindSeconds: i * 7,
    })),
    virtualYellowBib: 1,
    finishOrder: [],
  };
}

const loaded = loadTourConfig('tdf2022');
const context = { awsRequestId: 'bench', functionName: 'api' } as Context;

function handlerWith(lagSeconds: number, snapshots: MemorySnapshotStore, nowMs: number) {
  return createApiHandler({
    tourId: 'tdf2022',
    tour: tourDataOf({
      ...loaded,
      config: { ...loaded.config, api: { publicLagSeconds: lagSeconds, publicCoordinateDecimals: 4 } },
    }),
    snapshots,
    events: new MemoryEventStore(),
    tracks: new MemoryTrackStore(),
    history: undefined,
    corsAllowOrigin: '*',
    metrics: new Metrics({ namespace: 'TourTracker', serviceName: 'api' }),
    now: () => nowMs,
  });
}

let checksum = 0;
const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(name: string, call: () => Promise<APIGatewayProxyResult>): Promise<void> {
  for (let i = 0; i < WARM_UP; i += 1) checksum += (await call()).statusCode;
  const times: number[] = [];
  let reply: APIGatewayProxyResult | undefined;
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    reply = await call();
    times.push(performance.now() - t0);
    checksum += reply.statusCode + reply.body.length;
  }
  times.sort((a, b) => a - b);
  const bytes = reply?.body.length ?? 0;
  console.log(
    `${name.padEnd(34)} p50 ${quantile(times, 0.5).toFixed(3)} ms  p95 ${quantile(times, 0.95).toFixed(3)} ms  ` +
      `p99 ${quantile(times, 0.99).toFixed(3)} ms  status ${reply?.statusCode}  body ${bytes} B`,
  );
}

const snapshots = new MemorySnapshotStore();
for (let s = 0; s <= 120; s += 1) await snapshots.putIfNewer(STAGE_KEY, snapshotAt(T0 + s * 1000));
const now = T0 + 120_000;
const live = handlerWith(0, snapshots, now);
const lagged = handlerWith(30, snapshots, now);
const path = '/v1/tours/tdf2022/stages/2/live';
const first = (await live(pathEvent(path), context, () => undefined)) as APIGatewayProxyResult;
const etag = String(first.headers?.ETag);

// Baseline: the memory store's read alone (JSON.parse of the stored blob), what any handler must pay.
await measure('memory SnapshotStore.get (baseline)', async () => ({
  statusCode: 200,
  body: JSON.stringify((await snapshots.get(STAGE_KEY))?.tMs),
}));
await measure(
  'GET live, public, no lag → 200',
  async () => (await live(pathEvent(path), context, () => undefined)) as APIGatewayProxyResult,
);
await measure(
  'GET live, If-None-Match → 304',
  async () =>
    (await live(
      pathEvent(path, { headers: { 'If-None-Match': etag } }),
      context,
      () => undefined,
    )) as APIGatewayProxyResult,
);
await measure(
  'GET live, public, lag 30 s → 200',
  async () => (await lagged(pathEvent(path), context, () => undefined)) as APIGatewayProxyResult,
);
await measure(
  'GET partner live → 200',
  async () => (await live(pathEvent(`/v1/partner${path.slice(3)}`), context, () => undefined)) as APIGatewayProxyResult,
);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${RIDERS} riders, ${RUNS} runs each, checksum ${checksum}`,
);
