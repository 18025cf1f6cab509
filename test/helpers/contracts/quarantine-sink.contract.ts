import { describe, expect, it } from 'vitest';
import { quarantineKeyOf, type QuarantinedRecord, type QuarantineSink } from '../../../core/ports/quarantine-sink';

/** A sink under test and a way to read back what it holds, by object key. */
export interface QuarantineFixture {
  readonly sink: QuarantineSink;
  read(): Promise<ReadonlyMap<string, QuarantinedRecord>>;
}

function record(sequenceNumber: string, reason: QuarantinedRecord['reason']): QuarantinedRecord {
  return {
    reason,
    detail: 'expected v 1, received 2',
    shardId: 'shardId-000000000001',
    sequenceNumber,
    arrivalMs: Date.UTC(2022, 6, 5, 13, 0, 0),
    dataBase64: Buffer.from('{"v":2}').toString('base64'),
  };
}

/** The `QuarantineSink` contract: every implementation passes it (STYLE.md §2.4). */
export function quarantineSinkContract(name: string, makeFixture: () => Promise<QuarantineFixture>): void {
  describe(`${name} (QuarantineSink contract)`, () => {
    it('keeps each record with its reason, source and raw bytes under a dated key', async () => {
      const { sink, read } = await makeFixture();
      await sink.put([record('10', 'unknown-version'), record('10', 'off-route'), record('11', 'unknown-version')]);
      const stored = await read();
      expect(stored.size).toBe(3);
      const key = 'quarantine/2022/07/05/shardId-000000000001/10/unknown-version.json';
      expect(quarantineKeyOf(record('10', 'unknown-version'))).toBe(key);
      expect(stored.get(key)).toEqual(record('10', 'unknown-version'));
    });

    it('overwrites on a retry instead of duplicating', async () => {
      const { sink, read } = await makeFixture();
      await sink.put([record('12', 'bad-shape')]);
      await sink.put([record('12', 'bad-shape')]);
      expect((await read()).size).toBe(1);
    });
  });
}
