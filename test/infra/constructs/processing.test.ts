import { Duration, Stack, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveConstruct } from '../../../lib/constructs/archive';
import { IngestConstruct } from '../../../lib/constructs/ingest';
import { ProcessingConstruct, type ProcessingProps } from '../../../lib/constructs/processing';
import { StorageConstruct } from '../../../lib/constructs/storage';
import { constructStack, logicalId, naggedApp, roleStatements, type NaggedApp, type PolicyStatement } from '../cdk-app';

/** The logical id of an L1 resource (`logicalId` takes an L2's default child). */
const cfnId = (element: CfnElement): string => Stack.of(element).getLogicalId(element);

describe('ProcessingConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  // eu-west-1 has Timestream for LiveAnalytics (the history variant).
  function synth(props: Partial<ProcessingProps> = {}, options: { history?: boolean } = {}) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app, options.history === true ? 'eu-west-1' : 'eu-west-3');
    const ingest = new IngestConstruct(stack, 'Ingest');
    const archive = new ArchiveConstruct(stack, 'Archive', { stream: ingest.stream, tourId: 'tdf2022' });
    const storage = new StorageConstruct(stack, 'Storage', {
      historyStore: options.history ? 'timestream' : 'none',
      archiveBucket: archive.bucket,
      tourId: 'tdf2022',
    });
    const processing = new ProcessingConstruct(stack, 'Processing', {
      stream: ingest.stream,
      stateTable: storage.table,
      tourId: 'tdf2022',
      accessLogsBucket: archive.logsBucket,
      history: storage.history,
      ...props,
    });
    return { archive, ingest, processing, storage, template: Template.fromStack(stack) };
  }

  function processorStatements(template: Template, processing: ProcessingConstruct): PolicyStatement[] {
    return roleStatements(template, processing.fn.role!);
  }

  it('maps the stream through an enhanced fan-out consumer, from TRIM_HORIZON with bisection, partial batch responses, parallelization 2 and the DLQ', () => {
    const { ingest, processing, template } = synth();

    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', {
      StreamARN: { 'Fn::GetAtt': [logicalId(ingest.stream), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(processing.processorConsumer), 'ConsumerARN'] },
      FunctionName: Stack.of(processing).resolve(processing.processorAlias.functionName),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 2,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 6 * 3600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(processing.dlq), 'Arn'] } },
      },
    });
  });

  it('passes batch size, parallelization and reserved concurrency through', () => {
    const { template } = synth({ batchSize: 50, parallelizationFactor: 4, reservedConcurrentExecutions: 8 });

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 50, ParallelizationFactor: 4 });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 8 });
  });

  it('runs the processor on Node.js 24, arm64, traced, with its table, bucket, tour and Powertools settings', () => {
    const { processing, storage, template } = synth();

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: logicalId(processing.logGroup) } },
      Environment: {
        Variables: Match.objectLike({
          STATE_TABLE_NAME: { Ref: logicalId(storage.table) },
          QUARANTINE_BUCKET_NAME: { Ref: logicalId(processing.quarantineBucket) },
          TOUR_ID: 'tdf2022',
          POWERTOOLS_SERVICE_NAME: 'processor',
          POWERTOOLS_METRICS_NAMESPACE: 'TourTracker',
        }),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('keeps the entry point, runtime and required environment when functionProps tries to override them', () => {
    const { template } = synth({
      functionProps: { memorySize: 2048, environment: { TOUR_ID: 'other', EXTRA: 'yes' }, tracing: undefined },
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 2048,
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ TOUR_ID: 'tdf2022', EXTRA: 'yes' }) },
    });
  });

  it('grants stream read with key decrypt, table data read/write and quarantine put, with no wildcard data action', () => {
    const { ingest, processing, storage, template } = synth();

    const statements = processorStatements(template, processing);

    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(ingest.key), 'Arn'] } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator']),
        Resource: { 'Fn::GetAtt': [logicalId(ingest.stream), 'Arn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']),
        Resource: [{ 'Fn::GetAtt': [logicalId(storage.table), 'Arn'] }],
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['s3:PutObject']),
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(processing.quarantineBucket), 'Arn'] }, '/quarantine/*']],
        },
      }),
    );
    const unscoped = statements.filter((s) => s.Resource === '*');
    expect(unscoped.flatMap((s) => s.Action)).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
  });

  it('encrypts the DLQ with KMS and denies it to requests without TLS', () => {
    const { processing, template } = synth();

    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: 'alias/aws/sqs' });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(processing.dlq) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('encrypts the quarantine bucket with its own key, blocks public access, logs accesses and expires objects after 90 days', () => {
    const { archive, processing, template } = synth();

    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(processing.quarantineKey), 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(archive.logsBucket) },
        LogFilePrefix: 'quarantine/',
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(processing.quarantineBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms as soon as one message is visible in the DLQ', () => {
    const { processing, template } = synth();

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(processing.dlq), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  });

  it('exposes error and iterator age metrics of the processor', () => {
    const { processing } = synth();

    expect(processing.metricErrors().metricName).toBe('Errors');
    expect(processing.metricIteratorAgeMilliseconds({ period: Duration.minutes(5) })).toMatchObject({
      metricName: 'IteratorAge',
      namespace: 'AWS/Lambda',
      statistic: 'Maximum',
    });
  });

  it('invokes the processor through its live alias, where provisioned concurrency can be scheduled', () => {
    const { processing, template } = synth();

    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: logicalId(processing.fn) },
    });
    expect(processing.processorAlias.aliasName).toBe('live');
  });

  it('writes history to Timestream with WriteRecords on the table only and names it in the environment', () => {
    const { processing, storage, template } = synth({}, { history: true });

    const statements = processorStatements(template, processing);

    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'timestream:WriteRecords',
        Resource: { 'Fn::GetAtt': [cfnId(storage.history.table!), 'Arn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'timestream:DescribeEndpoints', Resource: '*' }),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'processor',
          HISTORY_STORE: 'timestream',
          TIMESTREAM_DATABASE_NAME: { Ref: cfnId(storage.history.database!) },
          TIMESTREAM_TABLE_NAME: { 'Fn::GetAtt': [cfnId(storage.history.table!), 'Name'] },
        }),
      },
    });
  });

  it('tells the processor there is no history store when the tour has none, and grants no Timestream action', () => {
    const { processing, template } = synth();

    const actions = processorStatements(template, processing).flatMap((s) => s.Action);
    expect(actions.filter((a) => a.startsWith('timestream:'))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'processor', HISTORY_STORE: 'none' }) },
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('leaves no unacknowledged AwsSolutions finding with history', () => {
    synth({}, { history: true });

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
