import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { retainedRotatingKey } from './secure-defaults';

/** Race stories (breakaway formed, gap growing, crash, catch, results) published by the aggregator (DESIGN §2). */
export interface EventsProps {
  /** Tour id, part of the bus name (`tour-tracker-<tourId>-race-events`). */
  readonly tourId: string;
  /**
   * How long the archive keeps every event on the bus, so that a consumer can replay a stage.
   * @default Duration.days(90) — the three-week tour plus the post-race review, as the quarantine bucket keeps
   */
  readonly archiveRetention?: Duration;
  /**
   * Extra event pattern fields the archive keeps; the bus's own account is always required.
   * @default every event this account puts on the bus
   */
  readonly archivePattern?: events.EventPattern;
}

/** A customer-managed-key EventBridge bus for race events, its replay archive and the DLQ of events it cannot deliver. */
export class EventsConstruct extends Construct {
  /** The race events bus; the aggregator puts events on it, consumers add rules to it. */
  readonly bus: events.EventBus;
  /** Customer-managed key of the bus. */
  readonly key: kms.Key;
  /** Customer-managed key of the archive (its key policy names the bus, so it cannot be the bus's own key). */
  readonly archiveKey: kms.Key;
  /** Every event on the bus for `archiveRetention`: replay a stage to a new consumer. */
  readonly archive: events.Archive;
  /** Events the bus could not deliver (for example a key policy mistake): they are kept here, not lost. */
  readonly dlq: sqs.Queue;
  /** In alarm as soon as one event waits in the DLQ. */
  readonly dlqAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    this.key = retainedRotatingKey(this, 'BusKey', 'Encrypts the tour-tracker race events bus');
    this.archiveKey = retainedRotatingKey(this, 'ArchiveKey', 'Encrypts the tour-tracker race events archive');
    // SSE-SQS, not aws/sqs: EventBridge cannot send to a queue encrypted with the AWS-managed SQS key.
    this.dlq = new sqs.Queue(this, 'Dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the race events bus; a DLQ of the DLQ would only move the problem',
    });

    this.bus = new events.EventBus(this, 'Bus', {
      // A fixed name: the key policy names the bus, and a generated name would make key and bus depend on each other.
      eventBusName: `tour-tracker-${props.tourId}-race-events`,
      description: 'tour-tracker race events (stories of the race) for fans, partners and replays',
      kmsKey: this.key,
      deadLetterQueue: this.dlq,
    });
    this.dlq.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RaceEventsBusDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.dlq.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.bus.eventBusArn } },
      }),
    );

    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: 'Every race event, for replaying a stage',
      eventPattern: { ...props.archivePattern, account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(90),
      kmsKey: this.archiveKey,
    });

    this.dlqAlarm = new cloudwatch.Alarm(this, 'DlqAlarm', {
      alarmDescription: 'The race events bus could not deliver an event: inspect the DLQ message for the reason',
      metric: this.dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
