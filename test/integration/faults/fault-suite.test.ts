import { beforeAll, describe, expect, it } from 'vitest';
import { malformedAccountedFor } from '../../../local/faults/report';
import { runScenario, type ScenarioResult } from '../../../local/faults/run-scenario';
import { FAULT_PROFILES, faultScenarios } from '../../../local/faults/scenarios';

/**
 * The fault suite's quick profile (`npm run faults -- --quick`), one test per fault: a clean simulated stage through
 * the real relay, processor and aggregator on moto with the fault injected, read back and scored. The bar is the
 * issue's: no valid fix lost, none counted twice in history or tracks, no duplicate event, every bad input refused.
 */
const profile = FAULT_PROFILES.quick;
const scenarios = faultScenarios(profile);

/** What shows that the fault really happened, per scenario (a fault that silently did nothing proves nothing). */
const INJECTED: Readonly<Record<string, (r: ScenarioResult) => void>> = {
  baseline: (r) => expect(r.score.fixesSent).toBeGreaterThan(10_000),
  'uplink-outage': (r) => expect(r.log).toEqual(['180 s: uplink cut', '780 s: uplink back']),
  'duplicate-storm': (r) => expect(r.relayFixesAccepted).toBe(3 * r.score.fixesSent),
  'out-of-order': (r) => expect(r.meshInjected.heldBack).toBeGreaterThan(100),
  'clock-skew': (r) => expect(r.meshInjected.skewedDevices).toBeGreaterThan(10),
  'device-swap': (r) => expect([...r.truthEventTypes]).toContain('device-swap'),
  'malformed-frames': (r) => {
    expect([...r.malformedLines.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40);
    expect(r.rawBadRecords).toBe(12);
  },
  // The processor batches its writes (one call per rider and batch, tracks 25 to a call): ~60 throttled at 40×.
  'store-throttling': (r) => expect(r.throttledCalls).toBeGreaterThan(30),
  'processor-killed': (r) => expect(r.kills.processor).toBe(3),
  'aggregator-restart': (r) => expect(r.kills.aggregator).toBe(3),
};

describe('fault suite, quick profile', () => {
  // The relay and handlers log every retry of every fault at INFO/WARN: thousands of lines that hide the results.
  beforeAll(() => void (process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR'));

  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.description}`, { timeout: 300_000 }, async () => {
      const result = await runScenario(scenario, profile, 1);

      INJECTED[scenario.name]?.(result);
      // The reference keeps all but the engine's own refusals (the old bike's fixes from the team car after a swap).
      expect(result.score.fixesExpected).toBeGreaterThan(0.95 * result.score.fixesSent);
      expect({
        lost: result.score.fixesLost,
        unexpected: result.score.fixesUnexpected,
        historyDuplicated: result.score.historyDuplicated,
        trackBucketsLost: result.score.trackBucketsLost,
        trackDuplicated: result.score.trackDuplicated,
        eventsDuplicated: result.score.eventsDuplicated,
        deadLettered: result.deadLettered,
      }).toEqual({
        lost: 0,
        unexpected: 0,
        historyDuplicated: 0,
        trackBucketsLost: 0,
        trackDuplicated: 0,
        eventsDuplicated: 0,
        deadLettered: 0,
      });
      expect(malformedAccountedFor(result)).toBe(true);
    });
  }
});
