/**
 * The versioned price table of the cost model: AWS list prices, on-demand, no free tier, no discounts, USD.
 * Bump `version` and `pricesAsOf` whenever a price changes, so every printed estimate says which table it used.
 *
 * Region: US East (N. Virginia) list prices stand in for the tours' EU regions (eu-west-1/eu-west-3), which are
 * typically 5–15 % higher for compute and requests; the model's point is the ratio between designs and each
 * component's share, which regional differences do not change. Check the live pages before budgeting:
 * @see https://aws.amazon.com/kinesis/data-streams/pricing/
 * @see https://aws.amazon.com/lambda/pricing/
 * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
 * @see https://aws.amazon.com/timestream/pricing/
 * @see https://aws.amazon.com/api-gateway/pricing/
 * @see https://aws.amazon.com/cloudfront/pricing/
 */
export const PRICE_TABLE = {
  version: 1,
  pricesAsOf: '2025-06-01',
  region: 'us-east-1 list prices (proxy for the EU tour regions)',
  kinesis: {
    /** On-demand: per stream-hour, whether data flows or not. */
    onDemandStreamHour: 0.04,
    /** On-demand: per GB written, each record rounded up to 1 KiB. */
    onDemandIngestGb: 0.08,
    /** On-demand: per GB read by a standard (shared-throughput) consumer. */
    onDemandRetrievalGb: 0.04,
    /** Provisioned: per shard-hour. */
    provisionedShardHour: 0.015,
    /** Provisioned: per million PUT payload units (each record rounded up to 25 KiB units). */
    provisionedPutUnitsMillion: 0.014,
    /** Enhanced fan-out: per consumer-shard-hour (the processor's consumer). */
    fanOutConsumerShardHour: 0.015,
    /** Enhanced fan-out: per GB pushed to the consumer. */
    fanOutRetrievalGb: 0.013,
  },
  firehose: {
    /** Per GB ingested, each record rounded up to 5 KiB. */
    ingestGb: 0.029,
  },
  lambda: {
    /** arm64 duration, per GB-second. */
    armGbSecond: 0.0000133334,
    /** Per million invocations. */
    requestsMillion: 0.2,
    /** Provisioned concurrency (arm64), per GB-second allocated. */
    provisionedGbSecond: 0.0000033334,
  },
  dynamodb: {
    /** On-demand, per million write request units (1 KiB each). */
    writeUnitsMillion: 0.625,
    /** On-demand, per million read request units (4 KiB strongly consistent each). */
    readUnitsMillion: 0.125,
    /** Table storage, per GB-month. */
    storageGbMonth: 0.25,
    /** Point-in-time recovery, per GB-month. */
    pitrGbMonth: 0.2,
  },
  timestream: {
    /** Per million writes of 1 KiB. */
    writesMillion: 0.5,
    /** Memory store, per GB-hour. */
    memoryGbHour: 0.036,
    /** Magnetic store, per GB-month. */
    magneticGbMonth: 0.03,
    /** Query compute, per Timestream Compute Unit hour (queries are billed by TCU since 2024). */
    queryTcuHour: 0.5,
  },
  s3: {
    putThousand: 0.005,
    getThousand: 0.0004,
    storageGbMonth: 0.023,
  },
  apiGateway: {
    /** REST API, per million requests (first 333 M a month). */
    restRequestsMillion: 3.5,
    /** Cache cluster of 0.5 GB, per hour. */
    cacheHour: 0.02,
  },
  waf: {
    webAclMonth: 5,
    ruleMonth: 1,
    requestsMillion: 0.6,
  },
  cloudfront: {
    /** HTTPS requests, per 10,000. */
    httpsRequestsTenThousand: 0.01,
    /** Data transfer out to the internet, per GB (first 10 TB). */
    transferOutGb: 0.085,
  },
  eventbridge: {
    /** Custom events published, per million. */
    eventsMillion: 1,
  },
  backup: {
    /** DynamoDB backup storage (warm), per GB-month. */
    dynamodbGbMonth: 0.1,
    /** Inter-region data transfer of copied recovery points and replicated objects, per GB. */
    crossRegionTransferGb: 0.02,
  },
  cloudwatch: {
    customMetricMonth: 0.3,
    dashboardMonth: 3,
    alarmMonth: 0.1,
    logsIngestGb: 0.5,
  },
} as const;

/** The shape of a price table (tests and what-if runs may pass another one). */
export type PriceTable = typeof PRICE_TABLE;

/** Hours in the month AWS bills monthly prices over. */
export const HOURS_PER_MONTH = 730;
