import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { onFailureQueue, tourFunction, type TourFunctionProps } from '../../../lib/constructs/lambda-defaults';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

/** A real handler module: NodejsFunction checks that its entry exists (bundling itself is skipped in tests). */
const ENTRY = fileURLToPath(new URL('../../../lambdas/aggregator/handler.ts', import.meta.url));

describe('tourFunction', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(props: Partial<TourFunctionProps> = {}) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const built = tourFunction(stack, 'Worker', {
      entry: ENTRY,
      service: 'worker',
      subject: 'the worker',
      tourId: 'tdf2022',
      environment: { TOUR_ID: 'tdf2022' },
      ...props,
    });
    // Tracing is always on, and X-Ray's actions take no resource: every caller acknowledges that finding.
    Validations.of(built.fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions',
    });
    return { ...built, template: Template.fromStack(stack) };
  }

  it('runs on Node.js 24, arm64, traced, with source maps and the Powertools service and namespace', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          TOUR_ID: 'tdf2022',
          POWERTOOLS_SERVICE_NAME: 'worker',
          POWERTOOLS_METRICS_NAMESPACE: 'TourTracker',
        },
      },
    });
  });

  it('logs to its own log group <id>Logs, kept a month and deleted with the stack', () => {
    const { fn, logGroup, template } = synth();

    expect(logGroup.node.id).toBe('WorkerLogs');
    expect(fn.node.scope).toBe(logGroup.node.scope);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logicalId(logGroup) } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it('keeps the log group for the given retention and removal policy', () => {
    const { template } = synth({ logRetention: 7, logRemovalPolicy: RemovalPolicy.RETAIN });

    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 7 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('keeps runtime, tracing, its own variables and the Powertools names when functionProps tries to override them', () => {
    const { template } = synth({
      functionProps: {
        memorySize: 2048,
        runtime: lambda.Runtime.NODEJS_20_X,
        tracing: lambda.Tracing.DISABLED,
        environment: { TOUR_ID: 'other', POWERTOOLS_SERVICE_NAME: 'other', EXTRA: 'yes' },
      },
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 2048,
      Runtime: 'nodejs24.x',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({ TOUR_ID: 'tdf2022', POWERTOOLS_SERVICE_NAME: 'worker', EXTRA: 'yes' }),
      },
    });
  });

  it('acknowledges the managed basic execution policy, and leaves no other AwsSolutions finding', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});

describe('onFailureQueue', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth() {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const queue = onFailureQueue(stack, 'WorkerDlq', 'the worker mapping');
    return { queue, template: Template.fromStack(stack) };
  }

  it('encrypts with KMS, keeps messages 14 days and denies requests without TLS', () => {
    const { queue, template } = synth();

    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: 'alias/aws/sqs',
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('acknowledges that it has no DLQ of its own, and leaves no other AwsSolutions finding', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
