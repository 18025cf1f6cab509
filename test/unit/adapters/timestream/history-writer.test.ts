import {
  RejectedRecordsException,
  ThrottlingException,
  type TimestreamWriteClient,
  type WriteRecordsCommand,
} from '@aws-sdk/client-timestream-write';
import { describe, expect, it } from 'vitest';
import { StoreError, StoreThrottledError } from '../../../../core/ports/errors';
import type { HistoryFix } from '../../../../core/ports/history-store';
import {
  FIX_RECORD_VERSION,
  MAX_RECORDS_PER_WRITE,
  TimestreamHistoryWriter,
} from '../../../../lambdas/adapters/timestream/history-writer';

const STAGE = { tour: 'tdf2022', stage: 2 };
const TARGET = { databaseName: 'db', tableName: 'fixes' };

function fix(i: number): HistoryFix {
  return {
    bib: 1,
    team: 'UAE Team Emirates',
    device: 'TRK-1-A',
    seq: i,
    tMs: 1_656_750_000_000 + i * 1_000,
    lat: 55.6,
    lon: 12.5,
    distanceMeters: 1_000 + i * 12,
    speedKmh: 43.2,
    gradientPercent: 1.5,
    hdop: 1,
  };
}

/** A client whose `send` answers each call with the next outcome (an error is thrown), recording the inputs. */
function stubClient(outcomes: (Error | undefined)[]) {
  const calls: WriteRecordsCommand['input'][] = [];
  const client = {
    send: (command: WriteRecordsCommand) => {
      calls.push(command.input);
      const next = outcomes.shift();
      return next === undefined ? Promise.resolve({}) : Promise.reject(next);
    },
  } as unknown as TimestreamWriteClient;
  return { client, calls };
}

const noWait = { sleep: () => Promise.resolve() };

function throttled(): ThrottlingException {
  return new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} });
}

function rejected(records: { RecordIndex: number; Reason: string; ExistingVersion?: number }[]) {
  return new RejectedRecordsException({ message: 'rejected', $metadata: {}, RejectedRecords: records });
}

describe('TimestreamHistoryWriter', () => {
  it('writes multi-measure records with shared attributes in batches of at most 100', async () => {
    const { client, calls } = stubClient([]);
    const writer = new TimestreamHistoryWriter(client, TARGET, noWait);
    const fixes = Array.from({ length: 250 }, (_, i) => fix(i));

    await expect(writer.write(STAGE, fixes)).resolves.toEqual({ written: 250, duplicates: 0, refused: [] });

    expect(calls.map((c) => c.Records?.length)).toEqual([MAX_RECORDS_PER_WRITE, MAX_RECORDS_PER_WRITE, 50]);
    expect(calls[0]?.CommonAttributes).toEqual({
      Dimensions: [{ Name: 'stage', Value: 'tdf2022#2' }],
      MeasureName: 'fix',
      MeasureValueType: 'MULTI',
      TimeUnit: 'MILLISECONDS',
      Version: FIX_RECORD_VERSION,
    });
    const first = calls[0]?.Records?.[0];
    expect(first?.Time).toBe(String(fix(0).tMs));
    expect(first?.Dimensions).toEqual([
      { Name: 'rider', Value: '1' },
      { Name: 'team', Value: 'UAE Team Emirates' },
      { Name: 'device', Value: 'TRK-1-A' },
    ]);
    expect(Object.fromEntries((first?.MeasureValues ?? []).map((m) => [m.Name, [m.Value, m.Type]]))).toEqual({
      lat: ['55.6', 'DOUBLE'],
      lon: ['12.5', 'DOUBLE'],
      seq: ['0', 'BIGINT'],
      km: ['1', 'DOUBLE'],
      speed: ['43.2', 'DOUBLE'],
      gradient: ['1.5', 'DOUBLE'],
      hdop: ['1', 'DOUBLE'],
    });
  });

  it('leaves out measures a fix does not have and names a vehicle rider none', async () => {
    const { client, calls } = stubClient([]);
    const vehicle: HistoryFix = { bib: undefined, team: 'red-flag', device: 'CAR-1', seq: 3, tMs: 5, lat: 1, lon: 2 };

    await new TimestreamHistoryWriter(client, TARGET, noWait).write(STAGE, [vehicle]);

    const record = calls[0]?.Records?.[0];
    expect(record?.Dimensions?.[0]).toEqual({ Name: 'rider', Value: 'none' });
    expect(record?.MeasureValues?.map((m) => m.Name)).toEqual(['lat', 'lon', 'seq']);
  });

  it('counts a same-version rejection as a duplicate and returns any other rejection as refused', async () => {
    const { client } = stubClient([
      rejected([
        { RecordIndex: 1, Reason: 'A record with this version already exists', ExistingVersion: FIX_RECORD_VERSION },
        { RecordIndex: 2, Reason: 'The record timestamp is outside the time range of the data ingestion window' },
      ]),
    ]);
    const fixes = [fix(0), fix(1), fix(2), fix(3)];

    const out = await new TimestreamHistoryWriter(client, TARGET, noWait).write(STAGE, fixes);

    expect(out.written).toBe(2);
    expect(out.duplicates).toBe(1);
    expect(out.refused).toEqual([
      { fix: fix(2), reason: 'The record timestamp is outside the time range of the data ingestion window' },
    ]);
  });

  it('retries throttling with growing delays and then succeeds', async () => {
    const { client, calls } = stubClient([throttled(), throttled()]);
    const delays: number[] = [];
    const writer = new TimestreamHistoryWriter(client, TARGET, {
      baseDelayMs: 10,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });

    await expect(writer.write(STAGE, [fix(0)])).resolves.toMatchObject({ written: 1 });

    expect(calls).toHaveLength(3);
    expect(delays).toEqual([10, 20]);
  });

  it('throws StoreThrottledError once the attempts are used up', async () => {
    const { client, calls } = stubClient([throttled(), throttled(), throttled()]);
    const writer = new TimestreamHistoryWriter(client, TARGET, { ...noWait, attempts: 3 });

    await expect(writer.write(STAGE, [fix(0)])).rejects.toThrow(StoreThrottledError);
    expect(calls).toHaveLength(3);
  });

  it('wraps any other failure as a StoreError carrying the SDK error', async () => {
    const boom = Object.assign(new Error('no such table'), { name: 'ResourceNotFoundException' });
    const { client } = stubClient([boom]);

    const write = new TimestreamHistoryWriter(client, TARGET, noWait).write(STAGE, [fix(0)]);

    await expect(write).rejects.toThrow(StoreError);
    await expect(write).rejects.toMatchObject({ cause: boom });
  });
});
