import { describe, expect, it } from 'vitest';
import { ATTACK_CONFIRM_MS, ATTACK_MAX_RETURN_SECONDS, BRIDGE_CONFIRM_MS } from '../../../../../core/race/events/moves';
import { fromGroups, replay, seconds } from './race-sequence';
import type { SnapshotCore } from '../../../../../core/race/index';

/** The core with the riders `bibs` reporting late (their live fix older than the stale limit). */
const late = (c: SnapshotCore, bibs: readonly number[]): SnapshotCore => ({
  ...c,
  riders: c.riders.map((r) => (bibs.includes(r.bib) ? { ...r, status: 'stale' } : r)),
});

const ALL = [1, 2, 3, 4, 5, 6];

/** Riders 1 and 2 lumped together ahead at 10 s (rider 1's fix late when `late1`), else 1 alone and 2 35 s back. */
const lumpedAtTen = (late1: boolean) => (s: number) =>
  s >= 10 && s < (late1 ? 13 : 11)
    ? late(
        fromGroups(s * 1_000, [
          ['breakaway', [1, 2], 0],
          ['peloton', [3, 4, 5, 6], 60],
        ]),
        late1 ? [1] : [],
      )
    : fromGroups(s * 1_000, [
        ['breakaway', [1], 0],
        ['chasers', [2], 35],
        ['peloton', [3, 4, 5, 6], 60],
      ]);

/** Rider 1 in the bunch with his tracker late from 5 s, then seen `gap` seconds clear of it from 20 s. */
const backFromLate = (gap: number) => (s: number) =>
  s < 20
    ? late(fromGroups(s * 1_000, [['peloton', ALL, 0]]), s >= 5 ? [1] : [])
    : fromGroups(s * 1_000, [
        ['breakaway', [1], 0],
        ['peloton', [2, 3, 4, 5, 6], gap],
      ]);

/** The core with rider `bib` silent long enough to be in no group (`GROUP_SILENCE_MS`). */
const silent = (c: SnapshotCore, bib: number): SnapshotCore => ({
  ...c,
  groups: c.groups.map((g) => ({
    ...g,
    riders: g.riders.filter((b) => b !== bib),
    size: g.riders.filter((b) => b !== bib).length,
  })),
  riders: c.riders.map((r) => (r.bib === bib ? { ...r, status: 'lost', group: -1 } : r)),
});

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

  it('does not call a rider whose tracker is late, left behind the group on paper, an attack', () => {
    const cores = seconds(0, 90, (s) =>
      s < 10
        ? fromGroups(s * 1_000, [['peloton', ALL, 0]])
        : late(
            fromGroups(s * 1_000, [
              ['breakaway', [1], 0],
              ['peloton', [2, 3, 4, 5, 6], (s - 10) * 0.5],
            ]),
            [1],
          ),
    );

    expect(replay(cores).events.filter((e) => e.kind === 'attack')).toEqual([]);
  });

  it('leaves a few riders going clear of the peloton at the head of the race to the breakaway story', () => {
    const cores = seconds(0, 60, (s) =>
      s < 10
        ? fromGroups(s * 1_000, [['peloton', ALL, 0]])
        : fromGroups(s * 1_000, [
            ['breakaway', [1, 2], 0],
            ['peloton', [3, 4, 5, 6], (s - 10) * 0.5],
          ]),
    );

    expect(replay(cores).events.filter((e) => e.kind === 'attack')).toEqual([]);
  });

  it('reports no attack in a time trial, where riders ride alone and pass each other', () => {
    const cores = seconds(0, 90, (s) =>
      s < 10
        ? fromGroups(s * 1_000, [
            ['peloton', [1, 2], 0],
            ['dropped', [3], 60],
            ['dropped', [4], 120],
            ['dropped', [5], 180],
          ])
        : fromGroups(s * 1_000, [
            ['breakaway', [1], 0],
            ['peloton', [2], s - 10],
            ['dropped', [3], 60],
            ['dropped', [4], 120],
            ['dropped', [5], 180],
          ]),
    );

    expect(replay(cores).events.filter((e) => e.kind === 'attack' || e.kind === 'bridge')).toEqual([]);
  });

  it('does not call riders far apart at once, after being lumped together for a moment, an attack', () => {
    const cores = seconds(0, 90, lumpedAtTen(false));

    expect(replay(cores).events.filter((e) => e.kind === 'attack')).toEqual([]);
  });

  it('reports a rider whose tracker was late and who comes back far clear of the group he rode in', () => {
    const cores = seconds(0, 90, backFromLate(20));

    expect(
      replay(cores)
        .events.filter((e) => e.kind === 'attack')
        .map((e) => [e.bibs, e.tMs]),
    ).toEqual([[[1], 20_000 + ATTACK_CONFIRM_MS]]);
  });

  it('reports a rider whose tracker was silent long enough to be in no group and who comes back clear of his bunch', () => {
    const cores = seconds(0, 90, (s) => (s === 19 ? silent(backFromLate(20)(s), 1) : backFromLate(20)(s)));

    expect(
      replay(cores)
        .events.filter((e) => e.kind === 'attack')
        .map((e) => [e.bibs, e.tMs]),
    ).toEqual([[[1], 20_000 + ATTACK_CONFIRM_MS]]);
  });

  it('does not call a late head of the race, passed on paper by a chaser and then seen far ahead, an attack', () => {
    const cores = seconds(0, 90, lumpedAtTen(true));

    expect(replay(cores).events.filter((e) => e.kind === 'attack')).toEqual([]);
  });

  it('does not call a late rider seen back implausibly far clear of his bunch (matched to another lap) an attack', () => {
    const cores = seconds(0, 90, backFromLate(ATTACK_MAX_RETURN_SECONDS + 20));

    expect(replay(cores).events.filter((e) => e.kind === 'attack')).toEqual([]);
  });
});
