import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { LoopbackPortError } from '../errors';

/** One AWS call as the proxy sees it: the JSON protocol's target (e.g. `DynamoDB_20120810.PutItem`) and the body. */
export interface ProxiedCall {
  readonly method: string;
  readonly path: string;
  /** `x-amz-target`, or '' for REST protocols (S3). */
  readonly target: string;
  readonly body: Buffer;
}

/** An answer the proxy gives instead of moto's: status and a JSON error body in the AWS JSON protocol. */
export interface InjectedReply {
  readonly status: number;
  readonly body: string;
}

/** What an upstream (moto) answered. */
export interface UpstreamReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** An AWS JSON-protocol error reply, as the SDK parses it (`__type` names the exception class). */
export function awsErrorReply(type: string, message: string, status = 400): InjectedReply {
  return { status, body: JSON.stringify({ __type: type, message }) };
}

/**
 * A loopback HTTP proxy in front of moto that injects faults into AWS calls: `cut()` resets every connection and
 * refuses new ones until `restore()` (an uplink outage, or a process that is gone), and `intercept` may answer a call
 * itself (a throttling error) instead of forwarding it. Written by hand: the faults are the SDK's wire errors, which
 * only a proxy on the wire can produce without touching the code under test.
 */
export class AwsFaultProxy {
  /** Calls forwarded to moto, by target. */
  readonly forwarded = new Map<string, number>();
  /** Calls answered by `intercept`, by target. */
  readonly injected = new Map<string, number>();
  /** `http://127.0.0.1:<port>` once started. */
  endpoint: string | undefined;
  /** Called after each forwarded call has been answered (the handler faults count a dying process's calls with it). */
  afterForward: ((call: ProxiedCall) => void) | undefined;
  private down = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    protected readonly upstream: URL,
    /** Answers a call instead of moto, or returns undefined to forward it. */
    public intercept: (call: ProxiedCall) => InjectedReply | undefined = () => undefined,
  ) {}

  /** True while cut. */
  get isDown(): boolean {
    return this.down;
  }

  /** Starts listening on 127.0.0.1; returns the endpoint. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res).catch(() => req.socket.destroy()));
    server.on('connection', (socket) => {
      if (this.down) return void socket.destroy();
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new LoopbackPortError('the fault proxy has no port');
    this.endpoint = `http://127.0.0.1:${address.port}`;
    return this.endpoint;
  }

  /** Resets open connections and refuses new ones. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Accepts connections again. */
  restore(): void {
    this.down = false;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answers one request; subclasses may rewrite the exchange (e.g. fail some records of a call). */
  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call: ProxiedCall = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      target: String(req.headers['x-amz-target'] ?? ''),
      body: Buffer.concat(chunks),
    };
    if (this.down) return void req.socket.destroy();
    await this.answer(req, res, call);
  }

  /** Answers a call whose body was read: with `intercept`'s reply, or with moto's (forwarded). */
  protected async answer(req: IncomingMessage, res: ServerResponse, call: ProxiedCall): Promise<void> {
    const injected = this.intercept(call);
    if (injected) {
      this.injected.set(call.target, (this.injected.get(call.target) ?? 0) + 1);
      const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.0');
      res.writeHead(injected.status, { 'content-type': contentType });
      return void res.end(injected.body);
    }
    this.forwarded.set(call.target, (this.forwarded.get(call.target) ?? 0) + 1);
    const reply = await this.send(req, call.body);
    // A cut while moto was answering: the caller never hears back, as when the link (or the process) dies mid-call.
    if (this.down) return void req.socket.destroy();
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
    this.afterForward?.(call);
  }

  /** Sends the request on to moto with `body`. */
  protected send(req: IncomingMessage, body: Buffer): Promise<UpstreamReply> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, 'content-length': String(body.length), host: this.upstream.host };
      const out = request(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers },
        (reply) => {
          const parts: Buffer[] = [];
          reply.on('data', (c: Buffer) => parts.push(c));
          reply.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(reply.headers)) {
              if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection')
                headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            headers['content-length'] = String(Buffer.concat(parts).length);
            resolve({ status: reply.statusCode ?? 500, headers, body: Buffer.concat(parts) });
          });
          reply.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
