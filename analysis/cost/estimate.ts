import type { TourConfig } from '../../core/tour-config/schema';
import { naiveStageUsage } from './naive-design';
import { PRICE_TABLE, type PriceTable } from './price-table';
import { tourFixedUsage } from './tour-fixed';
import { DEFAULT_DESIGN, tourTrackerStageUsage, type DesignShape } from './tour-tracker-design';
import { costByComponent, totalCost, type Component, type UsageLine } from './usage';
import { stageWorkload, type FanAssumptions, type StageWorkload } from './workload';

/** The modeled cost of one stage in both designs, USD. */
export interface StageEstimate {
  readonly workload: StageWorkload;
  /** tour-tracker's design with the tour's own history store. */
  readonly design: readonly UsageLine[];
  /** tour-tracker's design with Timestream history. */
  readonly designWithTimestream: readonly UsageLine[];
  /** tour-tracker's design without Timestream (history from the S3 archive). */
  readonly designWithoutTimestream: readonly UsageLine[];
  readonly naive: readonly UsageLine[];
}

/** The modeled cost of a tour: every stage, plus what the tour pays whatever the stages do. */
export interface TourEstimate {
  readonly tour: string;
  readonly priceTable: { readonly version: number; readonly pricesAsOf: string; readonly region: string };
  readonly fans: FanAssumptions;
  readonly stages: readonly StageEstimate[];
  readonly fixed: readonly UsageLine[];
}

/** Both designs' usage for one stage workload. */
export function estimateStage(
  w: StageWorkload,
  prices: PriceTable = PRICE_TABLE,
  design: DesignShape = DEFAULT_DESIGN,
): StageEstimate {
  const withTs = tourTrackerStageUsage({ ...w, timestream: true }, prices, design);
  const withoutTs = tourTrackerStageUsage({ ...w, timestream: false }, prices, design);
  return {
    workload: w,
    design: w.timestream ? withTs : withoutTs,
    designWithTimestream: withTs,
    designWithoutTimestream: withoutTs,
    naive: naiveStageUsage(w, prices),
  };
}

/** The cost model of a whole tour from its config and the fan assumptions. */
export function estimateTour(tour: TourConfig, fans: FanAssumptions, prices: PriceTable = PRICE_TABLE): TourEstimate {
  const design: DesignShape = {
    ...DEFAULT_DESIGN,
    streamMode: tour.capacity.streamMode,
    shards: tour.capacity.streamMode === 'provisioned' ? tour.capacity.raceShards : DEFAULT_DESIGN.shards,
  };
  const stages = tour.stages.map((s) => estimateStage(stageWorkload(tour, s, fans), prices, design));
  return {
    tour: tour.id,
    priceTable: { version: prices.version, pricesAsOf: prices.pricesAsOf, region: prices.region },
    fans,
    stages,
    fixed: tourFixedUsage(
      stages.map((s) => s.workload),
      prices,
      design.streamMode === 'on-demand',
    ),
  };
}

/** The reference stage: 5 hours, 200 riders (and no vehicles) at 1 Hz, with the given fans. */
export function referenceStage(fans: FanAssumptions, timestream: boolean): StageWorkload {
  const hours = 5;
  return {
    stage: 0,
    hours,
    riders: 200,
    devices: 200,
    fixRateHz: 1,
    fixes: 200 * hours * 3600,
    fans,
    timestream,
    snapshotCopies: false,
  };
}

/** Components sorted by cost, largest first, with their share of the total. */
export function shares(lines: readonly UsageLine[]): { component: Component; cost: number; share: number }[] {
  const byComponent = costByComponent(lines);
  const total = totalCost(lines);
  return Object.entries(byComponent)
    .map(([component, cost]) => ({ component: component as Component, cost, share: total === 0 ? 0 : cost / total }))
    .sort((a, b) => b.cost - a.cost);
}

/** What would cut a component's cost when it dominates: the levers of this design, in one sentence each. */
export const COST_LEVERS: Record<Component, string> = {
  Kinesis: 'Send larger frames (more fixes per record) or switch a steady tour to provisioned shards.',
  Firehose: 'Larger frames: Firehose bills each record as at least 5 KiB.',
  Lambda: 'Larger batches (batch size and window) amortize the per-invocation DynamoDB round trips.',
  DynamoDB:
    'Write rider state less often: one item per rider every 2 s instead of every batch halves the largest line; the time-keyed snapshot copies are written only when the public tier lags.',
  Timestream: 'Keep history in the S3 archive (history store "none") or shorten the memory-store retention.',
  S3: 'Lifecycle the archive to Glacier sooner.',
  'API Gateway': 'Raise the cache hit ratio: a longer CloudFront TTL (2 s) or fewer distinct query strings.',
  WAF: 'Let CloudFront absorb more requests so fewer reach the regional WAF.',
  CloudFront:
    'Fan delivery dominates: poll every 2–5 s instead of every second, or push deltas over WebSockets/server-sent events instead of polling whole snapshots.',
  EventBridge: 'Publish fewer, coarser race events.',
  Backup: 'Shorter retention for daily backups; PITR already covers the last 35 days.',
  CloudWatch: 'Fewer metric dimensions (reasons, stages) and shorter log retention.',
};
