import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { retainedRotatingKey } from './secure-defaults';
import { ConstructPropsError } from '../errors';

/** Actions the edge relay's producer role gets on the stream: it only writes (edge/ calls PutRecords; no shard discovery). */
export const PRODUCER_STREAM_ACTIONS = ['kinesis:PutRecord', 'kinesis:PutRecords'] as const;

/** Ingest: the Kinesis stream the edge relay writes wire frames to, and the relay's least-privilege producer role (DESIGN §2). */
export interface IngestProps {
  /**
   * Fixed shard count (provisioned mode). Excludes `onDemand: true`.
   * @default undefined — on-demand: the race's load swings from zero overnight to peaks at the finish (DESIGN §7)
   */
  readonly shardCount?: number;
  /**
   * On-demand capacity mode. Excludes `shardCount`.
   * @default true unless `shardCount` is given — no capacity planning per tour; `false` alone means one shard
   */
  readonly onDemand?: boolean;
  /**
   * How long records stay in the stream: the window to replay into the processor after a fault.
   * @default Duration.hours(24) — the Kinesis base retention; the S3 archive keeps everything longer
   */
  readonly retention?: Duration;
  /**
   * Who may assume the producer role (the relay authenticates with IAM Roles Anywhere or an access key of this account).
   * @default new iam.AccountRootPrincipal() — only identities of this account that IAM policies allow to assume it
   */
  readonly producerPrincipal?: iam.IPrincipal;
  /** Merged over our stream defaults; encryption, the key and the capacity mode always win. */
  readonly streamProps?: Partial<kinesis.StreamProps>;
}

/** Kinesis stream (customer-managed KMS key, rotation on) plus the edge relay's producer role. */
export class IngestConstruct extends Construct {
  /** Wire frames from the edge relay, partitioned by device bucket (DESIGN §9). */
  readonly stream: kinesis.Stream;
  /** The stream's customer-managed key; consumers need kms:Decrypt on it. */
  readonly key: kms.Key;
  /** Role the edge relay assumes: PutRecord(s) on this stream, GenerateDataKey on its key, nothing else. */
  readonly producerRole: iam.Role;

  constructor(scope: Construct, id: string, props: IngestProps = {}) {
    super(scope, id);
    if (props.onDemand === true && props.shardCount !== undefined) {
      throw new ConstructPropsError(
        `IngestConstruct: onDemand and shardCount exclude each other, received onDemand: true and shardCount: ${props.shardCount}`,
      );
    }
    if (props.shardCount !== undefined && (!Number.isInteger(props.shardCount) || props.shardCount < 1)) {
      throw new ConstructPropsError(
        `IngestConstruct: shardCount must be a positive integer, received ${props.shardCount}`,
      );
    }
    const provisioned = props.shardCount !== undefined || props.onDemand === false;

    this.key = retainedRotatingKey(this, 'StreamKey', 'Encrypts the tour-tracker ingest stream at rest');
    this.stream = new kinesis.Stream(this, 'Stream', {
      retentionPeriod: props.retention ?? Duration.hours(24),
      ...props.streamProps,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: this.key,
      streamMode: provisioned ? kinesis.StreamMode.PROVISIONED : kinesis.StreamMode.ON_DEMAND,
      shardCount: provisioned ? (props.shardCount ?? 1) : undefined,
    });
    // A customer-managed key is our choice (rotation, key policy, cross-account control); KDS3 only warns about it.
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        'The stream uses a customer-managed KMS key with rotation, stricter than the aws/kinesis key KDS3 asks for',
    });

    this.producerRole = new iam.Role(this, 'ProducerRole', {
      assumedBy: props.producerPrincipal ?? new iam.AccountRootPrincipal(),
      description: 'Edge relay: writes wire frames to the ingest stream only',
      maxSessionDuration: Duration.hours(12),
    });
    this.stream.grant(this.producerRole, ...PRODUCER_STREAM_ACTIONS);
    // Producers of a KMS-encrypted stream need GenerateDataKey only; grantWrite would add ReEncrypt* and GenerateDataKey*.
    this.key.grant(this.producerRole, 'kms:GenerateDataKey');
  }

  /**
   * Switches the stream to provisioned mode with `shardCount` shards: the capacity plan's idle count, which the
   * capacity construct's scheduled UpdateShardCount raises before each stage and restores after it. For stacks
   * that build the ingest before they have the plan; passing `shardCount` at construction is equivalent.
   */
  useProvisionedShards(shardCount: number): void {
    if (!Number.isInteger(shardCount) || shardCount < 1) {
      throw new ConstructPropsError(`IngestConstruct: shardCount must be a positive integer, received ${shardCount}`);
    }
    const cfnStream = this.stream.node.defaultChild as kinesis.CfnStream;
    cfnStream.streamModeDetails = { streamMode: kinesis.StreamMode.PROVISIONED };
    cfnStream.shardCount = shardCount;
  }

  /** True when the stream has a fixed shard count (provisioned mode): only then can its shard count be scheduled. */
  get provisioned(): boolean {
    const details = (this.stream.node.defaultChild as kinesis.CfnStream).streamModeDetails;
    return (details as kinesis.CfnStream.StreamModeDetailsProperty | undefined)?.streamMode === 'PROVISIONED';
  }

  /** Records put per period (Sum): the ingest rate on the ops dashboard. */
  metricIncomingRecords(props?: Parameters<kinesis.Stream['metricIncomingRecords']>[0]) {
    return this.stream.metricIncomingRecords({ statistic: 'Sum', ...props });
  }

  /** Age of the oldest record a consumer has not read yet (Maximum), milliseconds. */
  metricIteratorAgeMilliseconds(props?: Parameters<kinesis.Stream['metricGetRecordsIteratorAgeMilliseconds']>[0]) {
    return this.stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: 'Maximum', ...props });
  }

  /** Bytes put per period (Sum): with records, what the shards' 1 MB/s write limit is measured against. */
  metricIncomingBytes(props?: Parameters<kinesis.Stream['metricIncomingBytes']>[0]) {
    return this.stream.metricIncomingBytes({ statistic: 'Sum', ...props });
  }

  /** Puts refused because a shard's write limit was exceeded (Sum): the relay retries them, but capacity is short. */
  metricWriteThrottled(props?: Parameters<kinesis.Stream['metricWriteProvisionedThroughputExceeded']>[0]) {
    return this.stream.metricWriteProvisionedThroughputExceeded({ statistic: 'Sum', ...props });
  }
}
