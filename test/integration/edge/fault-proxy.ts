import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFaultProxy, awsErrorReply } from '../../../local/faults/aws-fault-proxy';

/** One PutRecords request seen by the proxy: partition key + base64 data of each record. */
export interface SeenPutRecords {
  readonly records: readonly { readonly PartitionKey: string; readonly Data: string }[];
}

const PUT_RECORDS = 'Kinesis_20131202.PutRecords';

/**
 * The uplink's faults for the relay tests, on the local fault proxy: `cut()`/`restore()` for an outage,
 * `throttleCalls` answers that many PutRecords calls with ProvisionedThroughputExceededException, and
 * `failRecordsInCalls` makes that many PutRecords calls fail every other record (never forwarded to moto).
 */
export class FaultProxy extends AwsFaultProxy {
  throttleCalls = 0;
  failRecordsInCalls = 0;
  readonly seen: SeenPutRecords[] = [];
  failedRecords = 0;

  constructor(upstream: URL) {
    super(upstream, (call) => {
      if (call.target !== PUT_RECORDS || this.throttleCalls === 0) return undefined;
      this.throttleCalls--;
      return awsErrorReply('ProvisionedThroughputExceededException', 'Rate exceeded');
    });
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers['x-amz-target'] !== PUT_RECORDS || this.isDown) return super.handle(req, res);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const input = JSON.parse(body.toString()) as { Records: { PartitionKey: string; Data: string }[] };
    this.seen.push({ records: input.Records });
    if (this.throttleCalls > 0 || this.failRecordsInCalls === 0)
      return this.answer(req, res, { method: req.method ?? 'POST', path: req.url ?? '/', target: PUT_RECORDS, body });
    this.failRecordsInCalls--;
    const failing = input.Records.map((_, i) => i % 2 === 1);
    const kept = Buffer.from(JSON.stringify({ ...input, Records: input.Records.filter((_, i) => !failing[i]) }));
    const upstream = await this.send(req, kept);
    const output = JSON.parse(upstream.body.toString()) as { Records: unknown[] };
    let next = 0;
    const merged = failing.map((fails) =>
      fails
        ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' }
        : output.Records[next++],
    );
    this.failedRecords += failing.filter(Boolean).length;
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ FailedRecordCount: failing.filter(Boolean).length, Records: merged }));
  }
}
