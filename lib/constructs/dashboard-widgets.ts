import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { METRICS_NAMESPACE } from '../../lambdas/shared/env-fields';

// What DashboardConstruct shows that cdk-monitoring-constructs has no segment for: our metrics and the ops note.

/** API Gateway's CacheHitCount and CacheMissCount for the stage (the library's API segment does not graph them). */
export function apiCacheMetrics(restApiName: string, stageName: string): cloudwatch.Metric[] {
  const dimensionsMap = { ApiName: restApiName, Stage: stageName };
  return ['CacheHitCount', 'CacheMissCount'].map(
    (metricName) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap,
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
  );
}

/**
 * The text at the top of the dashboard. The ops team sits in San Francisco while the race is in Europe; CloudWatch
 * draws graphs in UTC unless a viewer switches the console to local time, so the note spells out the offsets.
 */
export function opsNoteMarkdown(): string {
  return [
    '**Times on these graphs are UTC** (the console default; "Local timezone" in the time-range menu switches it).',
    'July: San Francisco (PDT) = UTC−7, the race in France (CEST) = UTC+2, so the race is 9 h ahead of the ops room.',
    'Capacity is warmed before each start and released after the finish: `tour-tracker capacity --tour <id>` lists',
    'the times in UTC and race-local time. Freshness = fix time → processed; riders reporting = per processor batch.',
  ].join('\n');
}

/**
 * Our metrics, read across every dimension set the handlers emit (Powertools adds `service` beside `Stage` and
 * `Reason`) with CloudWatch Metrics Insights, which alarms accept; stream metrics when a stream is given.
 */
export function pipelineMetrics(stream?: kinesis.IStream) {
  const insights = (label: string, query: string, period = Duration.minutes(1)) =>
    new cloudwatch.MathExpression({ expression: query, label, period });
  return {
    incomingRecords: stream?.metricIncomingRecords({ statistic: 'Sum', period: Duration.minutes(1) }),
    incomingBytes: stream?.metricIncomingBytes({ statistic: 'Sum', period: Duration.minutes(1) }),
    freshnessMax: insights(
      'Freshness, worst (all stages)',
      `SELECT MAX(FreshnessMilliseconds) FROM ${METRICS_NAMESPACE}`,
    ),
    ridersReporting: insights(
      'Riders reporting',
      `SELECT MAX(RidersReporting) FROM ${METRICS_NAMESPACE} GROUP BY Stage`,
    ),
    quarantinedTotal: insights(
      'Fixes quarantined (all reasons)',
      `SELECT SUM(FixesQuarantined) FROM ${METRICS_NAMESPACE}`,
      Duration.minutes(5),
    ),
    quarantinedByReason: insights(
      'Fixes quarantined by reason',
      `SELECT SUM(FixesQuarantined) FROM ${METRICS_NAMESPACE} GROUP BY Reason`,
      Duration.minutes(5),
    ),
  };
}
