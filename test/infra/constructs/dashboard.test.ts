import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardConstruct, type DashboardProps } from '../../../lib/constructs/dashboard';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

/** Imported stand-ins: the dashboard only reads names and metrics, and imports carry no nag findings of their own. */
function resources(stack: Stack): Omit<DashboardProps, 'tourId'> {
  const fn = (name: string) =>
    lambda.Function.fromFunctionAttributes(stack, name, {
      functionArn: `arn:aws:lambda:eu-west-3:123456789012:function:${name}`,
      sameEnvironment: true,
    });
  const alarmQueue = sqs.Queue.fromQueueArn(stack, 'Dlq', 'arn:aws:sqs:eu-west-3:123456789012:processor-dlq');
  return {
    stream: kinesis.Stream.fromStreamArn(stack, 'Stream', 'arn:aws:kinesis:eu-west-3:123456789012:stream/ingest'),
    processor: fn('processor'),
    aggregator: fn('aggregator'),
    apiFunction: fn('api'),
    table: dynamodb.Table.fromTableName(stack, 'Table', 'state'),
    deadLetterQueues: [alarmQueue],
    restApi: apigateway.RestApi.fromRestApiAttributes(stack, 'Api', {
      restApiId: 'abc123',
      rootResourceId: 'root',
      restApiName: 'tour-tracker-api',
    }),
    webAcl: new wafv2.CfnWebACL(stack, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
      name: 'tour-tracker-acl',
    }),
  };
}

describe('DashboardConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(withResources: boolean) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const external = new cloudwatch.Alarm(stack, 'External', {
      metric: new cloudwatch.Metric({ namespace: 'X', metricName: 'Y', period: Duration.minutes(1) }),
      threshold: 0,
      evaluationPeriods: 1,
    });
    const dashboard = new DashboardConstruct(stack, 'Dashboard', {
      tourId: 'tdf2022',
      ...(withResources ? resources(stack) : {}),
      alarmsToNotify: [external],
    });
    return { stack, dashboard, template: Template.fromStack(stack) };
  }

  function body(template: Template): string {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    return JSON.stringify((dashboards[0] as any).Properties.DashboardBody);
  }

  it('encrypts the ops topic with its own rotating key and denies publishing without TLS', () => {
    const { dashboard, template } = synth(false);

    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(dashboard.topicKey), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  it('says on the dashboard which time zone the graphs use, for the ops room in San Francisco', () => {
    const { template } = synth(false);

    expect(body(template)).toContain('Times on these graphs are UTC');
    expect(body(template)).toContain('San Francisco (PDT) = UTC−7');
  });

  it('graphs every pipeline resource it is given, with our own metrics read through Metrics Insights', () => {
    const { template } = synth(true);

    const text = body(template);
    for (const expected of [
      'IncomingRecords',
      'IncomingBytes',
      'GetRecords.IteratorAgeMilliseconds',
      'processor',
      'aggregator',
      'ConcurrentExecutions',
      'Throttles',
      'SELECT MAX(FreshnessMilliseconds) FROM TourTracker',
      'SELECT MAX(RidersReporting) FROM TourTracker GROUP BY Stage',
      'SELECT SUM(FixesQuarantined) FROM TourTracker GROUP BY Reason',
      'ApproximateNumberOfMessagesVisible',
      'WriteThrottleEvents',
      '5XXError',
      '4XXError',
      'CacheHitCount',
      'CacheMissCount',
      'BlockedRequests',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('leaves out the rows of resources it is not given', () => {
    const { template } = synth(false);

    const text = body(template);
    expect(text).not.toContain('IncomingRecords');
    expect(text).not.toContain('BlockedRequests');
    expect(text).toContain('FreshnessMilliseconds');
  });

  it('sends every alarm, its own and the ones handed to it, to the ops topic', () => {
    const { dashboard, template } = synth(true);

    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    const topic = { Ref: logicalId(dashboard.topic) };
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([topic]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'SELECT MAX(FreshnessMilliseconds) FROM TourTracker' }),
      ]),
      Threshold: 15_000,
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth(true);

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
