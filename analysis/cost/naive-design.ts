import type { PriceTable } from './price-table';
import { timestreamWriteUsage } from './tour-tracker-design';
import { GB, KIB, MILLION, type UsageLine } from './usage';
import { SIZE_ASSUMPTIONS as S, type StageWorkload } from './workload';

/** What the naive design spends per unit of work (the assumptions behind its lines; docs/cost.md). */
export const NAIVE_ASSUMPTIONS = {
  /** Lambda duration per fix: one invocation per record, a DynamoDB put and a Timestream write each, s. */
  processorSecondsPerFix: 0.025,
  /** Timestream single-measure records per fix (lat, lon, alt, km, speed, gradient, hdop). */
  timestreamRecordsPerFix: 7,
  /** API Lambda duration per fan request while it waits for a Timestream query, s. */
  apiSecondsPerRequest: 0.15,
  /** Small "latest positions" queries one Timestream Compute Unit (4 vCPU) answers per second. */
  queriesPerTcuSecond: 10,
  functionMemoryGb: 1,
} as const;

/**
 * Usage of one stage in the naive design the issue compares against: one Kinesis record and one Lambda invocation
 * per fix (no batching), a live-state and a track write per fix, one Timestream record per measure, and every fan
 * poll answered by a Timestream query through an uncached API (WAF on every request; API Gateway serves the bytes).
 */
export function naiveStageUsage(w: StageWorkload, p: PriceTable): UsageLine[] {
  const a = NAIVE_ASSUMPTIONS;
  const seconds = w.hours * 3600;
  const fixGb = (w.fixes * KIB) / GB; // every record billed as at least 1 KiB
  const fanRequests = (w.fans.fans / w.fans.pollSeconds) * seconds;
  const queryTcuHours = (w.fans.fans / w.fans.pollSeconds / a.queriesPerTcuSecond) * w.hours;
  const transferGb = (fanRequests * S.snapshotGzipKib * KIB) / GB;
  return [
    {
      component: 'Kinesis',
      item: 'stream-hours',
      quantity: w.hours,
      unit: 'hour',
      unitPrice: p.kinesis.onDemandStreamHour,
    },
    {
      component: 'Kinesis',
      item: 'data in (1 KiB per fix record)',
      quantity: fixGb,
      unit: 'GB',
      unitPrice: p.kinesis.onDemandIngestGb,
    },
    {
      component: 'Kinesis',
      item: 'data out (processor + Firehose)',
      quantity: 2 * fixGb,
      unit: 'GB',
      unitPrice: p.kinesis.onDemandRetrievalGb,
    },
    {
      component: 'Firehose',
      item: 'ingest (5 KiB per fix record)',
      quantity: 5 * fixGb,
      unit: 'GB',
      unitPrice: p.firehose.ingestGb,
    },
    {
      component: 'Lambda',
      item: 'one invocation per fix + per fan request',
      quantity: (w.fixes + fanRequests) / MILLION,
      unit: 'million',
      unitPrice: p.lambda.requestsMillion,
    },
    {
      component: 'Lambda',
      item: 'duration',
      quantity: (w.fixes * a.processorSecondsPerFix + fanRequests * a.apiSecondsPerRequest) * a.functionMemoryGb,
      unit: 'GB-s',
      unitPrice: p.lambda.armGbSecond,
    },
    {
      component: 'DynamoDB',
      item: 'live state + track point per fix',
      quantity: (w.fixes * (Math.ceil(S.riderItemKib) + 1)) / MILLION,
      unit: 'million WRU',
      unitPrice: p.dynamodb.writeUnitsMillion,
    },
    ...timestreamWriteUsage(w, p, a.timestreamRecordsPerFix),
    {
      component: 'Timestream',
      item: 'fan queries',
      quantity: queryTcuHours,
      unit: 'TCU-hour',
      unitPrice: p.timestream.queryTcuHour,
    },
    {
      component: 'S3',
      item: 'archive storage, 12 months',
      quantity: (fixGb / S.archiveGzipRatio) * 12,
      unit: 'GB-month',
      unitPrice: p.s3.storageGbMonth,
    },
    {
      component: 'API Gateway',
      item: 'every fan request',
      quantity: fanRequests / MILLION,
      unit: 'million',
      unitPrice: p.apiGateway.restRequestsMillion,
    },
    {
      component: 'API Gateway',
      item: 'responses to fans (data transfer out)',
      quantity: transferGb,
      unit: 'GB',
      unitPrice: p.cloudfront.transferOutGb,
    },
    {
      component: 'WAF',
      item: 'requests inspected',
      quantity: fanRequests / MILLION,
      unit: 'million',
      unitPrice: p.waf.requestsMillion,
    },
    {
      component: 'CloudWatch',
      item: 'logs (one invocation per fix)',
      quantity: (w.fixes * S.logKibPerInvocation * KIB) / GB,
      unit: 'GB',
      unitPrice: p.cloudwatch.logsIngestGb,
    },
  ];
}
