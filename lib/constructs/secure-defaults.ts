import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * Settings every tour-tracker bucket must have, applied after the caller's props so that no override weakens them
 * (STYLE §2.1): TLS only, no public access, no ACLs (the owner owns every object).
 */
export const PRIVATE_BUCKET = {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const satisfies Partial<s3.BucketProps>;

/**
 * The server access log bucket of a data bucket: SSE-S3 (S3 cannot deliver access logs to an SSE-KMS bucket),
 * private, a year of logs, kept with the stack. Its own accesses are not logged (into itself they would loop).
 * @param subject what it logs, for the acknowledgement, e.g. `the archive`
 */
export function accessLogsBucket(scope: Construct, id: string, subject: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    ...PRIVATE_BUCKET,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: `This is the access log bucket of ${subject}; logging its own accesses into itself would loop`,
  });
  return bucket;
}

/**
 * A customer-managed key with yearly rotation, kept when the stack is deleted: the data it protects is retained
 * too, and a deleted key would make that data unreadable.
 */
export function retainedRotatingKey(scope: Construct, id: string, description: string): kms.Key {
  return new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
}

/** A log group encrypted with a key of its own, and that key. */
export interface EncryptedLogGroup {
  readonly logGroup: logs.LogGroup;
  readonly key: kms.Key;
}

/** What names and keeps an encrypted log group. */
export interface EncryptedLogGroupProps {
  /** Fixed name of the log group: the key policy names it (see encryptedLogGroup). */
  readonly logGroupName: string;
  /** How long the log group keeps its events. */
  readonly retention: logs.RetentionDays;
  /** Description of the log group's key. */
  readonly description: string;
}

/**
 * A named log group encrypted with its own customer-managed key. The key policy lets CloudWatch Logs use the key for
 * this log group only; the name is fixed because a policy on the log group's ARN would be a key ↔ log group cycle.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): EncryptedLogGroup {
  const stack = Stack.of(scope);
  const key = retainedRotatingKey(scope, `${id}Key`, props.description);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:DescribeKey',
      ],
      resources: ['*'],
      conditions: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: props.logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  const logGroup = new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    encryptionKey: key,
    retention: props.retention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // The log group must not be created before the key policy that lets CloudWatch Logs use its key.
  logGroup.node.addDependency(key);
  return { logGroup, key };
}

/**
 * ESM bundle for Node 24 with this tour's config and routes copied beside it (handlers read them at cold start).
 * `minify` and `sourceMap` may be overridden; the format, target, external AWS SDK and the copy of the tour's files
 * always win, since the handlers cannot run without them.
 */
export function tourBundling(tourId: string, overrides?: BundlingOptions): BundlingOptions {
  return {
    minify: true,
    sourceMap: true,
    ...overrides,
    format: OutputFormat.ESM,
    target: 'node24',
    externalModules: ['@aws-sdk/*'],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        `mkdir -p "${outputDir}/config/tours"`,
        `cp -R "${inputDir}/config/tours/${tourId}.json" "${inputDir}/config/tours/${tourId}" "${outputDir}/config/tours/"`,
      ],
    },
  };
}
