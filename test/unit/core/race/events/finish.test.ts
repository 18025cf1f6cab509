import { describe, expect, it } from 'vitest';
import { core, group, LENGTH, replay } from './race-sequence';

describe('flamme rouge and finish events', () => {
  it('reports the flamme rouge once, when the head of the race passes 1 km to go', () => {
    const cores = [LENGTH - 1_100, LENGTH - 950, LENGTH - 700].map((d, i) =>
      core(i * 10_000, { groups: [group('peloton', [1, 2, 3], d)] }),
    );

    const { events } = replay(cores);

    expect(events.map((e) => [e.id, e.text, e.textFr])).toEqual([
      [
        '3-flamme-rouge-head',
        'Flamme rouge: 1 km to go for the head of the race.',
        'Flamme rouge : dernier kilomètre pour la tête de la course.',
      ],
    ]);
  });

  it('reports each rider across the line with the position and the time behind the winner', () => {
    const t0 = 1_000_000;
    const groups = [group('peloton', [1, 3, 5], LENGTH - 500)];
    const cores = [
      core(t0 - 5_000, { groups }),
      core(t0 + 1_000, { groups, finishOrder: [4], finishTimesMs: [t0] }),
      core(t0 + 70_000, { groups, finishOrder: [4, 2, 6], finishTimesMs: [t0, t0 + 2_000, t0 + 65_000] }),
    ];

    const { events } = replay(cores, [], (bib) => `R${bib}`);

    expect(events.map((e) => [e.id, e.text])).toEqual([
      ['3-finish-4', 'R4 wins the stage!'],
      ['3-finish-2', 'R2 crosses the line 2nd, 2 s behind the winner.'],
      ['3-finish-6', 'R6 crosses the line 3rd, 1 min 05 s behind the winner.'],
    ]);
    expect(events[2]?.textFr).toBe('R6 franchit la ligne 3e, à 1 min 05 s du vainqueur.');
  });

  it('reports a rider whose crossing is seen late, slotted in ahead of riders already reported, and nobody twice', () => {
    const t0 = 1_000_000;
    const groups = [group('peloton', [1, 3, 5], LENGTH - 500)];
    const cores = [
      core(t0 - 5_000, { groups }),
      core(t0 + 3_000, { groups, finishOrder: [4, 2], finishTimesMs: [t0, t0 + 2_000] }),
      core(t0 + 20_000, { groups, finishOrder: [4, 6, 2], finishTimesMs: [t0, t0 + 1_000, t0 + 2_000] }),
    ];

    const { events } = replay(cores, [], (bib) => `R${bib}`);

    expect(events.map((e) => [e.id, e.text])).toEqual([
      ['3-finish-4', 'R4 wins the stage!'],
      ['3-finish-2', 'R2 crosses the line 2nd, 2 s behind the winner.'],
      ['3-finish-6', 'R6 crosses the line 2nd, 1 s behind the winner.'],
    ]);
  });
});
