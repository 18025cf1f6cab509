import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RIDER_SORT_KEY_PREFIX } from '../../lambdas/adapters/dynamo/table-definition';
import type { AggregatorEnv } from '../../lambdas/aggregator/env';
import { onFailureQueue, tourFunction } from './lambda-defaults';
import { AGGREGATOR_MAPPING_SETTINGS } from '../event-source-mappings';

/** The aggregator's entry point (exports `handler`). */
const AGGREGATOR_ENTRY = fileURLToPath(new URL('../../lambdas/aggregator/handler.ts', import.meta.url));

/** Variables the aggregator reads in AWS; typed against its zod schema so a renamed variable fails `tsc`. */
type AggregatorEnvironment = Readonly<
  Record<'STATE_TABLE_NAME' | 'TOUR_ID', string> &
    Partial<Record<Exclude<keyof AggregatorEnv, 'AWS_ENDPOINT_URL'>, string>>
>;

/** Per-stage aggregation: rider items on the state table's stream → aggregator Lambda → snapshot, passages, events. */
export interface AggregationProps {
  /** The state table: its stream invokes the aggregator, which gets read/write on the table's data only. */
  readonly stateTable: dynamodb.ITable;
  /** Tour id of the config the aggregator loads, e.g. `tdf2022`. */
  readonly tourId: string;
  /**
   * Bus the aggregator publishes new race events to (EventsConstruct's bus); it gets events:PutEvents on it only.
   * @default undefined — events are only stored in the state table
   */
  readonly eventBus?: events.IEventBus;
  /**
   * Stream records per aggregator invocation; the aggregator rebuilds each touched stage once per batch.
   * @default 1000 (AGGREGATOR_MAPPING_SETTINGS) — a run takes whatever the stream holds
   */
  readonly batchSize?: number;
  /**
   * How long the stream mapping gathers rider records before invoking the aggregator: snapshot rate versus cost.
   * @default none (AGGREGATOR_MAPPING_SETTINGS) — up to four snapshots a second, so fans see a fix within the DESIGN §1 couple of seconds
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * How long the aggregator's log group keeps its events.
   * @default logs.RetentionDays.ONE_MONTH — long enough to investigate a stage after it ends
   */
  readonly logRetention?: logs.RetentionDays;
}

/** The aggregator on the state table's stream, invoked for rider items only, with its on-failure DLQ and grants. */
export class AggregationConstruct extends Construct {
  /** The aggregator: rider items on the state table's stream → stage snapshot, passages and race events. */
  readonly fn: NodejsFunction;
  /** Metadata of stream batches the aggregator gave up on (the next rider write rebuilds the snapshot anyway). */
  readonly dlq: sqs.Queue;
  /** The aggregator's log group. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AggregationProps) {
    super(scope, id);
    // The queue's id names its dashboard row (`Dead letters: AggregatorDlq`), so it says whose queue it is.
    this.dlq = onFailureQueue(this, 'AggregatorDlq', 'the aggregator mapping');
    const environment: AggregatorEnvironment = {
      STATE_TABLE_NAME: props.stateTable.tableName,
      TOUR_ID: props.tourId,
      ...(props.eventBus && { EVENT_BUS_NAME: props.eventBus.eventBusName }),
    };
    ({ fn: this.fn, logGroup: this.logGroup } = tourFunction(this, 'Aggregator', {
      entry: AGGREGATOR_ENTRY,
      service: 'aggregator',
      subject: 'the aggregator',
      tourId: props.tourId,
      logRetention: props.logRetention,
      environment,
      functionProps: { memorySize: 1024, timeout: Duration.seconds(30) },
    }));
    this.fn.addEventSource(
      new DynamoEventSource(props.stateTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // Only the processor's rider items: the aggregator's own snapshot, event and passages writes never invoke it.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { Keys: { sk: { S: lambda.FilterRule.beginsWith(RIDER_SORT_KEY_PREFIX) } } },
          }),
        ],
        batchSize: props.batchSize ?? AGGREGATOR_MAPPING_SETTINGS.batchSize,
        maxBatchingWindow: props.maxBatchingWindow ?? Duration.millis(AGGREGATOR_MAPPING_SETTINGS.batchingWindowMillis),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: AGGREGATOR_MAPPING_SETTINGS.retryAttempts,
        maxRecordAge: Duration.millis(AGGREGATOR_MAPPING_SETTINGS.maxRecordAgeMillis),
        onFailure: new SqsDlq(this.dlq),
      }),
    );
    props.stateTable.grantReadWriteData(this.fn);
    props.eventBus?.grantPutEventsTo(this.fn);
    const acknowledged: Record<string, string> = {
      'AwsSolutions-IAM5[Resource::*]':
        'X-Ray PutTraceSegments/PutTelemetryRecords and dynamodb:ListStreams (stream mapping) support no resource-level permissions',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': 'Granted by Table.grantReadWriteData on the state table key only',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        'The aggregator encrypts with the state table key only (CDK grant, scoped to that key)',
    };
    for (const [ruleId, reason] of Object.entries(acknowledged))
      Validations.of(this.fn).acknowledge({ id: ruleId, reason });
  }

  /** Aggregator invocations that failed (Sum). */
  metricErrors(props?: cloudwatch.MetricOptions) {
    return this.fn.metricErrors({ statistic: 'Sum', ...props });
  }
}
