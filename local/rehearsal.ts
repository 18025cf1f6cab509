import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createKinesisClient, KinesisFixPublisher } from '../edge/kinesis-publisher';
import { DEFAULT_BUCKETS } from '../edge/partition';
import { Relay } from '../edge/relay';
import { prepareRoute, type StageSnapshot } from '../lambdas/race';
import { processLogger } from '../lambdas/shared/powertools';
import { loadStageRoute, loadTourConfig, stageOf } from '../lib/tour-config/load';
import { stageWindowUtcMs } from '../lib/tour-config/stage-times';
import type { FaultProfileName } from '../sim/faults';
import { simulateStage } from '../sim/simulate-stage';
import { startArchiveForwarder, type ArchiveForwarder } from './archive-forwarder';
import { LOCAL_AWS, localAwsClients, localAwsEnv, type LocalAwsClients } from './aws-clients';
import type { EventSourceMapping, MappingStats } from './event-source-mapping';
import { FreshnessMeter } from './freshness';
import { startGateway, type LocalGateway } from './gateway';
import { localHandlerEnv, localHandlers } from './handlers';
import { PROCESSOR_MAPPING } from './mapping-settings';
import { startMotoProcess, type MotoProcess } from './moto-server';
import { startPipelineMappings } from './pipeline-mappings';
import { RaceClock } from './race-clock';
import { startSnapshotProbe } from './snapshot-probe';
import { RelayRaceClock } from './relay-clock';
import { localResourceNames } from './resource-names';
import { createLocalResources, type LocalResources } from './resources';
import type { RehearsalStatus } from './status-line';
import { firstFrameTime, replayFeed, simulationFeed, type TelemetryFeed } from './telemetry-feed';

/** The second-screen page served at `/`. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');

/** What to rehearse; every field has a default so `startRehearsal()` runs the default show. */
export interface RehearsalOptions {
  /** @default 'tdf2022' */
  readonly tour?: string;
  /** @default 7 — a mountain stage: an early breakaway, then the field splits on the climbs (several groups) */
  readonly stage?: number;
  /** Race seconds per wall second. @default 10 */
  readonly speed?: number;
  /** Simulator seed. @default 1 */
  readonly seed?: number;
  /** Simulator fault profile. @default 'realistic' */
  readonly faults?: FaultProfileName;
  /** Replay this frames file instead of simulating (its first frame's `sentAt` starts the race clock). */
  readonly replay?: string;
  /** Gateway port on 127.0.0.1; 0 = any free port. @default 8080 */
  readonly port?: number;
  /** Simulate only the first N riders of the start list. @default all */
  readonly riders?: number;
  /** Stop simulating after this many race seconds. @default the whole stage */
  readonly maxSeconds?: number;
  /** Folder the gateway serves outside `/v1`. @default DEFAULT_WEB_ROOT */
  readonly webRoot?: string;
  /** The processor mapping's batching window, ms. @default 1000 (ProcessingConstruct) */
  readonly batchingWindowMillis?: number;
  /** Wall ms between archive objects. @default 10000 (the stack buffers 60 s) */
  readonly archiveBufferingMillis?: number;
  /** How often the API's live snapshot is probed for freshness and status, wall ms. @default 100 */
  readonly probeMillis?: number;
  /** The relay's linger, wall ms. @default relayLingerWallMillis(riders) */
  readonly lingerMillis?: number;
}

/**
 * moto answers about 250 requests/s (one Python thread, ~4 ms each) and the processor makes about 3.4 requests per
 * rider per Kinesis record (live state, track, reads), so the local load is riders × 3.4 ÷ linger, whatever the speed:
 * the relay's linger is stretched with the field so moto keeps up (500 ms, the truck's value, up to ~40 riders;
 * ~2.6 s for a full field of 176). Measured figures: docs/local-rehearsal.md.
 */
export function relayLingerWallMillis(riders: number): number {
  return Math.max(500, Math.round(riders * 15));
}

