import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One PutRecords request seen by the proxy: partition key + base64 data of each record. */
export interface SeenPutRecords {
  readonly records: readonly { readonly PartitionKey: string; readonly Data: string }[];
}

/**
 * A loopback HTTP proxy in front of moto that injects uplink faults: `down` resets every connection (the uplink is
 * gone), `throttleCalls` answers that many PutRecords calls with ProvisionedThroughputExceededException, and
 * `failRecordsInCalls` makes that many PutRecords calls fail every other record (never forwarded to moto).
 */
export class FaultProxy {
  down = false;
  throttleCalls = 0;
  failRecordsInCalls = 0;
  readonly seen: SeenPutRecords[] = [];
  failedRecords = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly upstream: URL) {}

  /** Starts listening on 127.0.0.1; returns the endpoint. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      if (this.down) return void socket.destroy();
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Cuts the uplink: open connections are reset and new ones refused. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const isPut = req.headers['x-amz-target'] === 'Kinesis_20131202.PutRecords';
    if (!isPut) return void (await this.forward(req, body, res));
    const input = JSON.parse(body.toString()) as { Records: { PartitionKey: string; Data: string }[] };
    this.seen.push({ records: input.Records });
    if (this.throttleCalls > 0) {
      this.throttleCalls--;
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      return void res.end(
        JSON.stringify({ __type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' }),
      );
    }
    if (this.failRecordsInCalls === 0) return void (await this.forward(req, body, res));
    this.failRecordsInCalls--;
    const failing = input.Records.map((_, i) => i % 2 === 1);
    body = Buffer.from(JSON.stringify({ ...input, Records: input.Records.filter((_, i) => !failing[i]) }));
    const upstream = await this.send(req, body);
    const output = JSON.parse(upstream.body.toString()) as { Records: unknown[] };
    let next = 0;
    const merged = failing.map((fails) =>
      fails
        ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' }
        : output.Records[next++],
    );
    this.failedRecords += failing.filter(Boolean).length;
    const reply = JSON.stringify({ FailedRecordCount: failing.filter(Boolean).length, Records: merged });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(reply);
  }

  private async forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const upstream = await this.send(req, body);
    res.writeHead(upstream.status, { 'content-type': upstream.contentType });
    res.end(upstream.body);
  }

  private send(req: IncomingMessage, body: Buffer): Promise<{ status: number; contentType: string; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, 'content-length': String(body.length), host: this.upstream.host };
      const out = request(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers },
        (reply) => {
          const parts: Buffer[] = [];
          reply.on('data', (c: Buffer) => parts.push(c));
          reply.on('end', () =>
            resolve({
              status: reply.statusCode ?? 500,
              contentType: String(reply.headers['content-type'] ?? 'application/x-amz-json-1.1'),
              body: Buffer.concat(parts),
            }),
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
