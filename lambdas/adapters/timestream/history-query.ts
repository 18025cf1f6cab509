import type { ColumnInfo, Row } from '@aws-sdk/client-timestream-query';
import {
  HistoryQueryError,
  MAX_HISTORY_ROWS,
  MAX_HISTORY_SPAN_MS,
  type HistoryFix,
  type HistoryQuery,
} from '../../../core/ports/history-store';
import { FIX_MEASURE_NAME } from './history-writer';

/** A tour id or a Timestream database/table name safe to put in SQL (what the config and CDK generate). */
const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

/** Where the history lives: database and table names from the environment. */
export interface HistoryTable {
  readonly databaseName: string;
  readonly tableName: string;
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HistoryQueryError(`${name} must be an integer in [${min}, ${max}], received ${value}`);
  }
  return value;
}

function safeName(name: string, value: string): string {
  if (!SAFE_NAME.test(value)) throw new HistoryQueryError(`${name} must match ${SAFE_NAME.source}, received ${value}`);
  return value;
}

/**
 * The SQL of a history query. Timestream Query has no bind parameters, so this is the one place SQL is built from
 * values, and it interpolates only integers checked here and names that must match `SAFE_NAME` (database and table
 * from the environment, the tour id from the config): never a string a user typed.
 * @see https://docs.aws.amazon.com/timestream/latest/developerguide/supported-sql-constructs.html
 */
export function historyQuerySql(table: HistoryTable, query: HistoryQuery): string {
  const fromMs = integerIn('fromMs', query.fromMs, 0, Number.MAX_SAFE_INTEGER);
  const toMs = integerIn('toMs', query.toMs, fromMs + 1, fromMs + MAX_HISTORY_SPAN_MS);
  const limit = integerIn('limit', query.limit, 1, MAX_HISTORY_ROWS);
  const stage = `${safeName('tour', query.stage.tour)}#${integerIn('stage', query.stage.stage, 1, 99)}`;
  const rider = query.bib === undefined ? '' : ` AND rider = '${integerIn('bib', query.bib, 1, 99_999)}'`;
  const from = `"${safeName('database', table.databaseName)}"."${safeName('table', table.tableName)}"`;
  return [
    'SELECT rider, team, device, time, lat, lon, alt, km, speed, gradient, hdop, seq',
    `FROM ${from}`,
    `WHERE measure_name = '${FIX_MEASURE_NAME}' AND stage = '${stage}'${rider}`,
    `AND time >= from_milliseconds(${fromMs}) AND time < from_milliseconds(${toMs})`,
    `ORDER BY time ASC, device ASC LIMIT ${limit}`,
  ].join(' ');
}

/** Parses Timestream's timestamp text (`2022-07-02 10:30:00.000000000`, UTC) to epoch ms. */
export function timestreamTimeMs(text: string): number {
  const ms = Date.parse(`${text.replace(' ', 'T').slice(0, 23)}Z`);
  if (!Number.isFinite(ms)) throw new HistoryQueryError(`unreadable Timestream time ${text}`);
  return ms;
}

/** Parses one result row by the query's column names into a history fix (missing measures stay undefined). */
export function historyFixOfRow(columns: readonly ColumnInfo[], row: Row): HistoryFix {
  const cells = new Map<string, string>();
  (row.Data ?? []).forEach((datum, i) => {
    const name = columns[i]?.Name;
    if (name !== undefined && datum.NullValue !== true && datum.ScalarValue !== undefined) {
      cells.set(name, datum.ScalarValue);
    }
  });
  const number = (name: string): number | undefined => {
    const text = cells.get(name);
    return text === undefined ? undefined : Number(text);
  };
  const km = number('km');
  const rider = cells.get('rider');
  return {
    bib: rider === undefined || rider === 'none' ? undefined : Number(rider),
    team: cells.get('team') ?? '',
    device: cells.get('device') ?? '',
    seq: number('seq') ?? 0,
    tMs: timestreamTimeMs(cells.get('time') ?? ''),
    lat: number('lat') ?? Number.NaN,
    lon: number('lon') ?? Number.NaN,
    altMeters: number('alt'),
    distanceMeters: km === undefined ? undefined : km * 1_000,
    speedKmh: number('speed'),
    gradientPercent: number('gradient'),
    hdop: number('hdop'),
  };
}
