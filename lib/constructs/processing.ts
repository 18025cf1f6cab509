import { fileURLToPath } from 'node:url';
import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisConsumerEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { historyStoreVariables } from '../../lambdas/shared/env-fields';
import type { ProcessorEnv } from '../../lambdas/processor/env';
import type { HistoryStoreConstruct } from './history-store';
import { onFailureQueue, tourFunction } from './lambda-defaults';
import { PRIVATE_BUCKET, retainedRotatingKey } from './secure-defaults';
import { PROCESSOR_MAPPING_SETTINGS } from '../event-source-mappings';

/** The processor's entry point (exports `handler`). */
const PROCESSOR_ENTRY = fileURLToPath(new URL('../../lambdas/processor/handler.ts', import.meta.url));

/** Variables the processor reads in AWS; typed against its zod schema so a renamed variable fails `tsc`. */
type ProcessorEnvironment = Readonly<
  Record<'STATE_TABLE_NAME' | 'QUARANTINE_BUCKET_NAME' | 'TOUR_ID' | 'HISTORY_STORE', string> &
    Partial<Record<Exclude<keyof ProcessorEnv, 'AWS_ENDPOINT_URL'>, string>>
>;

/** Per-fix processing: Kinesis → processor Lambda → rider state and tracks, bad input to quarantine (DESIGN §2). */
export interface ProcessingProps {
  /** Wire frames from the edge relay; the processor gets read access (and kms:Decrypt on its key) only. */
  readonly stream: kinesis.IStream;
  /** Rider live state and tracks; the construct grants read/write on this table's data only. */
  readonly stateTable: dynamodb.ITable;
  /** Tour id of the config the processor loads, e.g. `tdf2022`. */
  readonly tourId: string;
  /**
   * The fix history the processor writes every accepted fix to (StorageConstruct's history); it grants and names it.
   * @default undefined — no history is written: the S3 archive is the only history
   */
  readonly history?: HistoryStoreConstruct;
  /** Bucket that receives the quarantine bucket's server access logs (the archive's logs bucket). */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Records per invocation.
   * @default 100 — each record already carries up to ~500 fixes
   * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
   */
  readonly batchSize?: number;
  /**
   * Concurrent batches per shard (1–10); order still holds per partition key (the relay's device bucket).
   * The relay must spread devices over at least shards × parallelizationFactor buckets, or the extra pollers idle.
   * @default 2 — one shard keeps up with peaks at the finish without resharding, and ordering per device holds
   */
  readonly parallelizationFactor?: number;
  /**
   * How long Lambda gathers records before invoking: freshness versus invocations.
   * @default none (PROCESSOR_MAPPING_SETTINGS) — Lambda reads each shard about once a second anyway; a window only adds latency
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Retries of a failing batch before its metadata goes to the DLQ; bisection halves the batch on each.
   * @default 10 — enough bisections to isolate one poison record out of 100 and retry transient throttles
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this are given up on and sent to the DLQ.
   * @default Duration.hours(6) — the DLQ entry then still points into the stream's 24 h retention, leaving time to replay
   */
  readonly maxRecordAge?: Duration;
  /**
   * Reserved concurrent executions of the processor.
   * @default undefined — unreserved: the mapping already caps it at shards × parallelizationFactor
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Age at which quarantined objects are deleted.
   * @default Duration.days(90) — covers the three-week tour plus the post-race review; the archive keeps the raw frames anyway
   */
  readonly quarantineExpiration?: Duration;
  /**
   * How long the processor's log group keeps its events.
   * @default logs.RetentionDays.ONE_MONTH — long enough to investigate a stage after it ends
   */
  readonly logRetention?: logs.RetentionDays;
  /** Merged over our function defaults; the entry point, runtime, tracing, log group and environment always win. */
  readonly functionProps?: Partial<NodejsFunctionProps>;
}

/** The processor Lambda on the ingest stream, its quarantine bucket, its on-failure DLQ and the DLQ alarm. */
export class ProcessingConstruct extends Construct {
  /** The processor function. */
  readonly fn: NodejsFunction;
  /** Metadata (shard, sequence range) of batches the processor gave up on; replay them from the stream or the archive. */
  readonly dlq: sqs.Queue;
  /** Raw bytes, reason and source of every quarantined fix. */
  readonly quarantineBucket: s3.Bucket;
  /** Customer-managed key of the quarantine bucket. */
  readonly quarantineKey: kms.Key;
  /** The processor's log group. */
  readonly logGroup: logs.LogGroup;
  /** In alarm as soon as one message is visible in the DLQ: a batch was dropped from live processing. */
  readonly dlqAlarm: cloudwatch.Alarm;
  /** The `live` alias the Kinesis mapping invokes: provisioned concurrency (CapacityConstruct) is scheduled on it. */
  readonly processorAlias: lambda.Alias;
  /** The processor's enhanced fan-out consumer of the stream (its mapping's source). */
  readonly processorConsumer: kinesis.StreamConsumer;

