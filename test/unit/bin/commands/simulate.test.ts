import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simulate, SimulateArgsError } from '../../../../bin/commands/simulate';
import { parseWireFrame } from '../../../../core/wire/wire-frame';

describe('simulate command', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('writes valid wire frames and ground truth beside them for a slice of 2022 stage 1', async () => {
    const out = join(dir, 'stage-1.frames.jsonl');

    const code = await simulate.run([
      '--tour',
      'tdf2022',
      '--stage',
      '1',
      '--seed',
      '7',
      '--max-seconds',
      '120',
      '--out',
      out,
    ]);

    const frames = readFileSync(out, 'utf8').trim().split('\n');
    const truth = readFileSync(join(dir, 'stage-1.truth.jsonl'), 'utf8').trim().split('\n');
    expect(code).toBe(0);
    expect(frames.length).toBeGreaterThan(100);
    expect(frames.every((line) => parseWireFrame(JSON.parse(line)).ok)).toBe(true);
    expect(JSON.parse(truth[0] ?? '{}')).toMatchObject({ type: 'header', tour: 'tdf2022', stage: 1, seed: 7 });
    expect(JSON.parse(truth.at(-1) ?? '{}')).toMatchObject({ type: 'summary' });
  });

  it('refuses an unknown fault profile and names the choices', async () => {
    const run = simulate.run(['--tour', 'tdf2022', '--stage', '1', '--faults', 'awful']);

    await expect(run).rejects.toThrow(
      new SimulateArgsError('--faults must be one of none, realistic, harsh, received "awful"'),
    );
  });

  it('refuses --speed together with --as-fast-as-possible', async () => {
    const run = simulate.run([
      '--tour',
      'tdf2022',
      '--stage',
      '1',
      '--speed',
      '10',
      '--as-fast-as-possible',
      '--out',
      join(dir, 'x.jsonl'),
    ]);

    await expect(run).rejects.toThrow(SimulateArgsError);
  });
});
