import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, it, expect } from 'vitest';
import { EventsConstruct, type EventsProps } from '../../../lib/constructs/events';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

// The first synth pays for loading aws-cdk-lib; on a shared 2-core machine that alone can pass vitest's 30 s default.
describe('EventsConstruct', { timeout: 120_000 }, () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(props: Partial<EventsProps> = {}) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const events = new EventsConstruct(stack, 'Events', { tourId: 'tdf2022', ...props });
    return { events, template: Template.fromStack(stack) };
  }

  it('encrypts the bus with its own rotating key and sends undeliverable events to its DLQ', () => {
    const { events, template } = synth();

    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'tour-tracker-tdf2022-race-events',
      KmsKeyIdentifier: { 'Fn::GetAtt': [logicalId(events.key), 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(events.dlq), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          }),
        ]),
      },
    });
  });

  it('lets only this bus send to the DLQ, over TLS, with SQS-managed encryption', () => {
    const { events, template } = synth();

    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(events.dlq) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(events.bus), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('archives every event of its account for 90 days, encrypted with a key of its own', () => {
    const { events, template } = synth();

    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [logicalId(events.bus), 'Arn'] },
      RetentionDays: 90,
      EventPattern: { account: ['123456789012'] },
      KmsKeyIdentifier: { 'Fn::GetAtt': [logicalId(events.archiveKey), 'Arn'] },
    });
  });

  it('takes the archive retention and extra pattern fields from its props, keeping the account', () => {
    const { template } = synth({ archiveRetention: Duration.days(30), archivePattern: { source: ['tour-tracker'] } });

    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 30,
      EventPattern: { source: ['tour-tracker'], account: ['123456789012'] },
    });
  });

  it('alarms as soon as one event waits in the DLQ', () => {
    const { events, template } = synth();

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(events.dlq), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
