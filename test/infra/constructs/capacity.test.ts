import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { capacityPlan, type CapacityPlan } from '../../../lib/capacity/plan';
import { CapacityConstruct } from '../../../lib/constructs/capacity';
import { IngestConstruct } from '../../../lib/constructs/ingest';
import { buildTourApp } from '../../../lib/stacks/tour-app';
import { loadTourConfig } from '../../../core/tour-config/load';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, as both Application Auto Scaling and EventBridge Scheduler write it. */
function at(ms: number): string {
  return `at(${new Date(ms).toISOString().slice(0, 19)})`;
}

/** A minimal function with a `live` alias, standing in for the processor or the API. */
function aliasedFunction(stack: Stack, id: string): lambda.Alias {
  const fn = new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => undefined;'),
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'Test stand-in for the processor/API function; the real functions are checked in their own tests',
  });
  return new lambda.Alias(stack, `${id}Alias`, { aliasName: 'live', version: fn.currentVersion });
}

describe('CapacityConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(tourId: string) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const plan = capacityPlan(loadTourConfig(tourId).config);
    const ingest = new IngestConstruct(stack, 'Ingest', { shardCount: plan.stream.idleShards });
    const processorAlias = aliasedFunction(stack, 'Processor');
    const apiAlias = aliasedFunction(stack, 'Api');
    const capacity = new CapacityConstruct(stack, 'Capacity', {
      plan,
      processorAlias,
      apiAlias,
      stream: ingest.stream,
    });
    return { plan, ingest, capacity, template: Template.fromStack(stack) };
  }

  function scheduledActions(template: Template, resourceIdPart: string): any[] {
    const targets = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const target = Object.entries(targets).find(([id]) => id.includes(resourceIdPart));
    return (target?.[1] as any).Properties.ScheduledActions;
  }

  function expectedActions(plan: CapacityPlan, concurrency: { race: number; max: number }) {
    return plan.windows.flatMap((w) => [
      { schedule: at(w.warmUpMs), min: concurrency.race, max: concurrency.max },
      { schedule: at(w.releaseMs), min: 0, max: 0 },
    ]);
  }

  it.each(['tdf2022', 'tdf2017'])(
    'warms and releases the %s processor and API aliases at exactly the plan times',
    (tourId) => {
      const { plan, template } = synth(tourId);

      for (const [part, concurrency] of [
        ['Processor', plan.processor],
        ['Api', plan.api],
      ] as const) {
        const actions = scheduledActions(template, part).map((a) => ({
          schedule: a.Schedule,
          min: a.ScalableTargetAction.MinCapacity,
          max: a.ScalableTargetAction.MaxCapacity,
        }));
        expect(actions).toEqual(expectedActions(plan, concurrency));
      }
      template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    },
  );

  it('tracks 70% provisioned-concurrency utilization on both aliases', () => {
    const { template } = synth('tdf2022');

    const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
      Properties: {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 0.7,
          PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
        },
      },
    });
    expect(Object.keys(policies)).toHaveLength(2);
  });

  it('reshards the tdf2017 provisioned stream at each planned time with UpdateShardCount on that stream only', () => {
    const { plan, ingest, capacity, template } = synth('tdf2017');

    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((s: any) => ({
      at: s.Properties.ScheduleExpression,
      zone: s.Properties.ScheduleExpressionTimezone,
      arn: s.Properties.Target.Arn,
      input: s.Properties.Target.Input,
    }));
    expect(schedules).toHaveLength(plan.stream.changes.length);
    expect(schedules.map((s) => s.at)).toEqual(plan.stream.changes.map((c) => at(c.atMs)));
    expect(new Set(schedules.map((s) => s.zone))).toEqual(new Set(['Etc/UTC']));
    expect(schedules[0]!.arn).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:kinesis:updateShardCount']],
    });
    expect(JSON.stringify(schedules[0]!.input)).toContain('\\"TargetShardCount\\":2');
    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(capacity.reshardRole!) }] },
      }),
    ).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'kinesis:UpdateShardCount',
        Resource: { 'Fn::GetAtt': [logicalId(ingest.stream), 'Arn'] },
      },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ],
      },
    });
  });

  it('schedules no reshard for the tdf2022 on-demand stream', () => {
    const { capacity, template } = synth('tdf2022');

    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(capacity.reshardRole).toBeUndefined();
  });

  it('throws naming the stream when a provisioned plan has no stream', () => {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const plan = capacityPlan(loadTourConfig('tdf2017').config);

    expect(() => new CapacityConstruct(stack, 'Capacity', { plan })).toThrow(
      'CapacityConstruct: the plan of tdf2017 has a provisioned stream, so stream is required, received undefined',
    );
  });

  it('schedules only the release of a stage already warming when deployed mid-tour', () => {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const tour = loadTourConfig('tdf2022').config;
    const stage3 = capacityPlan(tour).windows[2]!;
    const plan = capacityPlan(tour, { notBeforeMs: stage3.warmUpMs + 60_000 });

    new CapacityConstruct(stack, 'Capacity', { plan, processorAlias: aliasedFunction(stack, 'Processor') });

    const actions = scheduledActions(Template.fromStack(stack), 'Processor');
    expect(actions[0].Schedule).toBe(at(stage3.releaseMs));
    expect(actions).toHaveLength(1 + 2 * 18);
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth('tdf2017');

    expect(nagged.nagReport().violations).toEqual([]);
  });
});

describe('capacity plan and the core stack', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  it('refuses a capacityNotBefore context value that is not an instant, naming it', () => {
    nagged = naggedApp();
    nagged.app.node.setContext('capacityNotBefore', 'tomorrow');

    expect(() => buildTourApp(nagged.app, loadTourConfig('tdf2022').config)).toThrow(
      'capacityNotBefore must be an ISO instant such as 2026-07-04T08:00:00Z, received tomorrow',
    );
  });

  it.each(['tdf2022', 'tdf2017'])(
    'gives the %s processor mapping the parallelization factor the plan multiplies shards by',
    (tourId) => {
      nagged = naggedApp();
      const tour = loadTourConfig(tourId).config;
      const { core } = buildTourApp(nagged.app, tour);

      const template = Template.fromStack(core);

      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ParallelizationFactor: capacityPlan(tour).processor.parallelizationFactor,
      });
    },
    120_000, // a whole-app synth: 10–30 s on a shared 2-core machine
  );
});
