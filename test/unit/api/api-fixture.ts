import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { vi } from 'vitest';
import { MemoryEventStore } from '../../../lambdas/adapters/memory/event-store';
import { MemoryHistoryStore } from '../../../lambdas/adapters/memory/history-store';
import { MemorySnapshotStore } from '../../../lambdas/adapters/memory/snapshot-store';
import { MemoryTrackStore } from '../../../lambdas/adapters/memory/track-store';
import type { StageKey } from '../../../core/ports/stage-key';
import { tourDataOf, type ApiDeps } from '../../../lambdas/api/api-deps';
import { createApiHandler } from '../../../lambdas/api/app';
import { SNAPSHOT_VERSION, type RaceEvent, type SnapshotRider, type StageSnapshot } from '../../../core/race';
import { loadTourConfig, type LoadedTour } from '../../../core/tour-config/load';
import { lambdaContext } from '../../helpers/kinesis-event';
import { apiEvent, type ApiEventOptions } from '../../helpers/api-event';

/** The tour and stage the API tests read: tdf2022 stage 2 (Roskilde – Nyborg), started 10:15 UTC. */
export const TOUR = 'tdf2022';
export const STAGE: StageKey = { tour: TOUR, stage: 2 };
export const START_MS = Date.UTC(2022, 6, 2, 10, 15);

let loaded: LoadedTour | undefined;
const tdf2022 = (): LoadedTour => (loaded ??= loadTourConfig(TOUR));

/** Options of an API fixture: the tour's audience tiers and clock, and stages whose route to drop. */
export interface ApiFixtureOptions {
  readonly publicLagSeconds?: number;
  readonly publicCoordinateDecimals?: number;
  readonly nowMs?: number;
  readonly withoutRoute?: readonly number[];
  readonly withoutHistory?: boolean;
}

/** A metric the handler emitted: name, value and the dimensions in force. */
export interface EmittedMetric {
  readonly name: string;
  readonly value: number;
  readonly dimensions: Record<string, string>;
}

/** The API handler on memory fakes and the real tdf2022 config, with its clock and emitted metrics. */
export interface ApiFixture {
  readonly deps: ApiDeps & {
    readonly snapshots: MemorySnapshotStore;
    readonly events: MemoryEventStore;
    readonly tracks: MemoryTrackStore;
    readonly history: MemoryHistoryStore | undefined;
  };
  readonly metrics: EmittedMetric[];
  /** Sets the wall clock, epoch ms. */
  setNow(ms: number): void;
  /** Calls the handler with a REST proxy event for `path`. */
  get(path: string, options?: ApiEventOptions): Promise<APIGatewayProxyResult>;
  /** Calls the handler with a prepared event. */
  call(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
}

/** Builds a fixture; by default lag 0, 4 decimals (the tdf2022 config) and a clock an hour into the stage. */
export function apiFixture(options: ApiFixtureOptions = {}): ApiFixture {
  const base = tdf2022();
  const config = {
    ...base.config,
    api: {
      publicLagSeconds: options.publicLagSeconds ?? base.config.api.publicLagSeconds,
      publicCoordinateDecimals: options.publicCoordinateDecimals ?? base.config.api.publicCoordinateDecimals,
    },
    stages: base.config.stages.map((s) => (options.withoutRoute?.includes(s.number) ? { ...s, route: null } : s)),
  };
  let nowMs = options.nowMs ?? START_MS + 3_600_000;
  const metrics = new Metrics({ namespace: 'TourTracker', serviceName: 'api' });
  const emitted: EmittedMetric[] = [];
  let dimensions: Record<string, string> = {};
  vi.spyOn(metrics, 'addDimensions').mockImplementation((d) => {
    dimensions = { ...dimensions, ...d };
    return metrics;
  });
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
    emitted.push({ name, value, dimensions });
    return metrics;
  });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
    dimensions = {};
    return metrics;
  });
  const deps = {
    tourId: TOUR,
    tour: tourDataOf({ ...base, config }),
    snapshots: new MemorySnapshotStore(),
    events: new MemoryEventStore(),
    tracks: new MemoryTrackStore(),
    history: options.withoutHistory ? undefined : new MemoryHistoryStore(),
    corsAllowOrigin: '*',
    metrics,
    now: () => nowMs,
  };
  const handler = createApiHandler(deps);
  const call = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyResult;
  return {
    deps,
    metrics: emitted,
    setNow: (ms) => void (nowMs = ms),
    get: (path, eventOptions) => call(apiEvent(path, eventOptions)),
    call,
  };
}

/** A snapshot rider `distanceMeters` into the stage, `gapSeconds` behind the head. */
export function snapshotRider(bib: number, distanceMeters: number, gapSeconds = 0): SnapshotRider {
  return {
    bib,
    distanceMeters,
    speedKmh: 44.1,
    gapSeconds,
    gapUncertaintySeconds: 0.5,
    status: 'ok',
    stationary: false,
    finished: false,
    group: 0,
  };
}

/** A snapshot of stage 2 at `tMs`: Pogacar (1) leads Bjerg (3) by `gapSeconds`, both in one group. */
export function snapshotAt(tMs: number, headMeters = 50_000, gapSeconds = 2): StageSnapshot {
  return {
    v: SNAPSHOT_VERSION,
    stage: STAGE.stage,
    tMs,
    routeLengthMeters: 202_200,
    headBib: 1,
    groups: [
      {
        kind: 'peloton',
        isHeadOfRace: true,
        riders: [1, 3],
        size: 2,
        distanceMeters: headMeters,
        speedKmh: 44.1,
        gapSeconds: 0,
        gapToPelotonSeconds: 0,
      },
    ],
    riders: [snapshotRider(1, headMeters), snapshotRider(3, headMeters - gapSeconds * 12, gapSeconds)],
    virtualGc: [
      { rank: 1, bib: 3, virtualSeconds: 20_000, behindSeconds: 0 },
      { rank: 2, bib: 1, virtualSeconds: 20_010, behindSeconds: 10 },
    ],
    virtualYellowBib: 3,
    finishOrder: [],
  };
}

/** A race event of stage 2 at `tMs` about `bib`. */
export function stageEvent(tMs: number, bib: number, kind: RaceEvent['kind'] = 'rider-stopped'): RaceEvent {
  return { id: `2-${kind}-${bib}-${tMs}`, kind, tMs, distanceMeters: 50_000, bibs: [bib], text: `#${bib} event` };
}

/** The parsed JSON body of a reply. */
export function bodyOf<T = Record<string, unknown>>(reply: APIGatewayProxyResult): T {
  return JSON.parse(reply.body) as T;
}
