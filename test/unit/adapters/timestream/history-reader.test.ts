import type { QueryCommand, QueryCommandOutput, TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { StoreThrottledError } from '../../../../core/ports/errors';
import { HistoryQueryError, type HistoryQuery } from '../../../../core/ports/history-store';
import {
  historyFixOfRow,
  historyQuerySql,
  timestreamTimeMs,
} from '../../../../lambdas/adapters/timestream/history-query';
import { TimestreamHistoryReader } from '../../../../lambdas/adapters/timestream/history-reader';

// moto has no Timestream query engine (it answers empty Rows): the SQL and the row parser are tested here.
const TABLE = { databaseName: 'tour-tracker-history', tableName: 'fixes' };
const FROM_MS = Date.UTC(2022, 6, 2, 10, 0, 0);
const QUERY: HistoryQuery = {
  stage: { tour: 'tdf2022', stage: 2 },
  fromMs: FROM_MS,
  toMs: FROM_MS + 60_000,
  limit: 500,
};

const COLUMNS = ['rider', 'team', 'device', 'time', 'lat', 'lon', 'alt', 'km', 'speed', 'gradient', 'hdop', 'seq'].map(
  (Name) => ({ Name, Type: { ScalarType: 'VARCHAR' as const } }),
);

function row(second: number, bib = '1') {
  const values = [bib, 'UAE Team Emirates', 'TRK-1-A', `2022-07-02 10:00:${String(second).padStart(2, '0')}.250000000`];
  return {
    Data: [
      ...values.map((ScalarValue) => ({ ScalarValue })),
      { ScalarValue: '55.61' },
      { ScalarValue: '12.08' },
      { NullValue: true },
      { ScalarValue: '12.5' },
      { ScalarValue: '43.2' },
      { ScalarValue: '-1.5' },
      { NullValue: true },
      { ScalarValue: String(second) },
    ],
  };
}

describe('historyQuerySql', () => {
  it('selects one stage (and rider) over a time range, oldest first, with a limit', () => {
    expect(historyQuerySql(TABLE, { ...QUERY, bib: 11 })).toBe(
      'SELECT rider, team, device, time, lat, lon, alt, km, speed, gradient, hdop, seq ' +
        'FROM "tour-tracker-history"."fixes" ' +
        "WHERE measure_name = 'fix' AND stage = 'tdf2022#2' AND rider = '11' " +
        `AND time >= from_milliseconds(${FROM_MS}) AND time < from_milliseconds(${FROM_MS + 60_000}) ` +
        'ORDER BY time ASC, device ASC LIMIT 500',
    );
  });

  it.each([
    ['a fractional bib', { bib: 1.5 }],
    ['an empty range', { toMs: FROM_MS }],
    ['a range over a day', { toMs: FROM_MS + 86_400_001 }],
    ['a zero limit', { limit: 0 }],
    ['a limit over 10,000', { limit: 10_001 }],
    ['a tour id with a quote', { stage: { tour: "x' OR '1'='1", stage: 2 } }],
  ])('refuses %s', (_name, change) => {
    expect(() => historyQuerySql(TABLE, { ...QUERY, ...change })).toThrow(HistoryQueryError);
  });

  it('refuses a table name that would break out of its quotes', () => {
    expect(() => historyQuerySql({ ...TABLE, tableName: 'fixes" --' }, QUERY)).toThrow(HistoryQueryError);
  });
});

describe('historyFixOfRow', () => {
  it('reads the cells by column name, nulls as missing measures, km as metres', () => {
    expect(historyFixOfRow(COLUMNS, row(7))).toEqual({
      bib: 1,
      team: 'UAE Team Emirates',
      device: 'TRK-1-A',
      seq: 7,
      tMs: FROM_MS + 7_250,
      lat: 55.61,
      lon: 12.08,
      altMeters: undefined,
      distanceMeters: 12_500,
      speedKmh: 43.2,
      gradientPercent: -1.5,
      hdop: undefined,
    });
  });

  it('reads a vehicle (rider none) without a bib', () => {
    expect(historyFixOfRow(COLUMNS, row(1, 'none')).bib).toBeUndefined();
  });

  it('parses Timestream time text as UTC', () => {
    expect(timestreamTimeMs('2022-07-02 10:00:00.000000000')).toBe(FROM_MS);
  });
});

describe('TimestreamHistoryReader', () => {
  function stubClient(pages: (Partial<QueryCommandOutput> | Error)[]) {
    const tokens: (string | undefined)[] = [];
    const client = {
      send: (command: QueryCommand) => {
        tokens.push(command.input.NextToken);
        const next = pages.shift() ?? { Rows: [], ColumnInfo: COLUMNS };
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
    } as unknown as TimestreamQueryClient;
    return { client, tokens };
  }

  it('follows NextToken through empty pages until the rows run out', async () => {
    const { client, tokens } = stubClient([
      { Rows: [row(1), row(2)], ColumnInfo: COLUMNS, NextToken: 'a' },
      { Rows: [], ColumnInfo: COLUMNS, NextToken: 'b' },
      { Rows: [row(3)], ColumnInfo: COLUMNS },
    ]);

    const rows = await new TimestreamHistoryReader(client, TABLE).read(QUERY);

    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(tokens).toEqual([undefined, 'a', 'b']);
  });

  it('stops paging once it has the limit', async () => {
    const { client, tokens } = stubClient([{ Rows: [row(1), row(2)], ColumnInfo: COLUMNS, NextToken: 'a' }]);

    const rows = await new TimestreamHistoryReader(client, TABLE).read({ ...QUERY, limit: 1 });

    expect(rows).toHaveLength(1);
    expect(tokens).toHaveLength(1);
  });

  it('turns throttling into StoreThrottledError', async () => {
    const { client } = stubClient([Object.assign(new Error('slow'), { name: 'ThrottlingException' })]);

    await expect(new TimestreamHistoryReader(client, TABLE).read(QUERY)).rejects.toThrow(StoreThrottledError);
  });
});
