import { describe, expect, it } from 'vitest';
import { compareWithFeed, isTimeTrialFeed } from '../../../../analysis/feed/compare-with-feed';
import { RIDERS, syntheticFeed } from './synthetic-feed';

describe('compareWithFeed', () => {
  it('agrees with a perfect feed of a road race: km within 10 m, gaps within 1.5 s, same order and splits', () => {
    const rows = syntheticFeed(40);

    const result = compareWithFeed(rows, { stage: 9, timeTrial: false });

    expect(result.feed).toMatchObject({ polls: 40, riders: RIDERS.length, medianPollSeconds: 10 });
    expect(result.route.source).toBe('tracks');
    expect(result.engine.fixes).toBe(rows.length);
    expect(result.kmErrorMeters.n).toBeGreaterThan(rows.length * 0.98);
    expect(result.kmErrorMeters.mae).toBeLessThan(10);
    expect(result.gapErrorSeconds!.mae).toBeLessThan(1.5);
    expect(result.gapRowsBeforeHead).toBeGreaterThan(0);
    expect(result.rank.meanSpearman).toBeGreaterThan(0.99);
    expect(result.rank.withinPercent).toBe(100);
    expect(result.splits!.feedSplits).toBeGreaterThan(0);
    expect(result.splits!.agreementPercent).toBeGreaterThan(95);
  });

  it('finds the disagreement when the feed puts the riders in the reverse order', () => {
    const rows = syntheticFeed(20).map((r) => ({ ...r, positionInRace: RIDERS.length + 1 - r.positionInRace! }));

    const result = compareWithFeed(rows, { stage: 9, timeTrial: false });

    expect(result.rank.meanSpearman).toBeLessThan(-0.9);
  });

  it('gives no fix to the engine from rows the feed estimated itself (non-zero status)', () => {
    const rows = [...syntheticFeed(20), ...syntheticFeed(20, 4).map((r) => ({ ...r, tMs: r.tMs + 5_000 }))];

    const result = compareWithFeed(rows, { stage: 9, timeTrial: false });

    expect(result.feed.liveRows).toBe(rows.length / 2);
    expect(result.engine.fixes).toBe(rows.length / 2);
  });

  it('compares km and rank only in a time trial', () => {
    const result = compareWithFeed(syntheticFeed(20), { stage: 20, timeTrial: true });

    expect(result.gapErrorSeconds).toBeNull();
    expect(result.splits).toBeNull();
    expect(result.kmErrorMeters.mae).toBeLessThan(10);
  });
});

describe('isTimeTrialFeed', () => {
  it('sees a time trial in a virtual leader or a time on course', () => {
    const road = syntheticFeed(2);

    expect(isTimeTrialFeed(road)).toBe(false);
    expect(isTimeTrialFeed([...road, { ...road[0]!, ttTimeOnCourseSeconds: 95 }])).toBe(true);
    expect(isTimeTrialFeed([...road, { ...road[0]!, ttVirtualLeader: true }])).toBe(true);
  });
});
