import { HOURS_PER_MONTH, type PriceTable } from './price-table';
import { GB, KIB, type UsageLine } from './usage';
import { SIZE_ASSUMPTIONS as S, type StageWorkload } from './workload';

/** What runs for the whole tour whatever the stages do (the ops footprint), sized by the CDK constructs. */
export const TOUR_FOOTPRINT = {
  /** Days the stack runs: the 23 days of the tour plus set-up and the review after. */
  days: 30,
  /** WAF rules: three AWS managed groups and two rate-based rules (per viewer IP behind CloudFront, per source IP). */
  wafRules: 5,
  /** Custom metrics: per stage, about eight names plus quarantine reasons (STYLE.md §3 dimensions). */
  customMetrics: 200,
  alarms: 15,
  dashboards: 1,
} as const;

/**
 * Costs that belong to the tour, not a stage: the on-demand stream's idle hours, the WAF's monthly fees, the
 * dashboard, alarms and metrics, and storage, PITR and backups of the state table (its size from the stages' items).
 */
export function tourFixedUsage(stages: readonly StageWorkload[], p: PriceTable, onDemandStream: boolean): UsageLine[] {
  const months = (TOUR_FOOTPRINT.days * 24) / HOURS_PER_MONTH;
  const stageHours = stages.reduce((h, s) => h + s.hours, 0);
  const idleHours = Math.max(0, TOUR_FOOTPRINT.days * 24 - stageHours);
  const trackGb = stages.reduce((g, s) => g + ((s.riders * s.hours * 3600) / 10) * S.trackItemKib * KIB, 0) / GB;
  const lines: UsageLine[] = [
    {
      component: 'WAF',
      item: 'web ACL and rules',
      quantity: months * (1 + TOUR_FOOTPRINT.wafRules),
      unit: 'ACL/rule-month',
      unitPrice: (p.waf.webAclMonth + TOUR_FOOTPRINT.wafRules * p.waf.ruleMonth) / (1 + TOUR_FOOTPRINT.wafRules),
    },
    {
      component: 'CloudWatch',
      item: 'custom metrics',
      quantity: TOUR_FOOTPRINT.customMetrics * months,
      unit: 'metric-month',
      unitPrice: p.cloudwatch.customMetricMonth,
    },
    {
      component: 'CloudWatch',
      item: 'alarms',
      quantity: TOUR_FOOTPRINT.alarms * months,
      unit: 'alarm-month',
      unitPrice: p.cloudwatch.alarmMonth,
    },
    {
      component: 'CloudWatch',
      item: 'dashboard',
      quantity: TOUR_FOOTPRINT.dashboards * months,
      unit: 'dashboard-month',
      unitPrice: p.cloudwatch.dashboardMonth,
    },
    {
      component: 'DynamoDB',
      item: 'table storage + PITR',
      quantity: trackGb * months,
      unit: 'GB-month',
      unitPrice: p.dynamodb.storageGbMonth + p.dynamodb.pitrGbMonth,
    },
    {
      component: 'Backup',
      item: 'daily table backups, kept 35 days, copied to the backup region',
      quantity: trackGb * (35 / 30),
      unit: 'GB-month',
      unitPrice: p.backup.dynamodbGbMonth + p.backup.crossRegionTransferGb,
    },
  ];
  if (onDemandStream) {
    lines.push({
      component: 'Kinesis',
      item: 'idle stream-hours between stages',
      quantity: idleHours,
      unit: 'hour',
      unitPrice: p.kinesis.onDemandStreamHour,
    });
  }
  return lines;
}
