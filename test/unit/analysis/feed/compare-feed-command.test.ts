import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareFeed } from '../../../../bin/commands/compare-feed';
import { captureConsole } from '../../../helpers/console-capture';
import { csvOf, syntheticFeed } from './synthetic-feed';

describe('compare-feed command', () => {
  let dir: string;
  const { out, err } = captureConsole();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compare-feed-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table for a road stage found from the file name, with every measure scored', async () => {
    const file = join(dir, 'stage05-rider-telemetry.csv.gz');
    writeFileSync(file, gzipSync(csvOf(syntheticFeed(30))));

    const code = await compareFeed.run(['--feed', file]);

    const text = out.join('\n');
    expect(code).toBe(0);
    expect(text).toContain('compare-feed: tdf2017 stage 5, feed stage05-rider-telemetry.csv.gz');
    expect(text).toMatch(/km along the route\s+\d+\s+MAE \d+\.\d m/);
    expect(text).toMatch(/gap to the first rider\s+\d+\s+MAE \d+\.\d\d s/);
    expect(text).toMatch(/position in the race\s+\d+\s+Spearman (0\.9\d\d|1\.000)/);
    expect(text).toMatch(/group splits \(> 2 s\)\s+\d+\s+agreement \d+\.\d %/);
  });

  it('scores only km and rank on a time-trial stage (--stage overrides the file name)', async () => {
    const file = join(dir, 'feed.csv.gz');
    writeFileSync(file, gzipSync(csvOf(syntheticFeed(30))));

    const code = await compareFeed.run(['--feed', file, '--stage', '20', '--json']);

    const result = JSON.parse(out.join('\n')) as { stage: number; timeTrial: boolean; gapErrorSeconds: unknown };
    expect(code).toBe(0);
    expect(result).toMatchObject({ stage: 20, timeTrial: true, gapErrorSeconds: null });
  });

  it('refuses a feed whose stage it cannot tell, and a missing file, naming both', async () => {
    const code = await compareFeed.run(['--feed', join(dir, 'feed.csv.gz')]);

    expect(code).toBe(2);
    expect(err.join('\n')).toContain('does not exist');
    expect(err.join('\n')).toContain('--stage must be a stage number');
  });
});
