import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { stageFinder } from '../../core/tour-config/stage-at';
import { createKinesisClient, KinesisFixPublisher } from '../../edge/kinesis-publisher';
import { folderSource, parseS3Url, s3Source } from '../../edge/replay/archive-source';
import { replayStage } from '../../edge/replay/replay';
import { DEFAULT_BUCKETS, ownerDeviceBuckets } from '../../core/wire/partition';
import { loadTourConfig, stageOf } from '../../core/tour-config/load';
import { stageWindowUtcMs } from '../../core/tour-config/stage-times';
import type { Command } from './index';

const USAGE =
  'replay --from DIR|s3://BUCKET/PREFIX --tour ID --stage N --stream NAME [--speed X] [--region R] [--endpoint URL]';

/** Re-injects a stage's archived frames into a Kinesis stream (AWS or local), so that a stage can be reprocessed. */
export const replay: Command = {
  name: 'replay',
  summary: "re-inject a stage's archived frames into a stream (idempotent reprocessing)",
  usage: 'replay --from DIR|s3://… --tour ID --stage N --stream NAME',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        tour: { type: 'string' },
        stage: { type: 'string' },
        stream: { type: 'string' },
        speed: { type: 'string', default: '0' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        buckets: { type: 'string' },
      },
    });
    const stageNumber = Number(values.stage);
    const speed = Number(values.speed);
    const buckets = values.buckets !== undefined ? Number(values.buckets) : DEFAULT_BUCKETS;
    const problems = [
      !values.from && '--from is required',
      !values.tour && '--tour is required',
      !(Number.isInteger(stageNumber) && stageNumber >= 1) && '--stage must be a stage number',
      !values.stream && '--stream is required (the ingest stream name: a stack output, or the local one)',
      !(Number.isFinite(speed) && speed >= 0) && '--speed must be ≥ 0 (0 = as fast as possible)',
      !(Number.isInteger(buckets) && buckets >= 1) &&
        `--buckets must be a whole number ≥ 1, received ${values.buckets}`,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) {
      console.error(`replay: ${problems.join('; ')}\nusage: tour-tracker ${USAGE}`);
      return 2;
    }
    const tour = loadTourConfig(values.tour!);
    const stage = stageOf(tour, stageNumber);
    const region = values.region ?? process.env.AWS_REGION ?? tour.config.regions.primary;
    const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL;
    const s3Url = parseS3Url(values.from!);
    const s3 =
      s3Url &&
      new S3Client({
        region,
        requestHandler: new NodeHttpHandler(),
        ...(endpoint !== undefined && { endpoint, forcePathStyle: true }),
      });
    const source = s3Url && s3 ? s3Source(s3, s3Url.bucket, s3Url.prefix) : folderSource(values.from!);
    const kinesis = createKinesisClient({ region, ...(endpoint !== undefined && { endpoint }) });
    const finder = stageFinder(tour.config);
    const { startMs } = stageWindowUtcMs(stage);
    const days = [0, 1].map((d) => new Date(startMs + d * 86_400_000).toISOString().slice(0, 10));
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    try {
      const report = await replayStage({
        source,
        tourId: tour.config.id,
        days,
        inStage: (t) => finder(t) === stageNumber,
        publisher: new KinesisFixPublisher(kinesis, values.stream!),
        speed,
        buckets,
        deviceBuckets: ownerDeviceBuckets(tour.config.devices, buckets),
        signal: controller.signal,
        log: (line) => console.error(line),
      });
      console.log(
        `replayed ${report.sent} frames (${report.fixes} fixes) of ${tour.config.id} stage ${stageNumber} from ` +
          `${source.description} into ${values.stream}; ${report.retried} records re-sent after refusals`,
      );
      return controller.signal.aborted ? 130 : 0;
    } finally {
      process.removeListener('SIGINT', stop);
      kinesis.destroy();
      s3?.destroy();
    }
  },
};
