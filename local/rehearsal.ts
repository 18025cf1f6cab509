import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { StageSnapshot } from '../core/race';
import { processLogger } from '../lambdas/shared/powertools';
import { startArchiveForwarder, type ArchiveForwarder } from './archive-forwarder';
import type { LocalAwsClients } from './aws-clients';
import type { MappingStats } from './event-source-mapping';
import { FreshnessMeter } from './freshness';
import { startGateway, type LocalGateway } from './gateway';
import { startLocalPipeline, type LocalPipeline, type PipelineOptions } from './pipeline';
import type { RaceClock } from './race-clock';
import { startSnapshotProbe } from './snapshot-probe';
import type { LocalResources } from './resources';
import type { RehearsalStatus } from './status-line';
import type { TelemetryFeed } from './telemetry-feed';

/** The second-screen page served at `/`. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');

/** What to rehearse; every field has a default so `startRehearsal()` runs the default show. */
export interface RehearsalOptions extends Pick<
  PipelineOptions,
  | 'tour'
  | 'stage'
  | 'speed'
  | 'seed'
  | 'faults'
  | 'replay'
  | 'riders'
  | 'maxSeconds'
  | 'batchingWindowMillis'
  | 'lingerMillis'
> {
  /** Gateway port on 127.0.0.1; 0 = any free port. @default 8080 */
  readonly port?: number;
  /** Folder the gateway serves outside `/v1`. @default DEFAULT_WEB_ROOT */
  readonly webRoot?: string;
  /** Wall ms between archive objects. @default 10000 (the stack buffers 60 s) */
  readonly archiveBufferingMillis?: number;
  /** How often the API's live snapshot is probed for freshness and status, wall ms. @default 100 */
  readonly probeMillis?: number;
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
  readonly moto: LocalPipeline['moto'];
  /** The newest stage snapshot the probe read from the API (partner tier), or undefined before the first. */
  snapshot(): StageSnapshot | undefined;
  /** Figures of the processor and aggregator mappings and the archive forwarder, and the fixes the relay sent. */
  pipeline(): {
    processor: MappingStats;
    aggregator: MappingStats;
    archive: { objects: number; records: number };
    fixesSent: number;
  };
  status(): RehearsalStatus;
  /** Stops probe, gateway and archive, then the pipeline (feed, relay, pollers, moto); removes the spool. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the real pipeline on one machine (`startLocalPipeline`: moto, simulator or replay, edge relay, processor and
 * aggregator) and adds the archive forwarder and the HTTP gateway in front of the real API handler and web/.
 * If anything fails while starting, what was started is stopped again before the error is thrown.
 */
export async function startRehearsal(options: RehearsalOptions = {}): Promise<Rehearsal> {
  const pipeline = await startLocalPipeline(options);
  const { tourId, stage, route, speed, clock, clients, resources, handlers, relay, processor, aggregator, feed } =
    pipeline;
  const stageNumber = stage.number;
  const names = resources.names;
  const stopping: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stopping.splice(0).reverse()) await stop();
    await pipeline.stop();
  };
  try {
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
      const alerts = pipeline.alerts();
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
        deadLettered: alerts.deadLetteredRecords,
        relayUnackedBytes: alerts.relayUnackedBytes,
        relayOldestUnsentWallMillis: alerts.relayOldestUnsentWallMillis,
        stalled: alerts.stalled,
        retrying: alerts.retrying,
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
      moto: pipeline.moto,
      snapshot: () => probe.latest(),
      pipeline: () => ({
        processor: processor.stats(),
        aggregator: aggregator.stats(),
        archive: archive.stats(),
        fixesSent: relay.stats.fixesSent,
      }),
      status,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
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
