import { describe, expect, it } from 'vitest';
import type { RaceEvent } from '../../../../core/race';
import type { SentLedger } from '../../../../local/faults/mesh-faults';
import type { StoredStage } from '../../../../local/faults/read-back';
import { duplicatedEvents, meetsBar, scoreScenario } from '../../../../local/faults/score';

const T0 = Date.UTC(2022, 6, 3, 11, 0, 0);

function event(kind: RaceEvent['kind'], bibs: number[], distanceMeters: number, tMs = T0): RaceEvent {
  return { id: `3-${kind}-${distanceMeters}`, kind, tMs, distanceMeters, bibs, text: kind };
}

const ledger: SentLedger = {
  frames: [
    {
      v: 1,
      gateway: 'g',
      sentAt: T0 + 1_000,
      fixes: [
        { device: 'TRK-1-A', seq: 0, t: T0, lat: 55, lon: 9 },
        { device: 'TRK-1-A', seq: 1, t: T0 + 1_000, lat: 55, lon: 9 },
        { device: 'TRK-2-A', seq: 0, t: T0, lat: 55, lon: 9 },
      ],
    },
  ],
  truthEvents: [{ type: 'breakaway-formed', t: T0, km: 4, bibs: [1, 2] }],
  malformedLines: new Map(),
  injected: { duplicateCopies: 0, heldBack: 0, skewedDevices: 0 },
};
const reference = {
  history: new Set([`TRK-1-A@${T0}`, `TRK-1-A@${T0 + 1_000}`, `TRK-2-A@${T0}`]),
  trackBuckets: new Set([`1@${T0}`, `2@${T0}`]),
  refused: new Map<string, number>(),
};

function stored(overrides: Partial<StoredStage>): StoredStage {
  return {
    history: [
      { device: 'TRK-1-A', tMs: T0, seq: 0 },
      { device: 'TRK-1-A', tMs: T0 + 1_000, seq: 1 },
      { device: 'TRK-2-A', tMs: T0, seq: 0 },
    ],
    tracks: [
      { bib: 1, tMs: T0, sk: 'TRACK#1#a' },
      { bib: 2, tMs: T0, sk: 'TRACK#2#a' },
    ],
    events: [event('breakaway-formed', [1, 2], 4_000, T0 + 20_000)],
    quarantined: new Map(),
    quarantinedFixes: new Set(),
    ...overrides,
  };
}

describe('scoreScenario', () => {
  it('finds nothing wrong when the stores hold what the reference stored, rewrites aside', () => {
    const clean = stored({});
    const score = scoreScenario(ledger, reference, { ...clean, history: [...clean.history, clean.history[0]!] });

    expect(score).toMatchObject({
      fixesSent: 3,
      fixesExpected: 3,
      fixesStored: 3,
      fixesLost: 0,
      fixesUnexpected: 0,
      historyDuplicated: 0,
      historyRewrites: 1,
      trackBucketsLost: 0,
      trackDuplicated: 0,
      eventsMissing: 0,
      eventsExtra: 0,
      eventsDuplicated: 0,
    });
    expect(meetsBar(score)).toBe(true);
  });

  it('counts a lost fix, a fix stored under a second time, a lost track bucket and a repeated event', () => {
    const score = scoreScenario(
      ledger,
      reference,
      stored({
        history: [
          { device: 'TRK-1-A', tMs: T0, seq: 0 },
          { device: 'TRK-1-A', tMs: T0 + 30_000, seq: 0 },
          { device: 'TRK-2-A', tMs: T0, seq: 0 },
        ],
        tracks: [{ bib: 1, tMs: T0, sk: 'TRACK#1#a' }],
        events: [
          event('breakaway-formed', [1, 2], 4_000, T0 + 20_000),
          event('breakaway-formed', [2, 1], 4_600, T0 + 60_000),
        ],
      }),
    );

    expect(score).toMatchObject({
      fixesLost: 1,
      lostSample: [`TRK-1-A@${T0 + 1_000}`],
      fixesUnexpected: 1,
      historyDuplicated: 1,
      trackBucketsLost: 1,
      eventsDuplicated: 1,
      eventsExtra: 1,
    });
    expect(meetsBar(score)).toBe(false);
  });

  it('counts a fix the engine quarantined as refused, not lost', () => {
    const clean = stored({});
    const score = scoreScenario(
      ledger,
      reference,
      stored({ history: clean.history.slice(0, 2), quarantinedFixes: new Set([`TRK-2-A@${T0}`]) }),
    );

    expect(score).toMatchObject({ fixesLost: 0, fixesRefused: 1, lostSample: [] });
    expect(meetsBar(score)).toBe(true);
  });

  it('does not count engine-only kinds (gap milestones, flamme rouge) as extra events', () => {
    const events = [
      event('breakaway-formed', [1, 2], 4_000, T0 + 20_000),
      event('gap-milestone', [1, 2], 9_000, T0 + 400_000),
      event('flamme-rouge', [1], 180_000, T0 + 800_000),
    ];

    expect(scoreScenario(ledger, reference, stored({ events })).eventsExtra).toBe(0);
  });

  it('misses a truth event no stored event matches', () => {
    expect(scoreScenario(ledger, reference, stored({ events: [] })).eventsMissing).toBe(1);
  });
});

describe('duplicatedEvents', () => {
  it('counts the same kind about the same riders within 1 km, not other kinds, riders or places', () => {
    const events = [
      event('attack', [5], 10_000),
      event('attack', [5], 10_900),
      event('attack', [5], 12_500),
      event('attack', [6], 10_000),
      event('rider-stopped', [5], 10_000),
    ];

    expect(duplicatedEvents(events)).toBe(1);
  });

  it('tells two gap milestones of one breakaway apart, and counts one milestone reported twice', () => {
    const milestone = (text: string, distanceMeters: number): RaceEvent => ({
      ...event('gap-milestone', [8, 14], distanceMeters),
      text,
    });
    const events = [
      milestone("The breakaway's lead passes 1 min: 1 min 16 s at km 6.1.", 6_090),
      milestone("The breakaway's lead passes 2 min: 2 min 10 s at km 6.4.", 6_411),
      milestone("The breakaway's lead passes 2 min: 2 min 02 s at km 6.5.", 6_500),
    ];

    expect(duplicatedEvents(events)).toBe(1);
  });
});
