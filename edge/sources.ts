import { createReadStream } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Intake } from './intake';
import type { RelayLogger } from './relay-logger';

/** Longest accepted input line, bytes: a 500-fix frame is ~60 KB; anything far larger is garbage. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Feeds a byte stream of line-delimited JSON frames to the intake, one batch per chunk read, waiting for each batch
 * to be spooled before reading on (backpressure). A line longer than MAX_LINE_BYTES is refused as `line-too-long`.
 */
export async function consumeLines(stream: AsyncIterable<Buffer | string>, intake: Intake): Promise<void> {
  let carry = '';
  let discarding = false;
  for await (const chunk of stream) {
    const text = carry + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    if (discarding && lines.length > 0) {
      lines.shift();
      discarding = false;
    }
    if (carry.length > MAX_LINE_BYTES) {
      carry = '';
      discarding = true;
      intake.rejectLine('line-too-long', `a line passed ${MAX_LINE_BYTES} bytes`, text.slice(0, 120));
    }
    if (lines.length > 0) await intake.acceptLines(lines);
  }
  if (carry !== '' && !discarding) await intake.acceptLines([carry]);
}

/** Replays a file (or stdin for `-`) through the intake; resolves at its end. */
export function consumeFile(path: string, intake: Intake): Promise<void> {
  const stream = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 256 * 1024 });
  return consumeLines(stream, intake);
}

/** A listening TCP source. */
export interface TcpListener {
  /** The bound port on 127.0.0.1. */
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Listens for mesh gateways on 127.0.0.1:`port` (0 picks a free port); each connection streams frames, one per line.
 */
export async function listenTcp(port: number, intake: Intake, logger: RelayLogger): Promise<TcpListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    logger.info('mesh connection opened', { peer });
    consumeLines(socket, intake).then(
      () => logger.info('mesh connection closed', { peer }),
      (error: unknown) => {
        logger.error('mesh connection failed', { peer, error });
        socket.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
