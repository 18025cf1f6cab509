/** The AWS services the model prices, one row each in the printed table. */
export const COMPONENTS = [
  'Kinesis',
  'Firehose',
  'Lambda',
  'DynamoDB',
  'Timestream',
  'S3',
  'API Gateway',
  'WAF',
  'CloudFront',
  'EventBridge',
  'Backup',
  'CloudWatch',
] as const;

/** One AWS service. */
export type Component = (typeof COMPONENTS)[number];

/** One priced quantity: what is used, how much, at what unit price. */
export interface UsageLine {
  readonly component: Component;
  /** What is counted, e.g. "processor invocations". */
  readonly item: string;
  readonly quantity: number;
  /** The unit of `quantity` and of `unitPrice`, e.g. "million requests". */
  readonly unit: string;
  readonly unitPrice: number;
}

/** Cost of a usage line, USD. */
export function costOf(line: UsageLine): number {
  return line.quantity * line.unitPrice;
}

/** Cost per component of some usage lines, USD, every component present (0 when unused). */
export function costByComponent(lines: readonly UsageLine[]): Record<Component, number> {
  const totals = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  for (const line of lines) totals[line.component] += costOf(line);
  return totals;
}

/** Total cost of some usage lines, USD. */
export function totalCost(lines: readonly UsageLine[]): number {
  return lines.reduce((sum, line) => sum + costOf(line), 0);
}

export const KIB = 1024;
export const GB = 1024 ** 3;
export const MILLION = 1_000_000;
