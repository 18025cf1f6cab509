import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LINGER_MILLIS } from '../edge/forwarder';
import { createKinesisClient, KinesisFixPublisher } from '../edge/kinesis-publisher';
import { DEFAULT_BUCKETS, ownerDeviceBuckets } from '../core/wire/partition';
import { Relay } from '../edge/relay';
import { prepareRoute, type PreparedRoute } from '../core/race';
import { processLogger } from '../lambdas/shared/powertools';
import { loadStageRoute, loadTourConfig, stageOf, type LoadedTour } from '../core/tour-config/load';
import type { HistoryStore, StageConfig } from '../core/tour-config/schema';
import { stageWindowUtcMs } from '../core/tour-config/stage-times';
import type { FaultProfileName } from '../sim/faults';
import { simulateStage } from '../sim/simulate-stage';
import type { SimulationOptions } from '../sim/stage-setup';
import { LOCAL_AWS, localAwsClients, localAwsEnv, type LocalAwsClients } from './aws-clients';
import type { EventSourceMapping } from './event-source-mapping';
import {
  localHandlerBuilder,
  localHandlerEnv,
  localHandlers,
  type LocalHandlerBuilder,
  type LocalHandlerName,
  type LocalHandlers,
} from './handlers';
import { PROCESSOR_MAPPING } from './mapping-settings';
import { startMotoProcess, type MotoProcess } from './moto-server';
import { startPipelineMappings } from './pipeline-mappings';
import { RaceClock } from './race-clock';
import { RelayRaceClock } from './relay-clock';
import { startStallWatch, type PipelineAlerts } from './stall-watch';
import { localResourceNames } from './resource-names';
import { createLocalResources, type LocalResources } from './resources';
import {
  firstFrameTime,
  replayFeed,
  simulationFeed,
  type FeedIntake,
  type FrameLines,
  type TelemetryFeed,
} from './telemetry-feed';

/** What runs through the local pipeline; every field has a default. */
export interface PipelineOptions {
  /** @default 'tdf2022' */
  readonly tour?: string;
  /** @default 7 */
  readonly stage?: number;
  /** Race seconds per wall second. @default 10 */
  readonly speed?: number;
  /** Simulator seed. @default 1 */
  readonly seed?: number;
  /** Simulator fault profile. @default 'realistic' */
  readonly faults?: FaultProfileName;
  /** Further simulator options (fault overrides, race script changes). */
  readonly simulation?: Pick<SimulationOptions, 'faultOverrides' | 'dynamics'>;
  /** Replay this frames file instead of simulating (its first frame's `sentAt` starts the race clock). */
  readonly replay?: string;
  /** Simulate only the first N riders of the start list. @default all */
  readonly riders?: number;
  /** Stop simulating after this many race seconds. @default the whole stage */
  readonly maxSeconds?: number;
  /** The processor mapping's batching window, ms. @default PROCESSOR_MAPPING's */
  readonly batchingWindowMillis?: number;
  /**
   * The relay's linger, wall ms. The processor's moto calls scale with its batches, not with the frames, so the
   * truck's value serves any field. @default DEFAULT_LINGER_MILLIS (the truck's 500 ms)
   */
  readonly lingerMillis?: number;
  /** Where fix history goes. @default the tour config's `history.store` */
  readonly historyStore?: HistoryStore;
  /** Endpoint of the relay's Kinesis calls, given moto's (the fault suite puts an uplink proxy there). @default moto */
  readonly relayEndpoint?: (motoEndpoint: string) => Promise<string>;
  /** Endpoint of a handler's AWS calls, given moto's (the fault suite puts store proxies there). @default moto */
  readonly handlerEndpoint?: (motoEndpoint: string, handler: LocalHandlerName) => Promise<string>;
  /**
   * Wraps the handlers the mappings invoke; `rebuild` makes a fresh set as a cold start would (the fault suite kills
   * and restarts them). @default as built
   */
  readonly wrapHandlers?: (handlers: LocalHandlers, rebuild: LocalHandlerBuilder) => LocalHandlers;
  /** What the mesh gateway hands the relay for each simulated second. @default each frame as one JSON line */
  readonly frameLines?: FrameLines;
}

