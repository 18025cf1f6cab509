import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../../core/tour-config/schema';
import { ArchiveConstruct } from '../../../lib/constructs/archive';
import { HistoryStoreConstruct, type HistoryStoreProps } from '../../../lib/constructs/history-store';
import { constructStack, logicalId, naggedApp, roleStatements, type NaggedApp } from '../cdk-app';

/** The logical id of an L1 resource (`logicalId` takes an L2's default child). */
const cfnId = (element: CfnElement): string => Stack.of(element).getLogicalId(element);

describe('HistoryStoreConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  /**
   * A history store and a role standing in for a function, given `access` to it. The role acknowledges what every
   * real grantee acknowledges: DescribeEndpoints' `*` and the store's own read acknowledgments.
   */
  function synth(
    store: HistoryStore,
    access: 'read' | 'write' | 'nothing' = 'nothing',
    props: Partial<HistoryStoreProps> = {},
  ) {
    nagged = naggedApp();
    // Timestream for LiveAnalytics exists in eu-west-1, not in eu-west-3.
    const stack = constructStack(nagged.app, store === 'timestream' ? 'eu-west-1' : 'eu-west-3');
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', 'arn:aws:kinesis:eu-west-3:123456789012:stream/s');
    const archive = new ArchiveConstruct(stack, 'Archive', { stream, tourId: 'tdf2022' });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const history = new HistoryStoreConstruct(stack, 'History', {
      store,
      key,
      archiveBucket: archive.bucket,
      tourId: 'tdf2022',
      ...props,
    });
    const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    if (access === 'read') history.grantRead(role);
    if (access === 'write') history.grantWrite(role);
    const acknowledged = {
      'AwsSolutions-IAM5[Resource::*]': 'timestream:DescribeEndpoints supports no resource-level permission',
      ...history.readAcknowledgements(),
    };
    for (const [id, reason] of Object.entries(acknowledged)) Validations.of(role).acknowledge({ id, reason });
    return { archive, history, key, role, template: Template.fromStack(stack) };
  }

  describe('with store timestream', () => {
    it('creates a database encrypted with the given key and a table with retention and magnetic store writes, both retained', () => {
      const { history, key, template } = synth('timestream');

      template.hasResource('AWS::Timestream::Database', {
        Properties: { KmsKeyId: { 'Fn::GetAtt': [logicalId(key), 'Arn'] } },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      template.hasResource('AWS::Timestream::Table', {
        Properties: {
          DatabaseName: { Ref: cfnId(history.database!) },
          RetentionProperties: { MemoryStoreRetentionPeriodInHours: '24', MagneticStoreRetentionPeriodInDays: '730' },
          MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
        },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('passes memory and magnetic store retention through', () => {
      const { template } = synth('timestream', 'nothing', {
        memoryStoreRetention: Duration.hours(12),
        magneticStoreRetention: Duration.days(365),
      });

      template.hasResourceProperties('AWS::Timestream::Table', {
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: '12', MagneticStoreRetentionPeriodInDays: '365' },
      });
    });

    it('grants a writer WriteRecords on the table and DescribeEndpoints, nothing else', () => {
      const { history, role, template } = synth('timestream', 'write');

      expect(roleStatements(template, role)).toEqual([
        {
          Action: 'timestream:WriteRecords',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [cfnId(history.table!), 'Arn'] },
        },
        { Action: 'timestream:DescribeEndpoints', Effect: 'Allow', Resource: '*' },
      ]);
    });

    it('grants a reader Select on the table and DescribeEndpoints, nothing else', () => {
      const { history, role, template } = synth('timestream', 'read');

      expect(roleStatements(template, role)).toEqual([
        { Action: 'timestream:Select', Effect: 'Allow', Resource: { 'Fn::GetAtt': [cfnId(history.table!), 'Arn'] } },
        { Action: 'timestream:DescribeEndpoints', Effect: 'Allow', Resource: '*' },
      ]);
    });

    it('names the database and table to writers and readers alike', () => {
      const { history } = synth('timestream');

      const expected = {
        HISTORY_STORE: 'timestream',
        TIMESTREAM_DATABASE_NAME: { Ref: cfnId(history.database!) },
        TIMESTREAM_TABLE_NAME: { 'Fn::GetAtt': [cfnId(history.table!), 'Name'] },
      };
      expect(Stack.of(history).resolve(history.writerEnvironment())).toEqual(expected);
      expect(Stack.of(history).resolve(history.readerEnvironment())).toEqual(expected);
    });

    it('leaves no unacknowledged AwsSolutions finding with a reader and a writer', () => {
      const { history, role } = synth('timestream', 'read');

      history.grantWrite(role);

      expect(nagged.nagReport().violations).toEqual([]);
    });
  });

  describe('with store none', () => {
    it('creates no Timestream resource', () => {
      const { history, template } = synth('none');

      expect(history.database).toBeUndefined();
      expect(history.table).toBeUndefined();
      template.resourceCountIs('AWS::Timestream::Database', 0);
      template.resourceCountIs('AWS::Timestream::Table', 0);
    });

    it('grants a writer nothing', () => {
      const { role, template } = synth('none', 'write');

      expect(roleStatements(template, role)).toEqual([]);
    });

    it("grants a reader GetObject and ListBucket on the tour's archive prefix and Decrypt on the archive key, nothing else", () => {
      const { archive, role, template } = synth('none', 'read');

      const bucketArn = { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] };
      expect(roleStatements(template, role)).toEqual([
        { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [bucketArn, '/raw/tdf2022/*']] } },
        {
          Action: 's3:ListBucket',
          Condition: { StringLike: { 's3:prefix': ['raw/tdf2022/*'] } },
          Effect: 'Allow',
          Resource: bucketArn,
        },
        { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(archive.key), 'Arn'] } },
      ]);
    });

    it('tells writers the store is none, and readers the archive bucket too', () => {
      const { archive, history } = synth('none');

      expect(Stack.of(history).resolve(history.writerEnvironment())).toEqual({ HISTORY_STORE: 'none' });
      expect(Stack.of(history).resolve(history.readerEnvironment())).toEqual({
        HISTORY_STORE: 'none',
        ARCHIVE_BUCKET_NAME: { Ref: logicalId(archive.bucket) },
      });
    });

    it("acknowledges the reader's wildcard on the tour's archive prefix, named as cdk-nag reports it", () => {
      const { archive, history } = synth('none');

      expect(Object.keys(history.readAcknowledgements())).toEqual([
        `AwsSolutions-IAM5[Resource::<${logicalId(archive.bucket)}.Arn>/raw/tdf2022/*]`,
      ]);
    });

    it('leaves no unacknowledged AwsSolutions finding with a reader', () => {
      synth('none', 'read');

      expect(nagged.nagReport().violations).toEqual([]);
    });
  });
});
