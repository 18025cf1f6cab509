import { describe, expect, it } from 'vitest';
import { LEADER_CONFIRM_MS } from '../../../../../core/race/events/virtual-leader';
import type { SnapshotCore } from '../../../../../core/race/index';
import { core, replay, seconds } from './race-sequence';

/** The virtual GC with `first` leading `second` by `ahead` seconds. */
function gc(tMs: number, first: number, second: number, ahead: number): SnapshotCore {
  return core(tMs, {
    virtualGc: [
      { rank: 1, bib: first, virtualSeconds: 100, behindSeconds: 0 },
      { rank: 2, bib: second, virtualSeconds: 100 + ahead, behindSeconds: ahead },
    ],
    virtualYellowBib: first,
  });
}

describe('virtual leader events', () => {
  it('takes the first leader silently and reports a new one once the lead has held', () => {
    const cores = seconds(0, 200, (s) => (s < 50 ? gc(s * 1_000, 1, 2, 30) : gc(s * 1_000, 2, 1, 12)));

    const { events } = replay(cores, [], (bib) => (bib === 2 ? 'Tadej' : 'Jonas'));

    expect(events).toEqual([
      expect.objectContaining({
        id: '3-virtual-leader-1',
        kind: 'virtual-leader',
        tMs: 50_000 + LEADER_CONFIRM_MS,
        bibs: [2, 1],
        text: 'Tadej is the virtual yellow jersey, 12 s ahead of Jonas.',
      }),
    ]);
  });

  it('does not report leaders who swap back and forth within seconds of each other', () => {
    const cores = seconds(0, 600, (s) =>
      Math.floor(s / 40) % 2 === 0 ? gc(s * 1_000, 1, 2, 1) : gc(s * 1_000, 2, 1, 1),
    );

    expect(replay(cores).events).toEqual([]);
  });

  it('reports a new leader once the old one has been beaten long enough, while the riders ahead swap first place', () => {
    // From 10 s riders 2 and 3, together 30 s ahead of rider 1, swap first place every 5 s (GPS noise in a breakaway).
    const cores = seconds(0, 200, (s) =>
      s < 10 ? gc(s * 1_000, 1, 2, 30) : gc(s * 1_000, Math.floor(s / 5) % 2 === 0 ? 2 : 3, 1, 30),
    );

    const { events } = replay(cores);

    expect(events.map((e) => [e.tMs, e.bibs])).toEqual([
      [10_000 + LEADER_CONFIRM_MS, [Math.floor(70 / 5) % 2 === 0 ? 2 : 3, 1]],
    ]);
  });

  it('does not confirm a challenger who leads by less than the margin', () => {
    const cores = seconds(0, 300, (s) => (s < 10 ? gc(s * 1_000, 1, 2, 5) : gc(s * 1_000, 2, 1, 1)));

    expect(replay(cores).events).toEqual([]);
  });
});