/** A running pipeline: moto, the stacks' resources, the relay, the mappings and the feed playing into the relay. */
export interface LocalPipeline {
  readonly tourId: string;
  readonly tour: LoadedTour;
  readonly stage: StageConfig;
  readonly route: PreparedRoute;
  readonly speed: number;
  readonly moto: Pick<MotoProcess, 'endpoint' | 'pid'>;
  readonly clients: LocalAwsClients;
  readonly resources: LocalResources;
  readonly clock: RaceClock;
  /** The handlers as the mappings invoke them (wrapped, when `wrapHandlers` was given). */
  readonly handlers: LocalHandlers;
  readonly relay: Relay;
  readonly processor: EventSourceMapping;
  readonly aggregator: EventSourceMapping;
  readonly feed: TelemetryFeed;
  /** Stalled shards, retried batches, dead-lettered records and the relay's backlog, as of the last second. */
  alerts(): PipelineAlerts;
  /** Stops everything in reverse order of start and removes the spool. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the real pipeline on one machine (DESIGN §8): moto with the stacks' resources, the simulator (or a replay)
 * feeding the real edge relay on the race clock, and Kinesis and DynamoDB-stream pollers invoking the real processor
 * and aggregator. The rehearsal adds the archive, the gateway and the page; the fault suite adds its faults.
 * If anything fails while starting, what was started is stopped again before the error is thrown.
 */
export async function startLocalPipeline(options: PipelineOptions = {}): Promise<LocalPipeline> {
  const tourId = options.tour ?? 'tdf2022';
  const stageNumber = options.stage ?? 7;
  const speed = options.speed ?? 10;
  const tour = loadTourConfig(tourId);
  const stage = stageOf(tour, stageNumber);
  const route = prepareRoute(loadStageRoute(tour, stageNumber));
  const stopping: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stopping.splice(0).reverse()) await stop();
  };
  try {
    const moto = await startMotoProcess();
    stopping.push(() => moto.stop());
    Object.assign(process.env, localAwsEnv(moto.endpoint));
    const clients = localAwsClients(moto.endpoint);
    stopping.push(async () => clients.destroy());
    const resources = await createLocalResources(clients, localResourceNames(tourId), {
      shardCount: tour.config.capacity.raceShards,
      historyStore: options.historyStore ?? tour.config.history.store,
    });
    const startRaceMs = options.replay ? await firstFrameTime(options.replay) : stageWindowUtcMs(stage).startMs;
    const clock = new RaceClock(startRaceMs - 1_000, speed);
    const handlerEnv = {} as Record<LocalHandlerName, Record<string, string>>;
    for (const name of ['processor', 'aggregator', 'api'] as const) {
      const endpoint = options.handlerEndpoint ? await options.handlerEndpoint(moto.endpoint, name) : moto.endpoint;
      handlerEnv[name] = localHandlerEnv(tourId, resources, endpoint);
    }
    const build = localHandlerBuilder(
      (name) => handlerEnv[name],
      () => clock.now(),
    );
    const built = localHandlers(build);
    const handlers = options.wrapHandlers ? options.wrapHandlers(built, build) : built;

    const { processor, aggregator } = await startPipelineMappings(clients, resources, handlers, {
      ...PROCESSOR_MAPPING,
      batchingWindowMillis: options.batchingWindowMillis ?? PROCESSOR_MAPPING.batchingWindowMillis,
    });
    stopping.push(
      () => processor.stop(),
      () => aggregator.stop(),
    );
    surfacePollerFailure(processor, 'processor');
    surfacePollerFailure(aggregator, 'aggregator');

    const relayClock = new RelayRaceClock(clock);
    const lingerWallMillis = options.lingerMillis ?? DEFAULT_LINGER_MILLIS;
    const spoolDir = mkdtempSync(join(tmpdir(), 'tour-tracker-local-spool-'));
    stopping.push(async () => rmSync(spoolDir, { recursive: true, force: true }));
    const relayKinesis = createKinesisClient({
      region: LOCAL_AWS.region,
      endpoint: options.relayEndpoint ? await options.relayEndpoint(moto.endpoint) : moto.endpoint,
      credentials: LOCAL_AWS.credentials,
    });
    stopping.push(async () => relayKinesis.destroy());
    const relay = new Relay({
      spoolDir,
      publisher: new KinesisFixPublisher(relayKinesis, resources.names.stream),
      logger: processLogger('local-relay'),
      gateway: 'local-relay',
      buckets: DEFAULT_BUCKETS,
      deviceBuckets: ownerDeviceBuckets(tour.config.devices, DEFAULT_BUCKETS),
      clock: relayClock,
      // The relay's waits are machine time (linger, 5 s live lag, idle poll, backoff), so they are scaled to race ms.
      lingerMillis: lingerWallMillis * speed,
      liveMaxLagMillis: 5_000 * speed,
      pollMillis: 20 * speed,
      backoff: { baseMillis: 100 * speed, capMillis: 5_000 * speed },
    });
    relay.start();
    stopping.push(() => relay.stop());
    const watch = startStallWatch({
      mappings: { processor, aggregator },
      relayStatus: () => relay.status(),
      speed,
      logger: processLogger(),
    });
    stopping.push(async () => watch.stop());

    clock.restart();
    const intake: FeedIntake = relay.intake;
    const feed = options.replay
      ? replayFeed(options.replay, intake, clock, relayClock)
      : simulationFeed(
          simulateStage(
            { tour: tour.config, stage, route },
            {
              seed: options.seed ?? 1,
              faultProfile: options.faults ?? 'realistic',
              ...options.simulation,
              ...(options.riders !== undefined && { riderLimit: options.riders }),
              ...(options.maxSeconds !== undefined && { maxSeconds: options.maxSeconds }),
            },
          ),
          intake,
          clock,
          relayClock,
          options.frameLines,
        );
    stopping.push(async () => {
      feed.stop();
      await feed.done;
    });
    let stopped: Promise<void> | undefined;
    return {
      tourId,
      tour,
      stage,
      route,
      speed,
      moto: { endpoint: moto.endpoint, pid: moto.pid },
      clients,
      resources,
      clock,
      handlers,
      relay,
      processor,
      aggregator,
      feed,
      alerts: () => watch.alerts(),
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A poller that dies would silently freeze the pipeline: log it loudly (the status line then stops moving). */
function surfacePollerFailure(mapping: EventSourceMapping, name: string): void {
  mapping.done.catch((error: unknown) =>
    processLogger().error('event source mapping stopped', { mapping: name, error }),
  );
}
