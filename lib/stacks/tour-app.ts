import { Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { capacityPlan, type CapacityPlan } from '../capacity/plan';
import { BackupConstruct } from '../constructs/backup';
import { CapacityConstruct } from '../constructs/capacity';
import { DashboardConstruct } from '../constructs/dashboard';
import type { TourConfig } from '../../core/tour-config/schema';
import { BackupStack } from './backup-stack';
import { CoreStack } from './core-stack';
import { ContextValueError } from '../errors';

/** The stacks of one tour's deployment, built from its validated config (bin/app.ts and the infra tests share this). */
export interface TourStacks {
  readonly core: CoreStack;
  /** Copies vault and archive replica in the backup region; deploys before the core stack. */
  readonly backup: BackupStack;
  /** The capacity plan the core stack's scheduled scaling was built from. */
  readonly plan: CapacityPlan;
  /** Scheduled and reactive capacity, in the core stack. */
  readonly capacity: CapacityConstruct;
  /** Backup plan with copies to the backup region and archive replication, in the core stack. */
  readonly backupPlan: BackupConstruct;
  /** Ops dashboard, alarms and the ops alarm topic, in the core stack. */
  readonly dashboard: DashboardConstruct;
}

/** Creates every stack of a tour in `scope`; the caller registers cdk-nag and synthesizes. */
export function buildTourApp(scope: Construct, tour: TourConfig): TourStacks {
  const backup = new BackupStack(scope, { tour });
  const core = new CoreStack(scope, { tour });
  // The core stack's backup plan and replication name the backup region's vault, bucket and key: they must exist first.
  core.addStackDependency(backup, 'copies vault and archive replica must exist before the backup plan and replication');

  const plan = capacityPlan(tour, { notBeforeMs: notBeforeFromContext(scope) });
  if (plan.stream.mode === 'provisioned') core.ingest.useProvisionedShards(plan.stream.idleShards);
  const capacity = new CapacityConstruct(core, 'Capacity', {
    plan,
    stream: core.ingest.stream,
    processorAlias: core.processing.processorAlias,
    apiAlias: core.api.apiAlias,
  });
  const backupPlan = new BackupConstruct(core, 'Backup', {
    tourId: tour.id,
    backupRegion: tour.regions.backup,
    table: core.storage.table,
    archive: core.archive,
  });
  const dashboard = new DashboardConstruct(core, 'Dashboard', {
    tourId: tour.id,
    stream: core.ingest.stream,
    processor: core.processing.fn,
    aggregator: core.aggregation.fn,
    apiFunction: core.api.apiFunction,
    table: core.storage.table,
    deadLetterQueues: [core.processing.dlq, core.aggregation.dlq],
    restApi: core.api.restApi,
    apiStageName: core.api.stage.stageName,
    webAcl: core.waf.webAcl,
    alarmsToNotify: [core.processing.dlqAlarm],
  });
  // cfn-lint's schema (E3002) has no Tags on scalable targets, which the aliases' auto scaling creates in the core stack.
  for (const key of ['tour', 'cost-centre', 'component']) {
    Tags.of(core).remove(key, { includeResourceTypes: ['AWS::ApplicationAutoScaling::ScalableTarget'] });
  }
  Tags.of(capacity).add('component', 'capacity');
  Tags.of(backupPlan).add('component', 'backup');
  Tags.of(dashboard).add('component', 'ops');
  return { core, backup, plan, capacity, backupPlan, dashboard };
}

/** Context key: deploying during a tour, `-c capacityNotBefore=<ISO instant>` leaves out one-time actions before it. */
export const CAPACITY_NOT_BEFORE_CONTEXT = 'capacityNotBefore';

function notBeforeFromContext(scope: Construct): number | undefined {
  const value: unknown = scope.node.tryGetContext(CAPACITY_NOT_BEFORE_CONTEXT);
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ContextValueError(
      `${CAPACITY_NOT_BEFORE_CONTEXT} must be an ISO instant such as 2026-07-04T08:00:00Z, received ${String(value)}`,
    );
  }
  return ms;
}
