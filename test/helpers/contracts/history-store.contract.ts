import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  HistoryQueryError,
  MAX_HISTORY_ROWS,
  MAX_HISTORY_SPAN_MS,
  type HistoryFix,
  type HistoryQuery,
  type HistoryReader,
  type HistoryWriter,
} from '../../../core/ports/history-store';
import type { StageKey } from '../../../core/ports/stage-key';
import type { DeviceAssignment } from '../../../core/race';

/** A stage no other test writes to. */
export function freshHistoryStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 4 };
}

/** Start of the contract's fixes, epoch ms: stage 2 of 2022, near the hour (the archive partitions by hour). */
export const HISTORY_T0 = Date.UTC(2022, 6, 2, 10, 59, 30);

/** Who carries the contract's trackers: two riders and a race vehicle, for the whole tour. */
export const HISTORY_CONTRACT_DEVICES: readonly DeviceAssignment[] = [
  { device: 'TRK-7-A', owner: { kind: 'rider', bib: 7 }, validFromMs: 0, validToMs: null },
  { device: 'TRK-9-A', owner: { kind: 'rider', bib: 9 }, validFromMs: 0, validToMs: null },
  { device: 'CAR-1', owner: { kind: 'vehicle', id: 'car-1' }, validFromMs: 0, validToMs: null },
];

/** Team of the contract's riders (a reader that derives teams from the tour config uses this). */
export function historyContractTeamOf(bib: number): string {
  return bib === 7 ? 'Team Seven' : 'Team Nine';
}

/**
 * A fix of the contract's trackers as every history source can hold it: the owner and team follow from the device,
 * and no route-matched measure (the raw archive has none).
 */
export function contractFix(device: 'TRK-7-A' | 'TRK-9-A' | 'CAR-1', seq: number, altMeters?: number): HistoryFix {
  const bib = device === 'TRK-7-A' ? 7 : device === 'TRK-9-A' ? 9 : undefined;
  return {
    bib,
    team: bib === undefined ? 'car-1' : historyContractTeamOf(bib),
    device,
    seq,
    tMs: HISTORY_T0 + seq * 1_000,
    lat: 55.6 + seq / 10_000,
    lon: 12.1 - seq / 10_000,
    altMeters,
    hdop: 1,
  };
}

/** A rider fix carrying the processor's route-matched measures too (what the Timestream writer stores). */
function measuredFix(seq: number): HistoryFix {
  return {
    ...contractFix('TRK-7-A', seq, 40),
    distanceMeters: 20_000 + seq * 1_000,
    speedKmh: 43.2,
    gradientPercent: -0.4,
  };
}

const byTimeThenDevice = (a: HistoryFix, b: HistoryFix): number => a.tMs - b.tMs || a.device.localeCompare(b.device);

/** A writer under test and a way to read back everything it stored for one stage. */
export interface HistoryWriterFixture {
  readonly writer: HistoryWriter;
  readonly stage: StageKey;
  /** Every fix stored for `stage`, in any order; a store that keeps repeats returns them. */
  stored(): Promise<readonly HistoryFix[]>;
}

/** The write side of the history port: every `HistoryWriter` passes it (STYLE.md §2.4). */
export function historyWriterContract(name: string, makeFixture: () => Promise<HistoryWriterFixture>): void {
  describe(`${name} (HistoryWriter contract)`, () => {
    it('stores every fix of a batch with all its fields, riders and vehicles alike', async () => {
      const { writer, stage, stored } = await makeFixture();
      const fixes = [measuredFix(2), contractFix('CAR-1', 1), measuredFix(1), contractFix('TRK-9-A', 1, 35)];

      await expect(writer.write(stage, fixes)).resolves.toEqual({ written: 4, duplicates: 0, refused: [] });

      expect([...(await stored())].sort(byTimeThenDevice)).toEqual([...fixes].sort(byTimeThenDevice));
    });

    it('writes more fixes than one store call holds', async () => {
      const { writer, stage, stored } = await makeFixture();
      const fixes = Array.from({ length: 230 }, (_, i) => contractFix(i % 2 === 0 ? 'TRK-7-A' : 'TRK-9-A', i));

      await expect(writer.write(stage, fixes)).resolves.toEqual({ written: 230, duplicates: 0, refused: [] });

      expect(await stored()).toHaveLength(230);
    });

    it('takes a retried batch without refusing a fix or storing a different one', async () => {
      const { writer, stage, stored } = await makeFixture();
      const fixes = [measuredFix(1), contractFix('TRK-9-A', 1)];
      await writer.write(stage, fixes);

      const again = await writer.write(stage, fixes);

      expect(again.refused).toEqual([]);
      expect(again.written + again.duplicates).toBe(2);
      // A store may keep the repeat (moto does) or not (Timestream, the fake): what it holds per fix is the fix.
      const held = new Map((await stored()).map((f) => [`${f.device}|${f.tMs}`, f]));
      expect([...held.values()].sort(byTimeThenDevice)).toEqual([...fixes].sort(byTimeThenDevice));
    });

    it('writes nothing for an empty batch', async () => {
      const { writer, stage, stored } = await makeFixture();

      await expect(writer.write(stage, [])).resolves.toEqual({ written: 0, duplicates: 0, refused: [] });

      expect(await stored()).toEqual([]);
    });
  });
}

