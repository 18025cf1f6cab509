import { describe, expect, it } from 'vitest';
import { cost, fanAssumptionsOf, CostArgsError } from '../../../../bin/commands/cost';
import { captureConsole } from '../../../helpers/console-capture';

describe('cost command', () => {
  const { out, err } = captureConsole();

  it('prints every stage of the tour and the reference comparison', async () => {
    const code = await cost.run(['--tour', 'tdf2022', '--fans', '50000', '--poll-s', '2', '--cache-hit', '0.95']);
    const text = out.join('\n');
    expect(code).toBe(0);
    expect(text).toContain('fans: 50000 polling every 2 s, cache hit ratio 0.95');
    for (let stage = 1; stage <= 21; stage++) expect(text).toMatch(new RegExp(`^\\s*${stage}\\s+\\d+\\.\\d\\d`, 'm'));
    expect(text).toMatch(/naive \$[\d.]+ \([\d.]+× the design\)/);
  });

  it('prints the same figures as JSON, with per-stage totals adding up to the tour total', async () => {
    const code = await cost.run(['--tour', 'tdf2017', '--json']);
    const summary = JSON.parse(out.join('\n')) as {
      stages: { design: number; naive: number }[];
      tour_total: { design: number; naive: number; fixed: number };
    };
    expect(code).toBe(0);
    expect(summary.stages).toHaveLength(21);
    const stageSum = summary.stages.reduce((s, x) => s + x.design, 0);
    expect(summary.tour_total.design).toBeCloseTo(stageSum + summary.tour_total.fixed, 6);
    expect(summary.tour_total.naive / summary.tour_total.design).toBeGreaterThan(10);
  });

  it('refuses out-of-range flags with a message naming the flag', async () => {
    expect(() => fanAssumptionsOf({ 'cache-hit': '1.5' })).toThrow(CostArgsError);
    expect(() => fanAssumptionsOf({ 'poll-s': '0' })).toThrow(/--poll-s/);
    expect(await cost.run(['--tour', 'tdf2022', '--fans=-3'])).toBe(2);
    expect(err.join('\n')).toContain('--fans must be a whole number');
    expect(await cost.run([])).toBe(2);
  });
});
