import { fileURLToPath } from 'node:url';
import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, KinesisConsumerEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { riderSortKey } from '../../lambdas/adapters/dynamo/table-definition';
import type { AggregatorEnv } from '../../lambdas/aggregator/env';
import type { ProcessorEnv } from '../../lambdas/processor/env';
import type { HistoryTarget } from './storage';
import { PRIVATE_BUCKET, retainedRotatingKey, tourBundling } from './secure-defaults';
import { AGGREGATOR_MAPPING_SETTINGS, PROCESSOR_MAPPING_SETTINGS } from '../event-source-mappings';

/** The processor's entry point (exports `handler`). */
const PROCESSOR_ENTRY = fileURLToPath(new URL('../../lambdas/processor/handler.ts', import.meta.url));

/** The aggregator's entry point (exports `handler`). */
const AGGREGATOR_ENTRY = fileURLToPath(new URL('../../lambdas/aggregator/handler.ts', import.meta.url));

/** Sort key prefix of rider items: the only stream records the aggregator is invoked for. */
const RIDER_SORT_KEY_PREFIX = riderSortKey(0).replace(/0$/, '');

/** Variables the processor reads in AWS; typed against its zod schema so a renamed variable fails `tsc`. */
type ProcessorEnvironment = Readonly<
  Record<'STATE_TABLE_NAME' | 'QUARANTINE_BUCKET_NAME' | 'TOUR_ID' | 'HISTORY_STORE', string> &
    Partial<Record<Exclude<keyof ProcessorEnv, 'AWS_ENDPOINT_URL'>, string>>
>;

