import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';

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
