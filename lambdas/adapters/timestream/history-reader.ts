import { QueryCommand, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { storeErrorOf } from '../../../core/ports/errors';
import type { HistoryFix, HistoryQuery, HistoryReader } from '../../../core/ports/history-store';
import { historyFixOfRow, historyQuerySql, type HistoryTable } from './history-query';

/** Most result pages read for one query (Timestream can return empty pages with a NextToken while it scans). */
const MAX_PAGES = 100;

/** Fix history from Timestream for LiveAnalytics, for partners and analysts (never for fans: DESIGN §2). */
export class TimestreamHistoryReader implements HistoryReader {
  constructor(
    private readonly client: TimestreamQueryClient,
    private readonly table: HistoryTable,
  ) {}

  async read(query: HistoryQuery): Promise<readonly HistoryFix[]> {
    const QueryString = historyQuerySql(this.table, query);
    const rows: HistoryFix[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES && rows.length < query.limit; page += 1) {
      const out = await this.client.send(new QueryCommand({ QueryString, NextToken })).catch((error: unknown) => {
        throw storeErrorOf('Query', error);
      });
      const columns = out.ColumnInfo ?? [];
      for (const row of out.Rows ?? []) rows.push(historyFixOfRow(columns, row));
      NextToken = out.NextToken;
      if (NextToken === undefined) break;
    }
    return rows.slice(0, query.limit);
  }
}
