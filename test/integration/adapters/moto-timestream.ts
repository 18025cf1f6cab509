import type { ColumnInfo, Row } from '@aws-sdk/client-timestream-query';
import type { _Record } from '@aws-sdk/client-timestream-write';
import type { HistoryFix } from '../../../core/ports/history-store';
import { historyFixOfRow } from '../../../lambdas/adapters/timestream/history-query';
import { timestreamRecords as timestreamRecordsAt } from '../../../local/faults/read-back';
import type { MotoServer } from '../../helpers/moto';

/** Records moto's Timestream table holds, as written: the fault suite's reader, on a test's moto server. */
export function timestreamRecords(moto: MotoServer, database: string, table: string): Promise<_Record[]> {
  return timestreamRecordsAt(moto.endpoint, database, table);
}

/**
 * The fixes moto's Timestream table holds, repeats included, read back as the Timestream reader would parse them
 * from a query row (moto has no query engine to ask). The stage dimension is not kept by moto: one table per stage.
 */
export async function storedHistoryFixes(moto: MotoServer, database: string, table: string): Promise<HistoryFix[]> {
  return (await timestreamRecords(moto, database, table)).map((record) => {
    const cells = new Map<string, string>([['time', timestreamTimeText(Number(record.Time))]]);
    for (const d of record.Dimensions ?? []) if (d.Name && d.Value !== undefined) cells.set(d.Name, d.Value);
    for (const m of record.MeasureValues ?? []) if (m.Name && m.Value !== undefined) cells.set(m.Name, m.Value);
    const columns: ColumnInfo[] = [...cells.keys()].map((Name) => ({ Name, Type: { ScalarType: 'VARCHAR' } }));
    const row: Row = { Data: [...cells.values()].map((ScalarValue) => ({ ScalarValue })) };
    return historyFixOfRow(columns, row);
  });
}

/** Epoch ms as Timestream's query result prints a timestamp (`2022-07-02 10:30:00.000000000`, UTC). */
function timestreamTimeText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}000000`;
}
