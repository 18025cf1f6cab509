import { describe, expect, it } from 'vitest';
import { ATTACK_CONFIRM_MS, BRIDGE_CONFIRM_MS } from '../../../../lambdas/race/events/moves';
import { fromGroups, replay, seconds } from './race-sequence';

const ALL = [1, 2, 3, 4, 5, 6];

describe('attack and bridge events', () => {
  it('reports a rider who leaves the front of the group and holds a gap', () => {
    const cores = seconds(0, 60, (s) =>
      s < 10
        ? fromGroups(s * 1_000, [['peloton', ALL, 0]])
        : fromGroups(s * 1_000, [
            ['breakaway', [1], 0],
            ['peloton', [2, 3, 4, 5, 6], (s - 10) * 0.5],
          ]),
    );

    const { events } = replay(cores, [], (bib) => `R${bib}`);

    expect(events.filter((e) => e.kind === 'attack')).toEqual([
      expect.objectContaining({
        id: '3-attack-1',
        tMs: 10_000 + ATTACK_CONFIRM_MS,
        bibs: [1],
        text: 'R1 attacks at km 50.0 and opens a gap of 15 s.',
      }),
    ]);
  });

  it('does not report a rider flickering just clear of the group', () => {
    const cores = seconds(0, 300, (s) =>
      s % 15 < 12
        ? fromGroups(s * 1_000, [
            ['breakaway', [1], 0],
            ['peloton', [2, 3, 4, 5, 6], 2.5],
          ])
        : fromGroups(s * 1_000, [['peloton', ALL, 0]]),
    );

    expect(replay(cores).events.filter((e) => e.kind === 'attack')).toEqual([]);
  });

  it('reports a small group that closes the gap to the group ahead and stays there', () => {
    const cores = seconds(0, 120, (s) =>
      s < 60
        ? fromGroups(s * 1_000, [
            ['breakaway', [1, 2], 0],
            ['chasers', [3], 30 - s / 2],
            ['peloton', [4, 5, 6], 90],
          ])
        : fromGroups(s * 1_000, [
            ['breakaway', [1, 2, 3], 0],
            ['peloton', [4, 5, 6], 90],
          ]),
    );

    const { events } = replay(cores, [], (bib) => `R${bib}`);

    expect(events.filter((e) => e.kind === 'bridge')).toEqual([
      expect.objectContaining({
        id: '3-bridge-1',
        tMs: 60_000 + BRIDGE_CONFIRM_MS,
        bibs: [3],
        text: 'R3 bridges across to the breakaway at km 50.0.',
        textFr: "R3 rentre sur l'échappée au km 50,0.",
      }),
    ]);
  });

  it('does not call a rider regaining the peloton after a puncture a bridge', () => {
    const cores = seconds(0, 120, (s) =>
      s < 60
        ? fromGroups(s * 1_000, [
            ['peloton', [1, 2, 3, 4, 5], 0],
            ['dropped', [6], 40 - s / 2],
          ])
        : fromGroups(s * 1_000, [['peloton', ALL, 0]]),
    );

    expect(replay(cores).events).toEqual([]);
  });

  it('does not call the peloton catching a breakaway a bridge', () => {
    const cores = seconds(0, 120, (s) =>
      s < 60
        ? fromGroups(s * 1_000, [
            ['breakaway', [1, 2], 0],
            ['peloton', [3, 4, 5, 6], 60 - s],
          ])
        : fromGroups(s * 1_000, [['peloton', ALL, 0]]),
    );

    expect(replay(cores).events.filter((e) => e.kind === 'bridge')).toEqual([]);
  });
});
