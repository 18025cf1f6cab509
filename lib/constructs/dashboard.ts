import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { DefaultDashboardFactory, MonitoringFacade, SnsAlarmActionStrategy } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { apiCacheMetrics, opsNoteMarkdown, pipelineMetrics } from './dashboard-widgets';
import { retainedRotatingKey } from './secure-defaults';
import { ConstructTreeError } from '../errors';

/** Ops dashboard and alarms (DESIGN §7); every resource is optional so the construct can be tested alone. */
export interface DashboardProps {
  /** Tour id: names the dashboard (`TourTracker-<tourId>`), the alarms and the ops topic. */
  readonly tourId: string;
  /** Ingest stream: incoming records/bytes, write throttles, iterator age. @default undefined — no ingest row */
  readonly stream?: kinesis.IStream;
  /** Processor function: duration, errors, throttles, concurrency, iterator age. @default undefined — no row */
  readonly processor?: lambda.IFunction;
  /** Aggregator function: duration, errors, throttles, concurrency. @default undefined — no row */
  readonly aggregator?: lambda.IFunction;
  /** API function. @default undefined — no row */
  readonly apiFunction?: lambda.IFunction;
  /** State table: throttled reads and writes, system errors. @default undefined — no row */
  readonly table?: dynamodb.ITable;
  /** Dead-letter queues (processor, aggregator): depth. @default [] — no row */
  readonly deadLetterQueues?: readonly sqs.IQueue[];
  /** The REST API: 4xx, 5xx, latency, cache hits and misses. @default undefined — no row */
  readonly restApi?: apigateway.IRestApi;
  /** Stage of the REST API the metrics are read from. @default 'prod' — the stage ApiConstruct deploys */
  readonly apiStageName?: string;
  /** Web ACL in front of the API: allowed and blocked requests. @default undefined — no row */
  readonly webAcl?: wafv2.CfnWebACL;
  /** Alarms made elsewhere (e.g. the processor's DLQ alarm) that must also notify the ops topic. @default [] */
  readonly alarmsToNotify?: readonly cloudwatch.Alarm[];
  /**
   * Iterator age of the stream (Maximum) that raises the alarm, milliseconds.
   * @default { warning: 5_000, critical: 30_000 } — fans expect positions within seconds (DESIGN §1)
   */
  readonly iteratorAgeMillis?: { readonly warning: number; readonly critical: number };
  /**
   * Freshness (fix time → processed, worst per minute: Metrics Insights has no percentiles) that raises the alarm, ms.
   * @default { warning: 5_000, critical: 15_000 } — "within a couple of seconds of reality", with the relay's batching
   */
  readonly freshnessMillis?: { readonly warning: number; readonly critical: number };
  /**
   * Quarantined fixes per 5 minutes that raise a warning.
   * @default 600 — 1% of 200 fixes/s over 5 min: more means a tracker or relay is sending bad data
   */
  readonly quarantinedFixesPer5Minutes?: number;
}

/**
 * One CloudWatch dashboard for ops (summary row first, then one row per concern in pipeline order) built with
 * cdk-monitoring-constructs, and alarms that notify a KMS-encrypted, TLS-only SNS topic.
 */
