import { writeFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RelayConfigError } from '../../edge/errors';
import { DEFAULT_LINGER_MILLIS } from '../../edge/forwarder';
import { createKinesisClient, KinesisFixPublisher } from '../../edge/kinesis-publisher';
import { MemoryFixPublisher } from '../../edge/memory-publisher';
import { DEFAULT_BUCKETS, ownerDeviceBuckets } from '../../core/wire/partition';
import type { FixPublisher } from '../../edge/publisher';
import { Relay } from '../../edge/relay';
import type { FsyncPolicy } from '../../edge/spool';
import { formatStatusLine } from '../../edge/status';
import { processLogger } from '../../lambdas/shared/powertools';
import { loadTourConfig } from '../../core/tour-config/load';
import type { Command } from './index';

/** The edge relay in the race truck: mesh input → crash-safe spool → Kinesis (issue 8, docs/edge-relay.md). */
export const relay: Command = {
  name: 'relay',
  summary: 'edge relay: spool mesh fixes on disk, forward to Kinesis (--help)',
  usage: 'relay --spool DIR (--stream NAME | --dry-run) [options]',
  get help() {
    return HELP;
  },
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        spool: { type: 'string' },
        stream: { type: 'string' },
        region: { type: 'string', default: process.env.AWS_REGION ?? 'eu-west-1' },
        endpoint: { type: 'string' },
        tcp: { type: 'string' },
        input: { type: 'string' },
        gateway: { type: 'string', default: 'race-truck' },
        buckets: { type: 'string', default: String(DEFAULT_BUCKETS) },
        tour: { type: 'string' },
        fsync: { type: 'string', default: 'batch' },
        'max-spool-mb': { type: 'string', default: '2048' },
        'segment-mb': { type: 'string', default: '64' },
        'linger-ms': { type: 'string', default: String(DEFAULT_LINGER_MILLIS) },
        'status-json': { type: 'string' },
        'status-every-ms': { type: 'string', default: '5000' },
        'exit-when-drained': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!values.spool) throw new RelayConfigError('--spool DIR is required (see relay --help)');
    if (!values.stream && !values['dry-run']) throw new RelayConfigError('give --stream NAME, or --dry-run');
    if (!values.tcp && !values.input) throw new RelayConfigError('give --tcp PORT and/or --input FILE|-');
    const logger = processLogger('edge-relay');
    const buckets = integer('--buckets', values.buckets, 1);
    const relayInstance = new Relay({
      spoolDir: values.spool,
      publisher: publisherFor(values.stream, values.region, values.endpoint, values['dry-run']),
      logger,
      gateway: values.gateway,
      buckets,
      ...(values.tour && { deviceBuckets: ownerDeviceBuckets(loadTourConfig(values.tour).config.devices, buckets) }),
      fsync: fsyncPolicy(values.fsync),
      maxSpoolBytes: integer('--max-spool-mb', values['max-spool-mb'], 1) * 1024 * 1024,
      segmentBytes: integer('--segment-mb', values['segment-mb'], 1) * 1024 * 1024,
      lingerMillis: integer('--linger-ms', values['linger-ms'], 0),
    });
    relayInstance.start();
    const statusEvery = integer('--status-every-ms', values['status-every-ms'], 50);
    const report = (): void => {
      const status = relayInstance.status();
      console.error(formatStatusLine(status));
      if (values['status-json']) {
        writeFileSync(`${values['status-json']}.tmp`, JSON.stringify(status));
        renameSync(`${values['status-json']}.tmp`, values['status-json']);
      }
    };
    const timer = setInterval(report, statusEvery);
    let signalled = false;
    const stopSignal = new Promise<void>((resolve) => {
      const onSignal = (): void => {
        signalled = true;
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    if (values.tcp)
      console.error(`relay listening on 127.0.0.1:${await relayInstance.listen(integer('--tcp', values.tcp, 0))}`);
    if (values.input) {
      await Promise.race([relayInstance.replay(values.input), stopSignal]);
      logger.info('input replayed', {
        fixes: relayInstance.stats.fixesAccepted,
        rejected: relayInstance.stats.rejectedTotal,
      });
    }
    if (values['exit-when-drained']) {
      while (!relayInstance.drained && !signalled) await new Promise((resolve) => setTimeout(resolve, 50));
    } else {
      await stopSignal;
    }
    report();
    clearInterval(timer);
    await relayInstance.stop();
    return 0;
  },
};

function publisherFor(
  stream: string | undefined,
  region: string,
  endpoint: string | undefined,
  dryRun: boolean,
): FixPublisher {
  if (dryRun || !stream) return new MemoryFixPublisher();
  const credentials =
    endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID
      ? { accessKeyId: 'test', secretAccessKey: 'test' }
      : undefined;
  const client = createKinesisClient({
    region,
    ...(endpoint !== undefined && { endpoint }),
    ...(credentials && { credentials }),
  });
  return new KinesisFixPublisher(client, stream);
}

function fsyncPolicy(text: string): FsyncPolicy {
  if (text === 'batch') return { kind: 'per-batch' };
  return { kind: 'interval', everyMillis: integer('--fsync', text, 1) };
}

function integer(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new RelayConfigError(`${option} must be an integer >= ${min}, received "${text}"`);
  return value;
}

const HELP = `usage: tour-tracker relay --spool DIR (--stream NAME | --dry-run) (--tcp PORT | --input FILE|-) [options]

Spools fixes from the radio mesh on disk and forwards them to Kinesis (docs/edge-relay.md).
Input is line-delimited JSON wire frames, as \`tour-tracker simulate\` writes them.

options:
  --spool DIR            spool directory (segments + ack cursor); a restart resumes from it
  --stream NAME          Kinesis stream (credentials: the SDK chain, i.e. the ingest producer role)
  --region R             AWS region (default $AWS_REGION or eu-west-1)
  --endpoint URL         endpoint override for the local emulator, e.g. http://127.0.0.1:5055
  --tcp PORT             listen for mesh gateways on 127.0.0.1:PORT (0 = any free port)
  --input FILE|-         replay a frames file, or stdin
  --gateway ID           the relay's id in every frame (default race-truck)
  --buckets N            device buckets = partition keys, >= shards x parallelization (default ${DEFAULT_BUCKETS})
  --tour ID              deal the tour config's device owners to the buckets: a rider's bikes share one (recommended)
  --fsync batch|MS       fsync per appended batch (default), or every MS milliseconds
  --max-spool-mb N       disk bound of unacknowledged data; when full, input pauses (default 2048)
  --segment-mb N         spool segment size (default 64)
  --linger-ms N          live lane waits this long to fill frames (default ${DEFAULT_LINGER_MILLIS})
  --status-json FILE     rewrite FILE with the status JSON at every status tick
  --status-every-ms N    status line interval on stderr (default 5000)
  --exit-when-drained    exit once the input has ended and Kinesis has acknowledged every fix
  --dry-run              forward to an in-memory sink instead of Kinesis`;
