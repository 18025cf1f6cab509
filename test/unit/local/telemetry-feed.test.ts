import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { RaceClock } from '../../../local/race-clock';
import { RelayRaceClock } from '../../../local/relay-clock';
import { firstFrameTime, replayFeed } from '../../../local/telemetry-feed';

const START = Date.UTC(2022, 6, 8, 10, 10);
const dir = mkdtempSync(join(tmpdir(), 'feed-test-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frame(second: number): WireFrame {
  return {
    v: 1,
    gateway: 'gw',
    sentAt: START + second * 1_000,
    fixes: [{ device: 'TRK-1-A', seq: second, t: START + second * 1_000 - 500, lat: 47.6, lon: 6.8 }],
  };
}

describe('replayFeed', () => {
  it('hands each line to the intake when the race clock reaches its sentAt, in file order', async () => {
    const path = join(dir, 'frames.jsonl');
    writeFileSync(path, [frame(0), frame(2), frame(5)].map((f) => JSON.stringify(f)).join('\n') + '\n\nnot json\n');
    const clock = new RaceClock(await firstFrameTime(path), 50);
    const relayClock = new RelayRaceClock(clock);
    const handed: { raceMs: number; lines: readonly string[] }[] = [];
    const intake = {
      acceptLines: async (lines: readonly string[]) => {
        handed.push({ raceMs: clock.now(), lines });
        return lines.length;
      },
    };

    const feed = replayFeed(path, intake, clock, relayClock);
    await feed.done;

    const sentAts = handed.slice(0, 3).map((h) => (JSON.parse(h.lines[0]!) as WireFrame).sentAt);
    expect(sentAts).toEqual([START, START + 2_000, START + 5_000]);
    expect(handed.slice(0, 3).every((h, i) => h.raceMs >= sentAts[i]!)).toBe(true);
    expect(handed[3]?.lines).toEqual(['not json']);
    expect(feed.progress()).toMatchObject({ framesFed: 4, fixesFed: 3, newestFixMs: START + 4_500, finished: true });
    expect(relayClock.now()).toBeGreaterThanOrEqual(START + 5_000);
  });
});
