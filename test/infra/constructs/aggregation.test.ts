import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { afterEach, describe, expect, it } from 'vitest';
import { AggregationConstruct, type AggregationProps } from '../../../lib/constructs/aggregation';
import { constructStack, logicalId, naggedApp, roleStatements, tourStorage, type NaggedApp } from '../cdk-app';

describe('AggregationConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  // The bus stands in for EventsConstruct's; the archive is imported (the aggregator never reads it).
  function synth(props: Partial<AggregationProps> = {}, options: { bus?: boolean } = {}) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const storage = tourStorage(stack);
    const bus = options.bus === true ? new events.EventBus(stack, 'Bus') : undefined;
    const aggregation = new AggregationConstruct(stack, 'Aggregation', {
      stateTable: storage.table,
      tourId: 'tdf2022',
      eventBus: bus,
      ...props,
    });
    return { aggregation, bus, storage, template: Template.fromStack(stack) };
  }

  it('maps the state table stream to the aggregator for inserted or modified rider items only, all it holds at once', () => {
    const { aggregation, storage, template } = synth();

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(storage.table), 'StreamArn'] },
      FunctionName: { Ref: logicalId(aggregation.fn) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 300,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(aggregation.dlq), 'Arn'] } },
      },
    });
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: { Ref: logicalId(aggregation.fn) } },
    });
    const patterns = Object.values(mappings).map(
      (m) => (m as { Properties: { FilterCriteria: { Filters: { Pattern: string }[] } } }).Properties.FilterCriteria,
    );
    expect(patterns.flatMap((c) => c.Filters.map((f) => JSON.parse(f.Pattern) as unknown))).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: [{ prefix: 'RIDER#' }] } } } },
    ]);
  });

  it('passes batch size and batching window through to the stream mapping', () => {
    const { template } = synth({ batchSize: 200, maxBatchingWindow: Duration.seconds(2) });

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 200,
      MaximumBatchingWindowInSeconds: 2,
    });
  });

  it('gives the aggregator its table, tour and bus, and PutEvents on that bus only', () => {
    const { aggregation, bus, storage, template } = synth({}, { bus: true });

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      TracingConfig: { Mode: 'Active' },
      MemorySize: 1024,
      Timeout: 30,
      LoggingConfig: { LogGroup: { Ref: logicalId(aggregation.logGroup) } },
      Environment: {
        Variables: Match.objectLike({
          STATE_TABLE_NAME: { Ref: logicalId(storage.table) },
          TOUR_ID: 'tdf2022',
          EVENT_BUS_NAME: { Ref: logicalId(bus!) },
          POWERTOOLS_SERVICE_NAME: 'aggregator',
        }),
      },
    });
    const statements = roleStatements(template, aggregation.fn.role!);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [logicalId(bus!), 'Arn'] } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
        Resource: { 'Fn::GetAtt': [logicalId(storage.table), 'StreamArn'] },
      }),
    );
    const unscoped = statements.filter((s) => s.Resource === '*').flatMap((s) => s.Action);
    expect(unscoped.sort()).toEqual(['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('leaves the bus name out of the aggregator environment when there is no bus', () => {
    const { aggregation, template } = synth();

    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'aggregator' } } },
    });
    const variables = Object.values(functions).map(
      (f) =>
        (f as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables,
    );
    expect(variables).toHaveLength(1);
    expect(variables[0]).not.toHaveProperty('EVENT_BUS_NAME');
    expect(aggregation.metricErrors().metricName).toBe('Errors');
  });

  it('encrypts the DLQ with KMS and denies it to requests without TLS', () => {
    const { aggregation, template } = synth();

    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: 'alias/aws/sqs' });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(aggregation.dlq) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('names its DLQ AggregatorDlq, the label of its dashboard row', () => {
    const { aggregation } = synth();

    expect(aggregation.dlq.node.id).toBe('AggregatorDlq');
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('leaves no unacknowledged AwsSolutions finding with an event bus', () => {
    synth({}, { bus: true });

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
