import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { ShardReader } from './shard-poller';
import type { StreamRecordRef } from './stream-batches';
import { LocalAwsError } from './errors';

/** A Kinesis record as local consumers see it. */
export interface LocalKinesisRecord extends StreamRecordRef {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/** Where a new consumer starts reading a shard. */
export type StartingPosition = 'TRIM_HORIZON' | 'LATEST';

/** Ids of every shard of the stream. */
export async function listShardIds(kinesis: KinesisClient, streamName: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await kinesis.send(
      new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }),
    );
    ids.push(...(page.Shards ?? []).flatMap((s) => (s.ShardId ? [s.ShardId] : [])));
    token = page.NextToken;
  } while (token !== undefined);
  return ids;
}

/** Reads one Kinesis shard with GetShardIterator + GetRecords. */
export function kinesisShardReader(
  kinesis: KinesisClient,
  streamName: string,
  shardId: string,
  startingPosition: StartingPosition,
  limit = 1_000,
): ShardReader<LocalKinesisRecord> {
  return {
    shardId,
    async openIterator() {
      const out = await kinesis.send(
        new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: startingPosition }),
      );
      if (!out.ShardIterator)
        throw new LocalAwsError(`GetShardIterator returned no iterator for ${streamName}/${shardId}`);
      return out.ShardIterator;
    },
    async getRecords(iterator) {
      const out = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      const records = (out.Records ?? []).map((r) => ({
        sequenceNumber: r.SequenceNumber ?? '',
        arrivalMs: r.ApproximateArrivalTimestamp?.getTime() ?? Date.now(),
        partitionKey: r.PartitionKey ?? '',
        data: r.Data ?? new Uint8Array(),
      }));
      return { records, nextIterator: out.NextShardIterator };
    },
  };
}
