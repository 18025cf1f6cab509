import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { CapacityPlan, ConcurrencyPlan } from '../capacity/plan';
import { ConstructPropsError } from '../errors';

/** Capacity: scheduled warm-up/release from the capacity plan, with reactive target tracking on top (DESIGN §7). */
export interface CapacityProps {
  /** The tour's capacity plan (`capacityPlan(tour)`): the same function the CLI prints, so the schedule is what ops read. */
  readonly plan: CapacityPlan;
  /**
   * The processor alias the Kinesis event source mapping invokes; gets scheduled provisioned concurrency.
   * @default undefined — no processor scaling (lets the construct be tested, or deployed, without the processor)
   */
  readonly processorAlias?: lambda.Alias;
  /**
   * The alias API Gateway invokes; gets scheduled provisioned concurrency.
   * @default undefined — no API scaling (the API stack may not exist yet)
   */
  readonly apiAlias?: lambda.Alias;
  /**
   * The ingest stream; its shard count is changed on schedule when the plan's stream is provisioned.
   * Required for a provisioned plan; ignored for an on-demand one (on-demand streams scale by themselves).
   * @default undefined — no shard scheduling
   */
  readonly stream?: kinesis.IStream;
  /**
   * Provisioned-concurrency utilization target tracking holds while a stage races (0–1).
   * @default 0.7 — AWS's recommended starting point: room for a burst before requests spill to on-demand environments
   * @see https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
   */
  readonly utilizationTarget?: number;
}

/**
 * Application Auto Scaling on the aliases' provisioned concurrency (one-time scheduled actions in UTC at each warm-up
 * and release, plus target tracking on utilization between the bounds the schedule sets), and EventBridge Scheduler
 * one-time schedules that call Kinesis UpdateShardCount on a provisioned stream.
 */
export class CapacityConstruct extends Construct {
  /** Scalable provisioned concurrency of the processor alias, when given. */
  readonly processorScaling?: lambda.IScalableFunctionAttribute;
  /** Scalable provisioned concurrency of the API alias, when given. */
  readonly apiScaling?: lambda.IScalableFunctionAttribute;
  /** The role EventBridge Scheduler assumes to reshard the stream: kinesis:UpdateShardCount on that stream only. */
  readonly reshardRole?: iam.Role;
  /** One one-time schedule per planned shard change, in plan order. */
  readonly shardSchedules: readonly scheduler.Schedule[];

  constructor(scope: Construct, id: string, props: CapacityProps) {
    super(scope, id);
    const { plan } = props;
    const utilizationTarget = props.utilizationTarget ?? 0.7;
    if (!(utilizationTarget > 0 && utilizationTarget <= 1)) {
      throw new ConstructPropsError(
        `CapacityConstruct: utilizationTarget must be in (0, 1], received ${utilizationTarget}`,
      );
    }
    if (props.processorAlias) {
      this.processorScaling = this.scheduleConcurrency(
        'Processor',
        props.processorAlias,
        plan.processor,
        plan,
        utilizationTarget,
      );
    }
    if (props.apiAlias) {
      this.apiScaling = this.scheduleConcurrency('Api', props.apiAlias, plan.api, plan, utilizationTarget);
    }

    this.shardSchedules = [];
    if (plan.stream.mode === 'provisioned') {
      if (!props.stream) {
        throw new ConstructPropsError(
          `CapacityConstruct: the plan of ${plan.tourId} has a provisioned stream, so stream is required, received undefined`,
        );
      }
      this.reshardRole = new iam.Role(this, 'ReshardRole', {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: 'EventBridge Scheduler: changes the ingest stream shard count before and after each stage',
      });
      const stream = props.stream;
      const statement = new iam.PolicyStatement({
        actions: ['kinesis:UpdateShardCount'],
        resources: [stream.streamArn],
      });
      this.shardSchedules = plan.stream.changes.map((change, i) => {
        const target = new targets.Universal({
          service: 'kinesis',
          action: 'updateShardCount',
          role: this.reshardRole,
          policyStatements: [statement],
          input: scheduler.ScheduleTargetInput.fromObject({
            StreamARN: stream.streamArn,
            TargetShardCount: change.targetShards,
            ScalingType: 'UNIFORM_SCALING',
          }),
          // A reshard that could not run within 15 min is late for the stage; it is retried only inside that window.
          maxEventAge: Duration.minutes(15),
          retryAttempts: 5,
        });
        return new scheduler.Schedule(this, `Reshard${i}`, {
          description: `Stage ${change.stages.join('+')}: ${change.targetShards} shard(s)`,
          schedule: scheduler.ScheduleExpression.at(new Date(change.atMs), TimeZone.ETC_UTC),
          target,
        });
      });
    }
  }

  /** Scalable target with min=max=0 between stages, [race, max] while racing, and utilization tracking inside. */
  private scheduleConcurrency(
    name: string,
    alias: lambda.Alias,
    concurrency: ConcurrencyPlan,
    plan: CapacityPlan,
    utilizationTarget: number,
  ): lambda.IScalableFunctionAttribute {
    const scaling = alias.addAutoScaling({ minCapacity: 0, maxCapacity: concurrency.max });
    scaling.scaleOnUtilization({ utilizationTarget });
    for (const window of plan.windows) {
      const stages = window.stages.join('-');
      // A stage already warming when the stack deploys keeps its release only: its warm-up is in the past.
      if (plan.notBeforeMs === undefined || window.warmUpMs >= plan.notBeforeMs) {
        scaling.scaleOnSchedule(`${name}WarmStage${stages}`, {
          schedule: appscaling.Schedule.at(new Date(window.warmUpMs)),
          minCapacity: concurrency.race,
          maxCapacity: concurrency.max,
        });
      }
      // Both bounds drop to 0: a scheduled action only moves capacity that falls outside the new bounds.
      scaling.scaleOnSchedule(`${name}ReleaseStage${stages}`, {
        schedule: appscaling.Schedule.at(new Date(window.releaseMs)),
        minCapacity: 0,
        maxCapacity: 0,
      });
    }
    return scaling;
  }
}
