import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';

export { METRICS_NAMESPACE } from './env-fields';

/**
 * Emits one value with the low-cardinality `Stage` (and `Reason`) dimensions (STYLE.md §3: metrics) as a single
 * metric, published at once; a zero count is left out.
 */
export function emitMetric(
  metrics: Metrics,
  stage: string,
  name: string,
  value: number,
  options: { readonly reason?: string; readonly unit?: (typeof MetricUnit)[keyof typeof MetricUnit] } = {},
): void {
  const unit = options.unit ?? MetricUnit.Count;
  if (value === 0 && unit === MetricUnit.Count) return;
  const m = metrics.singleMetric();
  m.addDimension('Stage', stage);
  if (options.reason !== undefined) m.addDimension('Reason', options.reason);
  m.addMetric(name, unit, value);
}
