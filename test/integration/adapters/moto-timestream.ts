import type { _Record } from '@aws-sdk/client-timestream-write';
import { timestreamRecords as timestreamRecordsAt } from '../../../local/faults/read-back';
import type { MotoServer } from '../../helpers/moto';

/** Records moto's Timestream table holds, as written: the fault suite's reader, on a test's moto server. */
export function timestreamRecords(moto: MotoServer, database: string, table: string): Promise<_Record[]> {
  return timestreamRecordsAt(moto.endpoint, database, table);
}
