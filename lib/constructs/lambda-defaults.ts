import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../lambdas/shared/env-fields';
import { tourBundling } from './secure-defaults';

/** What differs between the tour-tracker functions; everything else is shared. */
export interface TourFunctionProps {
  /** Path of the handler module (exports `handler`). */
  readonly entry: string;
  /** Powertools service name (logs and metrics), e.g. `processor`. */
  readonly service: string;
  /** Who the function is, as the cdk-nag acknowledgments name it, e.g. `the processor`. */
  readonly subject: string;
  /** Tour id whose config and routes are bundled beside the handler. */
  readonly tourId: string;
  /** The handler's own variables (typed by the caller against the handler's zod schema). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * How long the function's log group keeps its events.
   * @default logs.RetentionDays.ONE_MONTH — long enough to investigate a stage after it ends
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.DESTROY — its events expire after `logRetention` anyway
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Merged over the shared defaults; bundling format, entry, runtime, tracing, log group and environment win. */
  readonly functionProps?: Partial<NodejsFunctionProps>;
}

/** A tour-tracker function and the log group it writes to. */
export interface TourFunction {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;
}

/**
 * A Node.js 24 arm64 ESM function, traced, that ships the tour's config and routes (read from disk at cold start),
 * with the Powertools service and namespace set and a log group `<id>Logs` that expires. The caller's
 * `functionProps` cannot weaken these: they are applied after it (STYLE §2.1).
 */
export function tourFunction(scope: Construct, id: string, props: TourFunctionProps): TourFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
  });
  const { functionProps } = props;
  const fn = new NodejsFunction(scope, id, {
    ...functionProps,
    bundling: tourBundling(props.tourId, functionProps?.bundling),
    entry: props.entry,
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      ...functionProps?.environment,
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: props.service,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    },
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: `The managed basic execution policy only lets ${props.subject} write its own CloudWatch logs`,
  });
  return { fn, logGroup };
}

/**
 * The on-failure destination of an event source mapping: KMS-encrypted, TLS only, messages kept 14 days, the
 * longest SQS allows.
 * @param mapping whose destination it is, as the acknowledgment names it, e.g. `the processor mapping`
 */
export function onFailureQueue(scope: Construct, id: string, mapping: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is the on-failure destination of ${mapping}; a DLQ of the DLQ would only move the problem`,
  });
  return queue;
}
