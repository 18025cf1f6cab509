import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageSnapshot } from '../../core/race';
import { startRehearsal, type Rehearsal } from '../../local/rehearsal';
import type { RehearsalStatus } from '../../local/status-line';

/**
 * What `npm start` runs: the default rehearsal (tdf2022 stage 7, the full field, 10×, realistic faults) with the
 * page's own requests every second, for 5 minutes of wall time: the day's breakaway forms 251 s in (race km 27.6)
 * and a rider changes bikes at 274 s, so the last samples hold two groups to order. It runs alone (`npm run
 * test:soak`, a step of .ci/run of its own): the freshness it measures is this machine's.
 */
const RUN_WALL_MILLIS = 300_000;
const WARM_UP_WALL_MILLIS = 30_000;
const SAMPLE_EVERY_MILLIS = 10_000;

interface Sample {
  readonly atMillis: number;
  readonly status: RehearsalStatus;
  readonly snapshot: StageSnapshot | undefined;
}

let rehearsal: Rehearsal;
const samples: Sample[] = [];
let pageRequests = 0;
let pageFailures = 0;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's polling round (web/main.js): the public live snapshot, the events since the last reply, a rider card. */
async function pageRound(stagePath: string, since: { value: number }): Promise<void> {
  const urls = [`${stagePath}/live`, `${stagePath}/events?since=${since.value}`, `${stagePath}/riders/1`];
  const replies = await Promise.all(
    urls.map((url) => fetch(url).then(async (r) => ({ ok: r.ok, status: r.status, body: await r.text() }))),
  );
  pageRequests += replies.length;
  // 404 is the page's "not yet" (no snapshot, rider or route before the first fixes) and it handles it; 5xx is not.
  pageFailures += replies.filter((r) => r.status >= 500).length;
  const events = replies[1];
  if (events?.ok) since.value = (JSON.parse(events.body) as { next: number }).next;
}

/** Riders still racing in a snapshot, and those whose tracker is not `lost`. */
function reporting(snapshot: StageSnapshot): { onTheRoad: number; reporting: number } {
  const onTheRoad = snapshot.riders.filter((r) => !r.finished);
  return { onTheRoad: onTheRoad.length, reporting: onTheRoad.filter((r) => r.status !== 'lost').length };
}

beforeAll(async () => {
  rehearsal = await startRehearsal({ port: 0 });
  const stagePath = `${rehearsal.apiUrl}/tours/${rehearsal.tour}/stages/${rehearsal.stage}`;
  const since = { value: 0 };
  const started = Date.now();
  let nextSample = started + SAMPLE_EVERY_MILLIS;
  while (Date.now() - started < RUN_WALL_MILLIS) {
    // A failed round is counted, not thrown: the test reads the figures at the end.
    await pageRound(stagePath, since).catch(() => void (pageFailures += 1));
    if (Date.now() >= nextSample) {
      samples.push({ atMillis: Date.now() - started, status: rehearsal.status(), snapshot: rehearsal.snapshot() });
      nextSample += SAMPLE_EVERY_MILLIS;
    }
    await sleep(1_000);
  }
}, RUN_WALL_MILLIS + 60_000);

afterAll(async () => {
  const figures = rehearsal?.freshness.figures(Date.now() - (RUN_WALL_MILLIS - WARM_UP_WALL_MILLIS));
  const last = samples.at(-1);
  if (figures && last?.snapshot) {
    const { onTheRoad, reporting: reported } = reporting(last.snapshot);
    console.log(
      `default rehearsal: ${reported}/${onTheRoad} riders reporting at the end, freshness p50 ` +
        `${(figures.p50WallMillis / 1000).toFixed(2)} s / p95 ${(figures.p95WallMillis / 1000).toFixed(2)} s wall ` +
        `(${figures.samples} fix-seconds), ${last.snapshot.groups.length} groups, ${pageRequests} page requests`,
    );
  }
  await rehearsal?.stop();
});

describe('the default rehearsal (npm start) on this machine', () => {
  it('keeps at least 99 % of the riders on the road reporting at the end', () => {
    const last = samples.at(-1)?.snapshot;
    expect(last).toBeDefined();

    const { onTheRoad, reporting: reported } = reporting(last!);

    expect(onTheRoad).toBeGreaterThan(100);
    expect(reported / onTheRoad).toBeGreaterThanOrEqual(0.99);
  });

  it('keeps freshness p95 below 2 s of wall time after the warm-up', () => {
    const figures = rehearsal.freshness.figures(Date.now() - (RUN_WALL_MILLIS - WARM_UP_WALL_MILLIS));

    expect(figures?.samples ?? 0).toBeGreaterThan(1_000);
    expect(figures!.p95WallMillis).toBeLessThan(2_000);
  });

  it("orders every sampled snapshot's groups by road position with gaps that never shrink behind", () => {
    const checked = samples.flatMap((s) => (s.snapshot ? [s.snapshot] : []));
    expect(checked.length).toBeGreaterThanOrEqual(25);
    expect(Math.max(...checked.map((s) => s.groups.length))).toBeGreaterThanOrEqual(2);

    for (const snapshot of checked) {
      const byRoad = [...snapshot.groups].sort((a, b) => b.distanceMeters - a.distanceMeters);
      const gaps = byRoad.map((g) => g.gapSeconds);
      expect(gaps, `groups at ${new Date(snapshot.tMs).toISOString()}`).toEqual([...gaps].sort((a, b) => a - b));
    }
  });

  it('says nothing is stalled, retried or dead-lettered, and the API never failed the page', () => {
    const alerts = samples.flatMap((s) => [...s.status.stalled, ...s.status.retrying]);

    expect(alerts).toEqual([]);
    expect(samples.at(-1)?.status.deadLettered).toBe(0);
    expect(pageRequests).toBeGreaterThan(600);
    expect(pageFailures).toBe(0);
  });
});
