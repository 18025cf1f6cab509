import type { PriceTable } from './price-table';
import { GB, KIB, MILLION, type UsageLine } from './usage';
import { SIZE_ASSUMPTIONS as S, type StageWorkload } from './workload';

/** How the deployed design runs a stage: the numbers the capacity plan and the constructs use. */
export interface DesignShape {
  /** Kinesis capacity mode and shard count during the stage (on-demand reports its own shards). */
  readonly streamMode: 'on-demand' | 'provisioned';
  readonly shards: number;
  /** Concurrent processor batches per shard (the event source mapping's parallelization factor). */
  readonly parallelizationFactor: number;
  /** Processor and aggregator memory, GB. */
  readonly functionMemoryGb: number;
  /** Processor work per invocation besides per-fix compute (DynamoDB round trips), s. */
  readonly processorOverheadSeconds: number;
  /** Engine compute per fix, s (the processor benchmark's inverse throughput). */
  readonly processorSecondsPerFix: number;
  /** Aggregator runs per second (one per stream batch window) and seconds per run. */
  readonly aggregatorRunsPerSecond: number;
  readonly aggregatorSecondsPerRun: number;
  /** Race events published per stage. */
  readonly eventsPerStage: number;
}

/** The design's defaults (lib/event-source-mappings.ts: 1 GB functions, no batching windows, parallelization 2; a DynamoDB stream shard is read four times a second). */
export const DEFAULT_DESIGN: DesignShape = {
  streamMode: 'on-demand',
  shards: 4,
  parallelizationFactor: 2,
  functionMemoryGb: 1,
  processorOverheadSeconds: 0.04,
  processorSecondsPerFix: 10e-6,
  aggregatorRunsPerSecond: 4,
  aggregatorSecondsPerRun: 0.15,
  eventsPerStage: 300,
};

/**
 * Usage of one stage in tour-tracker's design (DESIGN §2): frames of many fixes per Kinesis record, batched
 * Lambda invocations, one rider item per rider per batch, downsampled tracks, one snapshot per second, multi-measure
 * history records, fans served from caches.
 */
export function tourTrackerStageUsage(w: StageWorkload, p: PriceTable, d: DesignShape = DEFAULT_DESIGN): UsageLine[] {
  const seconds = w.hours * 3600;
  const fixesPerSecond = w.devices * w.fixRateHz;
  const recordsPerSecond = Math.min(S.relayBuckets, w.devices);
  const frameBytes = S.frameEnvelopeBytes + (fixesPerSecond / recordsPerSecond) * S.fixBytesInFrame;
  const records = recordsPerSecond * seconds;
  const streamGb = (records * frameBytes) / GB;
  const lines: UsageLine[] = [];
  if (d.streamMode === 'on-demand') {
    const billedGb = (records * Math.ceil(frameBytes / KIB) * KIB) / GB;
    lines.push(
      {
        component: 'Kinesis',
        item: 'stream-hours',
        quantity: w.hours,
        unit: 'hour',
        unitPrice: p.kinesis.onDemandStreamHour,
      },
      {
        component: 'Kinesis',
        item: 'data in (1 KiB/record)',
        quantity: billedGb,
        unit: 'GB',
        unitPrice: p.kinesis.onDemandIngestGb,
      },
      {
        component: 'Kinesis',
        item: 'data out (Firehose)',
        quantity: streamGb,
        unit: 'GB',
        unitPrice: p.kinesis.onDemandRetrievalGb,
      },
    );
  } else {
    const putUnits = records * Math.ceil(frameBytes / (25 * KIB));
    lines.push(
      {
        component: 'Kinesis',
        item: 'shard-hours',
        quantity: d.shards * w.hours,
        unit: 'shard-hour',
        unitPrice: p.kinesis.provisionedShardHour,
      },
      {
        component: 'Kinesis',
        item: 'PUT payload units',
        quantity: putUnits / MILLION,
        unit: 'million',
        unitPrice: p.kinesis.provisionedPutUnitsMillion,
      },
    );
  }
  // The processor reads through an enhanced fan-out consumer (lib/event-source-mappings.ts): pushed, not polled.
  lines.push(
    {
      component: 'Kinesis',
      item: 'fan-out consumer-shard-hours (processor)',
      quantity: d.shards * w.hours,
      unit: 'consumer-shard-hour',
      unitPrice: p.kinesis.fanOutConsumerShardHour,
    },
    {
      component: 'Kinesis',
      item: 'fan-out data to the processor',
      quantity: streamGb,
      unit: 'GB',
      unitPrice: p.kinesis.fanOutRetrievalGb,
    },
  );
  const firehoseGb = (records * Math.ceil(frameBytes / (5 * KIB)) * 5 * KIB) / GB;
  lines.push({
    component: 'Firehose',
    item: 'ingest (5 KiB/record)',
    quantity: firehoseGb,
    unit: 'GB',
    unitPrice: p.firehose.ingestGb,
  });

  const processorInvocations = Math.min(recordsPerSecond, d.shards * d.parallelizationFactor) * seconds;
  const processorSeconds = processorInvocations * d.processorOverheadSeconds + w.fixes * d.processorSecondsPerFix;
  const aggregatorInvocations = d.aggregatorRunsPerSecond * seconds;
  const aggregatorSeconds = aggregatorInvocations * d.aggregatorSecondsPerRun;
  const fanRequests = (w.fans.fans / w.fans.pollSeconds) * seconds;
  const originRequests = fanRequests * (1 - w.fans.cacheHitRatio);
  const apiSeconds = originRequests * 0.02;
  lines.push(
    {
      component: 'Lambda',
      item: 'processor + aggregator + API invocations',
      quantity: (processorInvocations + aggregatorInvocations + originRequests) / MILLION,
      unit: 'million',
      unitPrice: p.lambda.requestsMillion,
    },
    {
      component: 'Lambda',
      item: 'duration',
      quantity: (processorSeconds + aggregatorSeconds + apiSeconds) * d.functionMemoryGb,
      unit: 'GB-s',
      unitPrice: p.lambda.armGbSecond,
    },
  );

  // One rider item per rider per processor batch (each rider's devices hash to one bucket, so about one batch a second).
  const riderWrites = w.riders * seconds * Math.ceil(S.riderItemKib);
  const trackWrites = (w.riders * seconds) / 10;
  // The snapshot, and its time-keyed copy when the public tier lags.
  const snapshotWrites = seconds * (w.snapshotCopies ? 2 : 1) * Math.ceil(S.snapshotKib);
  const riderReads = w.riders * seconds; // strongly consistent BatchGet of the batch's riders, ≤ 4 KiB each
  const aggregatorReads = aggregatorInvocations * Math.ceil((w.riders * S.riderItemKib) / 4);
  const apiReads = originRequests * Math.ceil(S.snapshotKib / 4);
  lines.push(
    {
      component: 'DynamoDB',
      item: 'writes (rider, track, snapshot, events)',
      quantity: (riderWrites + trackWrites + snapshotWrites + d.eventsPerStage) / MILLION,
      unit: 'million WRU',
      unitPrice: p.dynamodb.writeUnitsMillion,
    },
    {
      component: 'DynamoDB',
      item: 'reads (processor, aggregator, API misses)',
      quantity: (riderReads + aggregatorReads + apiReads) / MILLION,
      unit: 'million RRU',
      unitPrice: p.dynamodb.readUnitsMillion,
    },
  );

  if (w.timestream) lines.push(...timestreamWriteUsage(w, p, 1));

  const archiveGb = streamGb / S.archiveGzipRatio;
  lines.push(
    {
      component: 'S3',
      item: 'archive objects (one per 60 s buffer)',
      quantity: (w.hours * 60) / 1000,
      unit: 'thousand PUT',
      unitPrice: p.s3.putThousand,
    },
    {
      component: 'S3',
      item: 'archive storage, 12 months',
      quantity: archiveGb * 12,
      unit: 'GB-month',
      unitPrice: p.s3.storageGbMonth,
    },
    {
      component: 'Backup',
      item: 'archive replication to the backup region',
      quantity: archiveGb,
      unit: 'GB',
      unitPrice: p.backup.crossRegionTransferGb,
    },
  );

  lines.push(...fanDeliveryUsage(w, p, fanRequests, originRequests));
  lines.push({
    component: 'EventBridge',
    item: 'race events published',
    quantity: d.eventsPerStage / MILLION,
    unit: 'million',
    unitPrice: p.eventbridge.eventsMillion,
  });
  const logGb =
    ((processorInvocations + aggregatorInvocations) * S.logKibPerInvocation * KIB +
      originRequests * S.accessLogKibPerRequest * KIB) /
    GB;
  lines.push({
    component: 'CloudWatch',
    item: 'logs and EMF metrics ingested',
    quantity: logGb,
    unit: 'GB',
    unitPrice: p.cloudwatch.logsIngestGb,
  });
  return lines;
}