  constructor(scope: Construct, id: string, props: ProcessingProps) {
    super(scope, id);
    // Log delivery through a bucket policy on the logs bucket, not the legacy ACL (that bucket enforces owner ownership).
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.quarantineKey = retainedRotatingKey(
      this,
      'QuarantineKey',
      'Encrypts the tour-tracker quarantined fixes at rest',
    );
    this.quarantineBucket = new s3.Bucket(this, 'Quarantine', {
      lifecycleRules: [
        {
          expiration: props.quarantineExpiration ?? Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.quarantineKey,
      bucketKeyEnabled: true,
      ...PRIVATE_BUCKET,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'quarantine/',
    });

    this.dlq = onFailureQueue(this, 'Dlq', 'the processor mapping');
    const environment: ProcessorEnvironment = {
      STATE_TABLE_NAME: props.stateTable.tableName,
      QUARANTINE_BUCKET_NAME: this.quarantineBucket.bucketName,
      TOUR_ID: props.tourId,
      ...(props.history?.writerEnvironment() ?? historyStoreVariables({ store: 'none' })),
    };
    ({ fn: this.fn, logGroup: this.logGroup } = tourFunction(this, 'Processor', {
      entry: PROCESSOR_ENTRY,
      service: 'processor',
      subject: 'the processor',
      tourId: props.tourId,
      logRetention: props.logRetention,
      environment,
      functionProps: {
        memorySize: 1024,
        timeout: Duration.minutes(1),
        reservedConcurrentExecutions: props.reservedConcurrentExecutions,
        ...props.functionProps,
      },
    }));
    // Provisioned concurrency lives on an alias; the mapping must invoke the alias for it to be used.
    this.processorAlias = new lambda.Alias(this, 'ProcessorLive', {
      aliasName: 'live',
      version: this.fn.currentVersion,
    });
    // An enhanced fan-out consumer: records are pushed to the processor instead of polled once a second.
    this.processorConsumer = new kinesis.StreamConsumer(this, 'ProcessorConsumer', {
      stream: props.stream,
      streamConsumerName: `${Names.uniqueResourceName(this, { maxLength: 100 })}-processor`,
    });
    this.processorAlias.addEventSource(
      new KinesisConsumerEventSource(this.processorConsumer, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? PROCESSOR_MAPPING_SETTINGS.batchSize,
        maxBatchingWindow: props.maxBatchingWindow ?? Duration.millis(PROCESSOR_MAPPING_SETTINGS.batchingWindowMillis),
        parallelizationFactor: props.parallelizationFactor ?? PROCESSOR_MAPPING_SETTINGS.parallelizationFactor,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: props.retryAttempts ?? PROCESSOR_MAPPING_SETTINGS.retryAttempts,
        maxRecordAge: props.maxRecordAge ?? Duration.millis(PROCESSOR_MAPPING_SETTINGS.maxRecordAgeMillis),
        onFailure: new SqsDlq(this.dlq),
      }),
    );
    props.stream.grantRead(this.fn);
    props.stateTable.grantReadWriteData(this.fn);
    props.history?.grantWrite(this.fn);
    // The quarantine sink writes under quarantine/ only (core/ports/quarantine-sink.ts).
    this.quarantineBucket.grantPut(this.fn, 'quarantine/*');
    const quarantineLogicalId = Stack.of(this).getLogicalId(this.quarantineBucket.node.defaultChild as s3.CfnBucket);
    const acknowledged: Record<string, string> = {
      'AwsSolutions-IAM5[Resource::*]':
        'X-Ray PutTraceSegments/PutTelemetryRecords (tracing active) and timestream:DescribeEndpoints support no resource-level permissions',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]':
        'Granted by Table.grantReadWriteData and Bucket.grantPut on the state table key and the quarantine key only',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        'The processor encrypts with the state table key and the quarantine key only (CDK grants, scoped to those keys)',
      'AwsSolutions-IAM5[Action::s3:Abort*]':
        'Bucket.grantPut lets the processor abort its own multipart uploads, in the quarantine bucket only',
      [`AwsSolutions-IAM5[Resource::<${quarantineLogicalId}.Arn>/quarantine/*]`]:
        'Quarantine keys embed day, shard, sequence and reason, so any key under quarantine/ of the quarantine bucket only',
    };
    for (const [ruleId, reason] of Object.entries(acknowledged)) {
      Validations.of(this.fn).acknowledge({ id: ruleId, reason });
    }

    this.dlqAlarm = new cloudwatch.Alarm(this, 'DlqAlarm', {
      alarmDescription:
        'The processor gave up on a batch: replay it from the stream or the archive (shard and sequence in the message)',
      metric: this.dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Invocations that failed (Sum): a whole batch failed, not a single quarantined fix. */
  metricErrors(props?: cloudwatch.MetricOptions) {
    return this.fn.metricErrors({ statistic: 'Sum', ...props });
  }

  /** Age of the last record of each batch when the processor received it (Maximum), milliseconds: live lag. */
  metricIteratorAgeMilliseconds(props?: cloudwatch.MetricOptions) {
    return this.fn.metric('IteratorAge', { statistic: 'Maximum', ...props });
  }
}
