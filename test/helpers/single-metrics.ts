import type { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';

/** One metric data point a handler emitted through `metrics.singleMetric()`, with its own dimensions. */
export interface EmittedMetric {
  readonly dimensions: Record<string, string>;
  readonly name: string;
  readonly value: number;
}

/** Records every single metric the handler emits on `metrics` instead of printing EMF; returns the growing list. */
export function captureSingleMetrics(metrics: Metrics): EmittedMetric[] {
  const emitted: EmittedMetric[] = [];
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const dimensions: Record<string, string> = {};
    const single = {
      addDimension: (key: string, value: string) => void (dimensions[key] = value),
      addMetric: (name: string, _unit: string, value: number) => void emitted.push({ dimensions, name, value }),
    };
    return single as unknown as Metrics;
  });
  return emitted;
}
