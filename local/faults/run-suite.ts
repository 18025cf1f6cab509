import { runScenario, type ScenarioResult } from './run-scenario';
import { FaultSuiteError } from './errors';
import { faultScenarios, type FaultProfile } from './scenarios';

/** Which scenarios to run, and how. */
export interface SuiteOptions {
  readonly profile: FaultProfile;
  /** Scenario names; all when empty. */
  readonly only?: readonly string[];
  /** Simulator and fault seed. @default 1 */
  readonly seed?: number;
  /** Called with each result as it comes (the CLI prints progress). */
  readonly onResult?: (result: ScenarioResult) => void;
}

/** Runs the scenarios one after the other, each on its own moto, and returns their results in order. */
export async function runFaultSuite(options: SuiteOptions): Promise<ScenarioResult[]> {
  const all = faultScenarios(options.profile);
  const only = options.only ?? [];
  const unknown = only.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new FaultSuiteError(
      `unknown fault scenario ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`,
    );
  const results: ScenarioResult[] = [];
  for (const scenario of all.filter((s) => only.length === 0 || only.includes(s.name))) {
    const result = await runScenario(scenario, options.profile, options.seed ?? 1);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
