import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareFeed } from '../../../../bin/commands/compare-feed';
import type { FeedComparison } from '../../../../analysis/feed/compare-with-feed';

/**
 * compare-feed on the real 2017 live feed, read from the shared data folder beside the repository (its licence is
 * unclear, so it is never copied into the repo). Bounds are the figures measured on 2026-11-25 with some headroom
 * (docs/accuracy.md): they fail if the engine, the route builder or the parser gets materially worse.
 */
const TELEMETRY = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/tdf2017/telemetry');

async function compare(file: string, ...flags: string[]): Promise<FeedComparison & { skipped: { duplicate: number } }> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const code = await compareFeed.run(['--feed', resolve(TELEMETRY, file), '--json', ...flags]);
  expect(code).toBe(0);
  return JSON.parse(out.join('\n')) as FeedComparison & { skipped: { duplicate: number } };
}

describe('compare-feed on the real 2017 feed', () => {
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => vi.restoreAllMocks());

  it('stage 20 (time trial): km within 60 m MAE and the feed order nearly everywhere; no gaps or splits', async () => {
    const result = await compare('stage20-rider-telemetry.csv.gz');

    expect(result.stage).toBe(20);
    expect(result.timeTrial).toBe(true);
    expect(result.skipped.duplicate).toBeGreaterThan(0);
    expect(result.feed.riders).toBeGreaterThan(150);
    expect(result.kmErrorMeters.n).toBeGreaterThan(0.95 * result.feed.liveRows);
    expect(result.kmErrorMeters.mae).toBeLessThan(60);
    expect(result.kmErrorMeters.p95).toBeLessThan(25);
    expect(result.rank.meanSpearman).toBeGreaterThan(0.99);
    expect(result.rank.exactPercent).toBeGreaterThan(95);
    expect(result.gapErrorSeconds).toBeNull();
    expect(result.splits).toBeNull();
    // Time trial: the engine's time checks and stage times (the feed shows only some riders from the ramp to the
    // line, so few are timed whole; docs/accuracy.md).
    expect(result.timeCheckGapErrorSeconds!.n).toBeGreaterThan(10_000);
    expect(result.stageTimes!.compared).toBeGreaterThanOrEqual(5);
    expect(result.stageTimes!.spearman).toBeGreaterThan(0.9);
    expect(result.stageTimes!.gapErrorSeconds.mae).toBeLessThan(15);
  }, 120_000);

  it('stage 5 (road stage from km 83.5): km within 15 m MAE, gaps within 3 s MAE, splits agree on 95 %', async () => {
    const result = await compare('stage05-rider-telemetry.csv.gz');

    expect(result.stage).toBe(5);
    expect(result.timeTrial).toBe(false);
    expect(result.feed.firstKm).toBeGreaterThan(80);
    expect(result.kmErrorMeters.n).toBeGreaterThan(0.95 * result.feed.liveRows);
    expect(result.kmErrorMeters.mae).toBeLessThan(15);
    expect(result.kmErrorMeters.p95).toBeLessThan(30);
    expect(result.gapErrorSeconds!.n).toBeGreaterThan(0.95 * result.feed.liveRows);
    expect(result.gapErrorSeconds!.mae).toBeLessThan(3);
    expect(result.gapErrorSeconds!.p95).toBeLessThan(8);
    expect(result.rank.meanSpearman).toBeGreaterThan(0.97);
    expect(result.rank.withinPercent).toBeGreaterThan(60);
    expect(result.splits!.agreementPercent).toBeGreaterThan(95);
  }, 120_000);

  it('refuses a run without --feed and names the flag', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));

    const code = await compareFeed.run(['--stage', '5']);

    expect(code).toBe(2);
    expect(errors.join('\n')).toContain('--feed is required');
  });
});