/** A running rehearsal. */
export interface Rehearsal {
  /** The page: `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The REST API's base: `http://127.0.0.1:<port>/v1`. */
  readonly apiUrl: string;
  readonly tour: string;
  readonly stage: number;
  readonly speed: number;
  readonly clock: RaceClock;
  readonly feed: TelemetryFeed;
  readonly freshness: FreshnessMeter;
  readonly resources: LocalResources;
  readonly moto: Pick<MotoProcess, 'endpoint' | 'pid'>;
  /** The newest stage snapshot the probe read from the API (partner tier), or undefined before the first. */
  snapshot(): StageSnapshot | undefined;
  /** Figures of the processor and aggregator mappings and the archive forwarder. */
  pipeline(): { processor: MappingStats; aggregator: MappingStats; archive: { objects: number; records: number } };
  status(): RehearsalStatus;
  /** Stops feed, relay, pollers, archive, gateway and moto, in that order, and removes the spool. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the real pipeline on one machine (DESIGN §8): moto with the stacks' resources, the simulator (or a replay)
 * feeding the real edge relay on the race clock, Kinesis and DynamoDB-stream pollers invoking the real processor and
 * aggregator, the archive forwarder, and the HTTP gateway in front of the real API handler and web/.
 * If anything fails while starting, what was started is stopped again before the error is thrown.
 */
export async function startRehearsal(options: RehearsalOptions = {}): Promise<Rehearsal> {
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
    const clients: LocalAwsClients = localAwsClients(moto.endpoint);
    stopping.push(async () => clients.destroy());
    const names = localResourceNames(tourId);
    const resources = await createLocalResources(clients, names, {
      shardCount: tour.config.capacity.raceShards,
      historyStore: tour.config.history.store,
    });
    const startRaceMs = options.replay ? await firstFrameTime(options.replay) : stageWindowUtcMs(stage).startMs;
    const clock = new RaceClock(startRaceMs - 1_000, speed);
    const handlers = localHandlers(localHandlerEnv(tourId, resources, moto.endpoint), () => clock.now());

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

    const archive: ArchiveForwarder = await startArchiveForwarder({
      kinesis: clients.kinesis,
      s3: clients.s3,
      streamName: names.stream,
      bucket: names.archiveBucket,
      tourId,
      deliveryStream: names.deliveryStream,
      bufferingMillis: options.archiveBufferingMillis ?? 10_000,
      raceTimeAt: (wall) => clock.atWall(wall),
    });
    stopping.push(() => archive.stop());

    const relayClock = new RelayRaceClock(clock);
    const lingerWallMillis = options.lingerMillis ?? relayLingerWallMillis(options.riders ?? tour.config.riders.length);
    const spoolDir = mkdtempSync(join(tmpdir(), 'tour-tracker-rehearsal-spool-'));
    stopping.push(async () => rmSync(spoolDir, { recursive: true, force: true }));
    const relayKinesis = createKinesisClient({
      region: LOCAL_AWS.region,
      endpoint: moto.endpoint,
      credentials: LOCAL_AWS.credentials,
    });
    stopping.push(async () => relayKinesis.destroy());
    const relay = new Relay({
      spoolDir,
      publisher: new KinesisFixPublisher(relayKinesis, names.stream),
      logger: processLogger('local-rehearsal'),
      gateway: 'local-relay',
      buckets: DEFAULT_BUCKETS,
      clock: relayClock,
      // The relay's waits are machine time (linger, 5 s live lag, backoff), so they are scaled to race ms.
      lingerMillis: lingerWallMillis * speed,
      liveMaxLagMillis: 5_000 * speed,
      backoff: { baseMillis: 100 * speed, capMillis: 5_000 * speed },
    });
    relay.start();
    stopping.push(() => relay.stop());

    clock.restart();
    const feed = options.replay
      ? replayFeed(options.replay, relay.intake, clock, relayClock)
      : simulationFeed(
          simulateStage(
            { tour: tour.config, stage, route },
            {
              seed: options.seed ?? 1,
              faultProfile: options.faults ?? 'realistic',
              ...(options.riders !== undefined && { riderLimit: options.riders }),
              ...(options.maxSeconds !== undefined && { maxSeconds: options.maxSeconds }),
            },
          ),
          relay.intake,
          clock,
          relayClock,
        );
    stopping.push(async () => {
      feed.stop();
      await feed.done;
    });

    const freshness = new FreshnessMeter(speed);
    let quarantined = 0;
    const counter = setInterval(() => {
      void countObjects(clients, names.quarantineBucket).then(
        (n) => (quarantined = n),
        () => undefined,
      );
    }, 1_000);
    stopping.push(async () => clearInterval(counter));

    const gateway: LocalGateway = await startGateway({
      api: handlers.api,
      webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
      port: options.port ?? 8080,
      onError: (error) => processLogger().error('api invocation failed', { error }),
    });
    stopping.push(() => gateway.stop());
    const liveUrl = `${gateway.url}/v1/partner/tours/${tourId}/stages/${stageNumber}/live`;
    const probe = startSnapshotProbe(liveUrl, clock, freshness, options.probeMillis ?? 100);
    stopping.push(() => probe.stop());

    const rate = { at: performance.now(), fixes: 0, perSecond: 0 };
    const status = (): RehearsalStatus => {
      const now = performance.now();
      const accepted = relay.stats.fixesAccepted;
      if (now - rate.at >= 900) {
        rate.perSecond = ((accepted - rate.fixes) * 1000) / (now - rate.at);
        rate.at = now;
        rate.fixes = accepted;
      }
      const recent = freshness.figures(Date.now() - 30_000);
      const latest = probe.latest();
      const head = latest?.riders.find((r) => r.bib === latest.headBib);
      return {
        tour: tourId,
        stage: stageNumber,
        speed,
        raceClockMs: clock.now(),
        timeZone: stage.timeZone,
        headKmToGo:
          head && Math.max(0, ((latest?.routeLengthMeters ?? route.lengthMeters) - head.distanceMeters) / 1000),
        fixesPerSecond: rate.perSecond,
        freshnessP50RaceMillis: recent?.p50RaceMillis,
        freshnessP50WallMillis: recent?.p50WallMillis,
        ridersReporting: latest?.riders.filter((r) => r.status !== 'lost' && !r.finished).length ?? 0,
        ridersKnown: latest?.riders.length ?? 0,
        groups: latest?.groups.length ?? 0,
        quarantined,
        deadLettered: processor.stats().givenUpRecords + aggregator.stats().givenUpRecords,
        relayUnackedBytes: relay.status().spool.unackedBytes,
      };
    };
    let stopped: Promise<void> | undefined;
    return {
      url: `${gateway.url}/?tour=${tourId}&stage=${stageNumber}`,
      apiUrl: `${gateway.url}/v1`,
      tour: tourId,
      stage: stageNumber,
      speed,
      clock,
      feed,
      freshness,
      resources,
      moto: { endpoint: moto.endpoint, pid: moto.pid },
      snapshot: () => probe.latest(),
      pipeline: () => ({ processor: processor.stats(), aggregator: aggregator.stats(), archive: archive.stats() }),
      status,
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

async function countObjects(clients: LocalAwsClients, bucket: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    count += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return count;
}
