import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

// The import rules of docs/architecture.md (.dependency-cruiser.cjs) run over the real tree in `npm run lint`; here
// they run over a fixture tree in which each rule is broken once, to prove that each one bites.
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const FIXTURE = fileURLToPath(new URL('../fixtures/layers', import.meta.url));

/** Every violation in the fixture tree as `rule: from -> to` (folder rules name folders). */
async function fixtureViolations(): Promise<string[]> {
  const { tsConfig: _unused, exclude: _excluded, ...options } = config.options ?? {};
  const output = await cruise(['.'], {
    ...options,
    baseDir: FIXTURE,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  const result = output.output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the import rules (.dependency-cruiser.cjs)', () => {
  let violations: string[];
  beforeAll(async () => {
    violations = await fixtureViolations();
  });

  it.each([
    ['kernel-imports-nothing', 'core/kernel.ts -> lib/app.ts'],
    ['adapters-import-only-the-kernel', 'lambdas/adapters/store.ts -> lambdas/processor/handler.ts'],
    ['shared-imports-kernel-and-adapters', 'lambdas/shared/helper.ts -> lambdas/api/handler.ts'],
    ['handlers-share-through-kernel-or-shared', 'lambdas/api/handler.ts -> lambdas/processor/handler.ts'],
    ['handlers-never-import-lib-local-or-tools', 'lambdas/processor/handler.ts -> local/runner.ts'],
    ['lib-imports-kernel-and-handler-tables', 'lib/app.ts -> lambdas/processor/handler.ts'],
    ['relay-and-simulator-import-only-the-kernel', 'edge/relay.ts -> sim/race.ts'],
    ['analysis-imports-kernel-and-simulator', 'analysis/score.ts -> local/runner.ts'],
    ['local-mode-below-the-cli', 'local/runner.ts -> bin/cli.ts'],
    ['cli-below-bench-and-scripts', 'bin/cli.ts -> bench/run.ts'],
    ['tools-never-import-tests', 'bench/run.ts -> test/helper.ts'],
  ])('%s refuses the fixture import %s', (rule, edge) => {
    expect(violations).toContain(`${rule}: ${edge}`);
  });

  it('no-folder-cycles refuses two folders that import each other', () => {
    expect(violations.filter((v) => v.startsWith('no-folder-cycles:'))).toContainEqual(
      expect.stringMatching(/^no-folder-cycles: (edge -> sim|sim -> edge)$/),
    );
  });

  it('lets lib/ read a handler env table', () => {
    expect(violations.filter((v) => v.includes('lambdas/processor/env.ts'))).toEqual([]);
  });

  it('has a fixture violation for every rule it defines', () => {
    const fired = new Set(violations.map((v) => v.slice(0, v.indexOf(':'))));

    expect([...fired].sort()).toEqual((config.forbidden ?? []).map((rule) => rule.name).sort());
  });
});
