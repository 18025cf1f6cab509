import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { HistoryStore } from '../../core/tour-config/schema';
import { StorageConstruct } from '../../lib/constructs/storage';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** A CDK app as bin/app.ts builds it (cdk-nag registered, CloudFormation Validate findings as errors), synthesized to a temp dir. */
export interface NaggedApp {
  readonly app: App;
  /** Runs the AwsSolutions pack over the tree without synthesizing: reports warnings too, which synth lets through. */
  readonly nagReport: () => PolicyValidationPluginReport;
  /** Removes the synth output directory. */
  readonly cleanup: () => void;
}

/** A fresh app with cdk-nag's AwsSolutions checks; synth throws ValidationFailed on any unacknowledged error. */
export function naggedApp(): NaggedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'tour-tracker-infra-'));
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  const checks = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(checks);
  return {
    app,
    nagReport: () => checks.validateScope(app),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** A stack in a region and account of its own, for testing one construct. */
export function constructStack(app: App, region = 'eu-west-3'): Stack {
  return new Stack(app, 'TestStack', { env: { account: '123456789012', region } });
}

/** The logical id of an L2 construct's CloudFormation resource, for matching `Ref`/`Fn::GetAtt` in templates. */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** A statement of an IAM policy as the template holds it. */
export interface PolicyStatement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the policies attached to `role` in `template`, in template order. */
export function roleStatements(template: Template, role: IConstruct): PolicyStatement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: PolicyStatement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** The actions of `statements`, flattened. */
export function actionsOf(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/**
 * The tdf2022 state table and history store, for constructs that only need the table: the archive is imported (it
 * carries no nag findings), so read grants of store `none` point at a bucket outside the stack.
 */
export function tourStorage(stack: Stack, historyStore: HistoryStore = 'none'): StorageConstruct {
  return new StorageConstruct(stack, 'Storage', {
    historyStore,
    archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'tour-tracker-tdf2022-archive'),
    tourId: 'tdf2022',
  });
}