/** Variables the aggregator reads in AWS, typed against its zod schema. */
type AggregatorEnvironment = Readonly<
  Record<'STATE_TABLE_NAME' | 'TOUR_ID', string> &
    Partial<Record<Exclude<keyof AggregatorEnv, 'AWS_ENDPOINT_URL'>, string>>
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
   * The Timestream fix history the processor writes every accepted fix to (StorageConstruct's history).
   * @default undefined — the tour's history store is `none`: the S3 archive is the only history
   */
  readonly history?: HistoryTarget;
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
  /**
   * Bus the aggregator publishes new race events to (EventsConstruct's bus); it gets events:PutEvents on it only.
   * @default undefined — events are only stored in the state table
   */
  readonly eventBus?: events.IEventBus;
  /**
   * Stream records per aggregator invocation; the aggregator rebuilds each touched stage once per batch.
   * @default 1000 (AGGREGATOR_MAPPING_SETTINGS) — a run takes whatever the stream holds
   */
  readonly aggregatorBatchSize?: number;
  /**
   * How long the stream mapping gathers rider records before invoking the aggregator: snapshot rate versus cost.
   * @default none (AGGREGATOR_MAPPING_SETTINGS) — up to four snapshots a second, so fans see a fix within the DESIGN §1 couple of seconds
   */
  readonly aggregatorBatchingWindow?: Duration;
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
  /** The aggregator: rider items on the state table's stream → stage snapshot, passages and race events. */
  readonly aggregatorFn: NodejsFunction;
  /** Metadata of stream batches the aggregator gave up on (the next rider write rebuilds the snapshot anyway). */
  readonly aggregatorDlq: sqs.Queue;
  /** The aggregator's log group. */
  readonly aggregatorLogGroup: logs.LogGroup;

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

    this.dlq = new sqs.Queue(this, 'Dlq', {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the on-failure destination of the processor mapping; a DLQ of the DLQ would only move the problem',
    });

    this.logGroup = new logs.LogGroup(this, 'ProcessorLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const environment: ProcessorEnvironment = {
      STATE_TABLE_NAME: props.stateTable.tableName,
      QUARANTINE_BUCKET_NAME: this.quarantineBucket.bucketName,
      TOUR_ID: props.tourId,
      HISTORY_STORE: props.history === undefined ? 'none' : 'timestream',
      ...(props.history && {
        TIMESTREAM_DATABASE_NAME: props.history.databaseName,
        TIMESTREAM_TABLE_NAME: props.history.tableName,
      }),
    };
    this.fn = tourFunction(this, 'Processor', {
      entry: PROCESSOR_ENTRY,
      service: 'processor',
      tourId: props.tourId,
      logGroup: this.logGroup,
      environment,
      functionProps: {
        memorySize: 1024,
        timeout: Duration.minutes(1),
        reservedConcurrentExecutions: props.reservedConcurrentExecutions,
        ...props.functionProps,
      },
    });
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
    if (props.history !== undefined) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['timestream:WriteRecords'], resources: [props.history.tableArn] }),
      );
      // The SDK discovers the Timestream endpoint first; DescribeEndpoints has no resource-level permission.
      this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['timestream:DescribeEndpoints'], resources: ['*'] }));
    }
    // The quarantine sink writes under quarantine/ only (core/ports/quarantine-sink.ts).
    this.quarantineBucket.grantPut(this.fn, 'quarantine/*');
    const quarantineLogicalId = Stack.of(this).getLogicalId(this.quarantineBucket.node.defaultChild as s3.CfnBucket);
    const acknowledged: Record<string, string> = {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'The managed basic execution policy only lets the processor write its own CloudWatch logs',
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

    ({ fn: this.aggregatorFn, dlq: this.aggregatorDlq, logGroup: this.aggregatorLogGroup } = this.addAggregator(props));
  }

  /** The aggregator on the state table's stream, invoked for rider items only, with its DLQ and grants. */
  private addAggregator(props: ProcessingProps) {
    const dlq = new sqs.Queue(this, 'AggregatorDlq', {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the on-failure destination of the aggregator mapping; a DLQ of the DLQ would only move the problem',
    });
    const logGroup = new logs.LogGroup(this, 'AggregatorLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const environment: AggregatorEnvironment = {
      STATE_TABLE_NAME: props.stateTable.tableName,
      TOUR_ID: props.tourId,
      ...(props.eventBus && { EVENT_BUS_NAME: props.eventBus.eventBusName }),
    };
    const fn = tourFunction(this, 'Aggregator', {
      entry: AGGREGATOR_ENTRY,
      service: 'aggregator',
      tourId: props.tourId,
      logGroup,
      environment,
      functionProps: { memorySize: 1024, timeout: Duration.seconds(30) },
    });
    fn.addEventSource(
      new DynamoEventSource(props.stateTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // Only the processor's rider items: the aggregator's own snapshot, event and passages writes never invoke it.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { Keys: { sk: { S: lambda.FilterRule.beginsWith(RIDER_SORT_KEY_PREFIX) } } },
          }),
        ],
        batchSize: props.aggregatorBatchSize ?? AGGREGATOR_MAPPING_SETTINGS.batchSize,
        maxBatchingWindow:
          props.aggregatorBatchingWindow ?? Duration.millis(AGGREGATOR_MAPPING_SETTINGS.batchingWindowMillis),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: AGGREGATOR_MAPPING_SETTINGS.retryAttempts,
        maxRecordAge: Duration.millis(AGGREGATOR_MAPPING_SETTINGS.maxRecordAgeMillis),
        onFailure: new SqsDlq(dlq),
      }),
    );
    props.stateTable.grantReadWriteData(fn);
    props.eventBus?.grantPutEventsTo(fn);
    const acknowledged: Record<string, string> = {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'The managed basic execution policy only lets the aggregator write its own CloudWatch logs',
      'AwsSolutions-IAM5[Resource::*]':
        'X-Ray PutTraceSegments/PutTelemetryRecords and dynamodb:ListStreams (stream mapping) support no resource-level permissions',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': 'Granted by Table.grantReadWriteData on the state table key only',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        'The aggregator encrypts with the state table key only (CDK grant, scoped to that key)',
    };
    for (const [ruleId, reason] of Object.entries(acknowledged)) Validations.of(fn).acknowledge({ id: ruleId, reason });
    return { fn, dlq, logGroup };
  }

  /** Aggregator invocations that failed (Sum). */
  metricAggregatorErrors(props?: cloudwatch.MetricOptions) {
    return this.aggregatorFn.metricErrors({ statistic: 'Sum', ...props });
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

/** What differs between the tour-tracker functions; everything else is shared. */
interface TourFunctionOptions {
  readonly entry: string;
  /** Powertools service name (logs and metrics). */
  readonly service: string;
  readonly tourId: string;
  readonly logGroup: logs.ILogGroup;
  readonly environment: Readonly<Record<string, string>>;
  /** Merged over the shared defaults; bundling format, entry, runtime, tracing, log group and environment win. */
  readonly functionProps?: Partial<NodejsFunctionProps>;
}

/** A Node.js 24 arm64 ESM function that ships the tour's config and routes (read from disk at cold start). */
function tourFunction(scope: Construct, id: string, options: TourFunctionOptions): NodejsFunction {
  const { functionProps } = options;
  return new NodejsFunction(scope, id, {
    ...functionProps,
    bundling: tourBundling(options.tourId, functionProps?.bundling),
    entry: options.entry,
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    tracing: lambda.Tracing.ACTIVE,
    logGroup: options.logGroup,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      ...functionProps?.environment,
      ...options.environment,
      POWERTOOLS_SERVICE_NAME: options.service,
      POWERTOOLS_METRICS_NAMESPACE: 'TourTracker',
    },
  });
}
