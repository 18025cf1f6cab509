import { describe, expect, it } from 'vitest';
import { capacity } from '../../../../bin/commands/capacity';
import { captureConsole } from '../../../helpers/console-capture';

describe('capacity command', () => {
  const { out } = captureConsole();

  it('prints the tdf2017 plan with one row per stage, warm-up in UTC and local time', async () => {
    const code = await capacity.run(['--tour', 'tdf2017']);

    expect(code).toBe(0);
    expect(out[2]).toMatch(/provisioned, 1 shard\(s\) idle → 2 while racing/);
    const stage1 = out.find((line) => line.startsWith('1 '));
    expect(stage1).toMatch(/Europe\/Berlin\s+2017-07-01T11:10Z\s+2017-07-01 13:10\s+2017-07-01 13:55/);
    expect(out.filter((line) => /^\d+\s/.test(line))).toHaveLength(21);
  });

  it('prints the plan as JSON with ISO instants', async () => {
    const code = await capacity.run(['--tour', 'tdf2022', '--json']);

    const plan = JSON.parse(out.join('\n'));
    expect(code).toBe(0);
    expect(plan.windows[0]).toMatchObject({ warmUpUtc: '2022-07-01T11:30:00.000Z', warmUpLocal: '2022-07-01 13:30' });
    expect(plan.stream.mode).toBe('on-demand');
  });

  it('asks for --tour', async () => {
    expect(await capacity.run([])).toBe(2);
  });
});
