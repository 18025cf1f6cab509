import { CreateDatabaseCommand, CreateTableCommand, TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../core/ports/errors';
import type { HistoryFix } from '../../../core/ports/history-store';
import { TimestreamHistoryWriter } from '../../../lambdas/adapters/timestream/history-writer';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';
import { timestreamRecords } from './moto-timestream';

// moto ingests every record (it never rejects): rejected-record handling is unit-tested with a stubbed client.
const DATABASE = 'tour-tracker';
const TABLE = 'fixes';
const STAGE = { tour: 'tdf2022', stage: 2 };
let moto: MotoServer;
let client: TimestreamWriteClient;

beforeAll(async () => {
  moto = await startMoto();
  client = new TimestreamWriteClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  await client.send(new CreateDatabaseCommand({ DatabaseName: DATABASE }));
  await client.send(new CreateTableCommand({ DatabaseName: DATABASE, TableName: TABLE }));
}, 30_000);

afterAll(async () => {
  client.destroy();
  await moto.stop();
});

function fix(i: number): HistoryFix {
  return {
    bib: 11,
    team: 'Jumbo-Visma',
    device: 'TRK-11-A',
    seq: i,
    tMs: Date.UTC(2022, 6, 2, 11, 0, i),
    lat: 55.4 + i / 10_000,
    lon: 11.9,
    altMeters: 40,
    distanceMeters: 20_000 + i * 12,
    speedKmh: 43.2,
    gradientPercent: -0.4,
  };
}

describe('TimestreamHistoryWriter against moto', () => {
  it('writes 230 fixes in three calls as multi-measure records', async () => {
    const writer = new TimestreamHistoryWriter(client, { databaseName: DATABASE, tableName: TABLE });
    const fixes = Array.from({ length: 230 }, (_, i) => fix(i));

    await expect(writer.write(STAGE, fixes)).resolves.toEqual({ written: 230, duplicates: 0, refused: [] });

    const records = await timestreamRecords(moto, DATABASE, TABLE);
    expect(records).toHaveLength(230);
    expect(records[7]?.Time).toBe(String(fix(7).tMs));
    expect(records[7]?.Dimensions).toContainEqual({ Name: 'device', Value: 'TRK-11-A' });
    expect(records[7]?.MeasureValues).toContainEqual({ Name: 'km', Value: String(20.084), Type: 'DOUBLE' });
  });

  it('turns a missing table into a StoreError', async () => {
    const writer = new TimestreamHistoryWriter(client, { databaseName: DATABASE, tableName: 'missing' });

    await expect(writer.write(STAGE, [fix(0)])).rejects.toThrow(StoreError);
  });
});
