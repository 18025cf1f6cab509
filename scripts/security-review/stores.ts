import {
  asList,
  constructPath,
  renderValue,
  resourcesOfType,
  type CfnResource,
  type CfnTemplate,
  type ConstructPaths,
} from './template-values';

/** How one data store is encrypted at rest and whether its resource policy refuses plain HTTP. */
export interface StoreReview {
  readonly type: string;
  readonly path: string;
  /** `KMS <key>` for a customer-managed key, or what else protects it; `NONE` when nothing does. */
  readonly encryption: string;
  /** True/false where the store has a resource policy that could refuse non-TLS requests; undefined otherwise. */
  readonly tlsOnly?: boolean;
}

type Reader = (resource: CfnResource) => string;

const prop = (resource: CfnResource, ...keys: string[]): unknown =>
  keys.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], resource.Properties);

const kmsOr = (key: unknown, otherwise: string): string => (key === undefined ? otherwise : `KMS ${renderValue(key)}`);

/** Where each store type keeps its key. */
const ENCRYPTION: Readonly<Record<string, Reader>> = {
  'AWS::DynamoDB::Table': (r) =>
    prop(r, 'SSESpecification', 'SSEEnabled') === true
      ? kmsOr(prop(r, 'SSESpecification', 'KMSMasterKeyId'), 'KMS aws/dynamodb')
      : 'AWS owned key (DynamoDB default)',
  'AWS::S3::Bucket': (r) => {
    const rule = asList(prop(r, 'BucketEncryption', 'ServerSideEncryptionConfiguration'))[0] as
      { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: unknown } } | undefined;
    const byDefault = rule?.ServerSideEncryptionByDefault;
    if (!byDefault) return 'SSE-S3 (S3 default)';
    return byDefault.SSEAlgorithm === 'AES256' ? 'SSE-S3' : kmsOr(byDefault.KMSMasterKeyID, 'KMS aws/s3');
  },
  'AWS::Kinesis::Stream': (r) => kmsOr(prop(r, 'StreamEncryption', 'KeyId'), 'NONE'),
  'AWS::SQS::Queue': (r) =>
    kmsOr(prop(r, 'KmsMasterKeyId'), prop(r, 'SqsManagedSseEnabled') === false ? 'NONE' : 'SSE-SQS'),
  'AWS::SNS::Topic': (r) => kmsOr(prop(r, 'KmsMasterKeyId'), 'NONE'),
  'AWS::Logs::LogGroup': (r) => kmsOr(prop(r, 'KmsKeyId'), 'CloudWatch Logs service key'),
  'AWS::Backup::BackupVault': (r) => kmsOr(prop(r, 'EncryptionKeyArn'), 'KMS aws/backup'),
  'AWS::Timestream::Database': (r) => kmsOr(prop(r, 'KmsKeyId'), 'KMS aws/timestream'),
  'AWS::KinesisFirehose::DeliveryStream': (r) =>
    kmsOr(
      prop(r, 'ExtendedS3DestinationConfiguration', 'EncryptionConfiguration', 'KMSEncryptionConfig', 'AWSKMSKeyARN'),
      'NONE',
    ),
};

/** Policy resource types and the property that names the store they protect. */
const POLICIES: readonly [policyType: string, storeType: string, targetKey: string][] = [
  ['AWS::S3::BucketPolicy', 'AWS::S3::Bucket', 'Bucket'],
  ['AWS::SNS::TopicPolicy', 'AWS::SNS::Topic', 'Topics'],
  ['AWS::SQS::QueuePolicy', 'AWS::SQS::Queue', 'Queues'],
];

/** Every store of a template with its encryption at rest and, for buckets, topics and queues, TLS-only. */
export function reviewStores(template: CfnTemplate, paths: ConstructPaths): StoreReview[] {
  const tlsOnly = new Set<string>();
  const withPolicy = new Set<string>();
  for (const [policyType, , targetKey] of POLICIES) {
    for (const [, policy] of resourcesOfType(template, policyType)) {
      const targets = asList(policy.Properties?.[targetKey]).map(renderValue);
      const statements = asList((policy.Properties?.PolicyDocument as { Statement?: unknown })?.Statement);
      const deniesHttp = statements.some((s) => JSON.stringify(s).includes('"aws:SecureTransport":"false"'));
      for (const target of targets) {
        withPolicy.add(target);
        if (deniesHttp) tlsOnly.add(target);
      }
    }
  }
  const policyTypes = new Set(POLICIES.map(([, storeType]) => storeType));
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => ENCRYPTION[r.Type] !== undefined)
    .map(([id, r]) => {
      const ref = `<${id}>`;
      return {
        type: r.Type,
        path: constructPath(id, paths),
        encryption: ENCRYPTION[r.Type]!(r),
        ...(policyTypes.has(r.Type) && { tlsOnly: withPolicy.has(ref) && tlsOnly.has(ref) }),
      };
    });
}
