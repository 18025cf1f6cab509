import type { _Record } from '@aws-sdk/client-timestream-write';
import type { MotoServer } from '../../helpers/moto';

/**
 * Records moto's Timestream table holds, as written (moto has no query engine; its `/moto-api/data.json` state
 * dump is the only way to read them back).
 */
export async function timestreamRecords(moto: MotoServer, database: string, table: string): Promise<_Record[]> {
  const response = await fetch(`${moto.endpoint}/moto-api/data.json`);
  if (!response.ok) throw new Error(`moto data.json answered ${response.status}`);
  const data = (await response.json()) as {
    timestreamwrite?: { TimestreamTable?: { db_name: string; name: string; records: _Record[] }[] };
  };
  const stored = data.timestreamwrite?.TimestreamTable?.find((t) => t.db_name === database && t.name === table);
  return stored?.records ?? [];
}