export class DashboardConstruct extends Construct {
  /** Alarm notifications; subscribe the on-call rota to it (docs/deploy.md). */
  readonly topic: sns.Topic;
  /** Key of the topic; CloudWatch may use it to publish. */
  readonly topicKey: kms.Key;
  /** The facade that made the dashboard and the alarms. */
  readonly monitoring: MonitoringFacade;
  /** The dashboard. */
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const name = `TourTracker-${props.tourId}`;
    this.topicKey = retainedRotatingKey(this, 'TopicKey', `Encrypts the ${name} ops alarm topic`);
    // CloudWatch publishes alarm notifications to the encrypted topic: it needs the key, from this account only.
    this.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'OpsTopic', {
      displayName: `${name} ops alarms`,
      masterKey: this.topicKey,
      enforceSSL: true,
    });

    const dashboards = new DefaultDashboardFactory(this, 'Dashboards', {
      dashboardNamePrefix: name,
      createDashboard: true,
      createSummaryDashboard: false,
      createAlarmDashboard: false,
      detailDashboardRange: Duration.hours(6),
    });
    this.monitoring = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: name,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: this.topic }),
        datapointsToAlarm: 3,
        evaluationPeriods: 5,
      },
      metricFactoryDefaults: {},
      dashboardFactory: dashboards,
    });
    this.addRows(props);
    const dashboard = dashboards.dashboard;
    if (!dashboard) throw new ConstructTreeError('DashboardConstruct: the dashboard factory created no dashboard');
    this.dashboard = dashboard;
    for (const alarm of props.alarmsToNotify ?? []) alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
  }

  /** Summary first (what the ops team watches), then one row per concern in pipeline order. */
  private addRows(props: DashboardProps): void {
    const m = this.monitoring;
    const iteratorAge = props.iteratorAgeMillis ?? { warning: 5_000, critical: 30_000 };
    const freshness = props.freshnessMillis ?? { warning: 5_000, critical: 15_000 };
    const metrics = pipelineMetrics(props.stream);

    m.addLargeHeader(`Tour tracker ${props.tourId} — live operations`);
    m.addWidget(new cloudwatch.TextWidget({ markdown: opsNoteMarkdown(), width: 24, height: 4 }));
    m.monitorCustom({
      alarmFriendlyName: 'Summary',
      humanReadableName: 'Summary: ingest, lag, freshness, coverage',
      metricGroups: [
        ...(metrics.incomingRecords ? [{ title: 'Ingest (records/min)', metrics: [metrics.incomingRecords] }] : []),
        ...(metrics.incomingBytes ? [{ title: 'Ingest (bytes/min)', metrics: [metrics.incomingBytes] }] : []),
        {
          title: 'Freshness, worst fix per minute (ms)',
          metrics: [
            {
              metric: metrics.freshnessMax,
              alarmFriendlyName: 'FreshnessMax',
              addAlarm: {
                Warning: {
                  threshold: freshness.warning,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                },
                Critical: {
                  threshold: freshness.critical,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                },
              },
            },
          ],
        },
        { title: 'Riders reporting (max per batch, by stage)', metrics: [metrics.ridersReporting] },
      ],
    });
    if (props.stream) {
      m.monitorKinesisDataStream({
        streamName: props.stream.streamName,
        alarmFriendlyName: 'IngestStream',
        addIteratorMaxAgeAlarm: {
          Warning: { maxAgeInMillis: iteratorAge.warning },
          Critical: { maxAgeInMillis: iteratorAge.critical },
        },
        addPutRecordsThrottledAlarm: { Warning: { maxRecordsThrottledThreshold: 0 } },
      });
    }
    for (const [label, fn] of [
      ['Processor', props.processor],
      ['Aggregator', props.aggregator],
    ] as const) {
      if (!fn) continue;
      m.monitorLambdaFunction({
        lambdaFunction: fn,
        alarmFriendlyName: label,
        humanReadableName: `${label} Lambda`,
        addFaultCountAlarm: { Critical: { maxErrorCount: 0 } },
        addThrottlesCountAlarm: { Warning: { maxErrorCount: 0 } },
        ...(label === 'Processor' && {
          addMaxIteratorAgeAlarm: { Critical: { maxAgeInMillis: iteratorAge.critical } },
        }),
      });
    }
    m.monitorCustom({
      alarmFriendlyName: 'Quarantine',
      humanReadableName: 'Quarantined fixes by reason',
      metricGroups: [
        {
          title: 'Fixes quarantined (sum per 5 min, by reason)',
          metrics: [
            {
              metric: metrics.quarantinedTotal,
              alarmFriendlyName: 'FixesQuarantined',
              addAlarm: {
                Warning: {
                  threshold: props.quarantinedFixesPer5Minutes ?? 600,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                },
              },
            },
            metrics.quarantinedByReason,
          ],
        },
      ],
    });
    for (const [i, queue] of (props.deadLetterQueues ?? []).entries()) {
      m.monitorSqsQueue({ queue, alarmFriendlyName: `Dlq${i}`, humanReadableName: `Dead letters: ${queue.node.id}` });
    }
    if (props.table) {
      m.monitorDynamoTable({
        table: props.table,
        alarmFriendlyName: 'StateTable',
        addReadThrottledEventsCountAlarm: { Warning: { maxThrottledEventsThreshold: 0 } },
        addWriteThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: 0 } },
        addSystemErrorCountAlarm: { Critical: { maxErrorCount: 0 } },
      });
    }
    if (props.restApi) {
      m.monitorApiGateway({
        api: props.restApi,
        apiStage: props.apiStageName ?? 'prod',
        alarmFriendlyName: 'Api',
        add5XXFaultRateAlarm: { Critical: { maxErrorRate: 0.01 } },
        addLatencyP95Alarm: { Warning: { maxLatency: Duration.seconds(1) } },
      });
      m.monitorCustom({
        alarmFriendlyName: 'ApiCache',
        humanReadableName: 'API cache',
        metricGroups: [
          {
            title: 'Cache hits / misses (sum)',
            metrics: apiCacheMetrics(props.restApi.restApiName, props.apiStageName ?? 'prod'),
          },
        ],
      });
    }
    if (props.apiFunction) {
      m.monitorLambdaFunction({
        lambdaFunction: props.apiFunction,
        alarmFriendlyName: 'ApiFunction',
        humanReadableName: 'API Lambda',
        addThrottlesCountAlarm: { Warning: { maxErrorCount: 0 } },
      });
    }
    if (props.webAcl) {
      m.monitorWebApplicationFirewallAclV2({
        acl: props.webAcl,
        region: Stack.of(this).region,
        alarmFriendlyName: 'Waf',
        humanReadableName: 'WAF (allowed / blocked requests)',
      });
    }
  }
}