/** A reader under test over an empty history of `stage`, and a way to store fixes where the reader reads them. */
export interface HistoryReaderFixture {
  readonly reader: HistoryReader;
  readonly stage: StageKey;
  /** Stores the contract's fixes of `stage` the way the reader's source receives them (one delivery per call). */
  seed(fixes: readonly HistoryFix[]): Promise<void>;
}

/** The read side of the history port: every `HistoryReader` with a source the test can fill passes it. */
export function historyReaderContract(name: string, makeFixture: () => Promise<HistoryReaderFixture>): void {
  const query = (stage: StageKey, change: Partial<HistoryQuery> = {}): HistoryQuery => ({
    stage,
    fromMs: HISTORY_T0,
    toMs: HISTORY_T0 + 60_000,
    limit: 100,
    ...change,
  });
  const seeded = [
    contractFix('TRK-9-A', 3),
    contractFix('CAR-1', 1),
    contractFix('TRK-7-A', 1, 41),
    contractFix('TRK-7-A', 3),
    contractFix('TRK-9-A', 1, 38),
    contractFix('TRK-7-A', 60),
  ];

  describe(`${name} (HistoryReader contract)`, () => {
    it('returns the fixes of [from, to) oldest first, ties by device, with every field stored', async () => {
      const { reader, stage, seed } = await makeFixture();
      await seed(seeded);

      const rows = await reader.read(query(stage, { fromMs: HISTORY_T0 + 1_000 }));

      expect(rows).toEqual([
        contractFix('CAR-1', 1),
        contractFix('TRK-7-A', 1, 41),
        contractFix('TRK-9-A', 1, 38),
        contractFix('TRK-7-A', 3),
        contractFix('TRK-9-A', 3),
      ]);
    });

    it('keeps to one rider when the query names one', async () => {
      const { reader, stage, seed } = await makeFixture();
      await seed(seeded);

      const rows = await reader.read(query(stage, { bib: 7 }));

      expect(rows).toEqual([contractFix('TRK-7-A', 1, 41), contractFix('TRK-7-A', 3)]);
    });

    it('stops at the limit with the oldest rows', async () => {
      const { reader, stage, seed } = await makeFixture();
      await seed(seeded);

      const rows = await reader.read(query(stage, { limit: 2 }));

      expect(rows).toEqual([contractFix('CAR-1', 1), contractFix('TRK-7-A', 1, 41)]);
    });

    it('reads a fix delivered twice as one row', async () => {
      const { reader, stage, seed } = await makeFixture();
      await seed([contractFix('TRK-7-A', 1), contractFix('TRK-9-A', 2)]);
      await seed([contractFix('TRK-7-A', 1)]);

      const rows = await reader.read(query(stage));

      expect(rows).toEqual([contractFix('TRK-7-A', 1), contractFix('TRK-9-A', 2)]);
    });

    it('finds nothing of the stage for another stage', async () => {
      const { reader, stage, seed } = await makeFixture();
      await seed(seeded);

      const rows = await reader.read(query({ ...stage, stage: stage.stage + 1 }));

      expect(rows).toEqual([]);
    });
  });
}

/**
 * The bounds of the history port: every `HistoryReader` answers an empty history with no rows and refuses, with
 * `HistoryQueryError`, a query whose range or limit is out of bounds (whatever it holds).
 */
export function historyQueryBoundsContract(name: string, makeReader: () => Promise<HistoryReader>): void {
  const stage = freshHistoryStage();
  const within: HistoryQuery = { stage, fromMs: HISTORY_T0, toMs: HISTORY_T0 + 60_000, limit: 10 };

  describe(`${name} (HistoryReader bounds contract)`, () => {
    it('answers a stage without history with no rows', async () => {
      const reader = await makeReader();

      await expect(reader.read(within)).resolves.toEqual([]);
    });

    it.each([
      ['an empty range', { toMs: HISTORY_T0 }],
      ['a range that ends before it starts', { toMs: HISTORY_T0 - 1 }],
      ['a range longer than MAX_HISTORY_SPAN_MS', { toMs: HISTORY_T0 + MAX_HISTORY_SPAN_MS + 1 }],
      ['a limit of 0', { limit: 0 }],
      ['a limit over MAX_HISTORY_ROWS', { limit: MAX_HISTORY_ROWS + 1 }],
      ['a fractional limit', { limit: 2.5 }],
    ])('refuses %s with HistoryQueryError', async (_, change: Partial<HistoryQuery>) => {
      const reader = await makeReader();

      await expect(reader.read({ ...within, ...change })).rejects.toThrow(HistoryQueryError);
    });

    it('takes the longest range and the largest limit', async () => {
      const reader = await makeReader();

      const rows = reader.read({ ...within, toMs: HISTORY_T0 + MAX_HISTORY_SPAN_MS, limit: MAX_HISTORY_ROWS });

      await expect(rows).resolves.toEqual([]);
    });
  });
}
