import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTourIds, loadTourConfig } from '../../../core/tour-config/load';
import { buildTourApp } from '../../../lib/stacks/tour-app';
import { naggedApp, type NaggedApp } from '../cdk-app';

/** cfn-lint findings acknowledged project-wide (NOTES-machine.md §2): CDK's own DependsOn, Timestream maintenance, env-agnostic mapping. */
const IGNORED = ['W3005', 'W3697', 'W7001'];

const apps: NaggedApp[] = [];
afterAll(() => apps.forEach((a) => a.cleanup()));

/** Runs cfn-lint (preinstalled on every machine of this kind) and returns its exit code and output. */
function cfnLint(template: string, region: string): { code: number; output: string } {
  try {
    const output = execFileSync('cfn-lint', ['-i', ...IGNORED, '--regions', region, '--', template], {
      encoding: 'utf8',
    });
    return { code: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { code: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

// Each tour synthesizes several stacks (CloudFront, API, WAF, backup region) and cfn-lint runs once per template.
describe('cfn-lint on the synthesized templates', { timeout: 180_000 }, () => {
  it.each(listTourIds())('reports nothing on the %s stacks, each in its own region', (tourId) => {
    const nagged = naggedApp();
    apps.push(nagged);
    const tour = loadTourConfig(tourId).config;
    const { core } = buildTourApp(nagged.app, tour);

    const assembly = nagged.app.synth();
    const results = assembly.stacks.map((stack) => ({
      stack: stack.stackName,
      ...cfnLint(join(assembly.directory, stack.templateFile), stack.environment.region),
    }));

    expect(results.map((r) => r.stack)).toContain(core.stackName);
    expect(results).toEqual(results.map((r) => ({ stack: r.stack, code: 0, output: '' })));
  });
});