/** Timestream writes and storage of a stage's fixes, `recordsPerFix` records each (1 for multi-measure). */
export function timestreamWriteUsage(w: StageWorkload, p: PriceTable, recordsPerFix: number): UsageLine[] {
  const records = w.fixes * recordsPerFix;
  const gb = (w.fixes * S.historyRecordBytes) / GB;
  return [
    {
      component: 'Timestream',
      item: `history writes (${recordsPerFix} per fix)`,
      quantity: records / MILLION,
      unit: 'million',
      unitPrice: p.timestream.writesMillion,
    },
    {
      component: 'Timestream',
      item: 'memory store, 24 h',
      quantity: gb * 24,
      unit: 'GB-hour',
      unitPrice: p.timestream.memoryGbHour,
    },
    {
      component: 'Timestream',
      item: 'magnetic store, 12 months',
      quantity: gb * 12,
      unit: 'GB-month',
      unitPrice: p.timestream.magneticGbMonth,
    },
  ];
}

/** Fans through CloudFront: every poll is an edge request; misses go to API Gateway behind the regional WAF. */
function fanDeliveryUsage(w: StageWorkload, p: PriceTable, fanRequests: number, originRequests: number): UsageLine[] {
  const transferGb = (fanRequests * S.snapshotGzipKib * KIB) / GB;
  return [
    {
      component: 'CloudFront',
      item: 'fan requests',
      quantity: fanRequests / 10_000,
      unit: '10k requests',
      unitPrice: p.cloudfront.httpsRequestsTenThousand,
    },
    {
      component: 'CloudFront',
      item: 'snapshots to fans',
      quantity: transferGb,
      unit: 'GB',
      unitPrice: p.cloudfront.transferOutGb,
    },
    {
      component: 'API Gateway',
      item: 'cache misses reaching the API',
      quantity: originRequests / MILLION,
      unit: 'million',
      unitPrice: p.apiGateway.restRequestsMillion,
    },
    {
      component: 'API Gateway',
      item: 'cache cluster (0.5 GB)',
      quantity: w.hours,
      unit: 'hour',
      unitPrice: p.apiGateway.cacheHour,
    },
    {
      component: 'WAF',
      item: 'requests inspected',
      quantity: originRequests / MILLION,
      unit: 'million',
      unitPrice: p.waf.requestsMillion,
    },
  ];
}
