import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TourTrackerError } from '../lambdas/shared/errors';

/** How to get moto where it is missing (DESIGN §8). */
export const MOTO_INSTALL_HINT = 'pip install "moto[server]"';

/** python3 or its moto package is missing: local mode cannot run; the message says how to install it. */
export class MotoMissingError extends TourTrackerError {
  constructor(detail: string) {
    super(`local mode needs moto (${detail}); install it with: ${MOTO_INSTALL_HINT}`);
    this.name = 'MotoMissingError';
  }
}

/**
 * `moto.server.main` with two additions:
 * - a daemon thread that ends the process when stdin reaches EOF (the parent is gone);
 * - one request at a time. moto serves each request on its own thread, but its backends are not thread-safe: two
 *   concurrent PutRecords on one shard can get the same sequence number, and the second silently replaces the first
 *   (moto's `Shard.put_record` says so; 2,608 of 50,000 records were lost in a test with 100 concurrent calls of 500
 *   records each). The relay's live and backfill lanes send concurrently, so the fault suite lost whole records. The
 *   services themselves are atomic per request, which the lock restores for every backend (conditional puts too).
 *   moto is bound by Python's global lock anyway, so serving requests one at a time costs little throughput.
 */
const MOTO_WITH_WATCHDOG = [
  'import os, sys, threading',
  'threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)), daemon=True).start()',
  'import moto.server',
  'one_at_a_time = threading.Lock()',
  'def serialized(app):',
  '    def wsgi(environ, start_response):',
  '        with one_at_a_time:',
  '            return list(app(environ, start_response))',
  '    return wsgi',
  'run_simple = moto.server.run_simple',
  'moto.server.run_simple = lambda host, port, app, **options: run_simple(host, port, serialized(app), **options)',
  'moto.server.main(sys.argv[1:])',
].join('\n');

/** A moto server (one loopback port for every AWS service) run by local mode. */
export interface MotoProcess {
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the python child, so callers (and tests) can check it is gone after `stop()`. */
  readonly pid: number;
  /** Where its request log goes (moto logs a line per request). */
  readonly logFile: string;
  /** Stops the process (SIGTERM, SIGKILL after 3 s) and waits until it has exited. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (there is a small race between closing it and the caller binding it). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port assigned');
  return address.port;
}

/** Throws MotoMissingError unless `python3 -c "import moto.server"` works. */
export function assertMotoInstalled(python = 'python3'): void {
  const probe = spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore' });
  if (probe.error) throw new MotoMissingError(`${python} not found`);
  if (probe.status !== 0) throw new MotoMissingError(`python package moto[server] not importable by ${python}`);
}

/**
 * Starts `python3 -m moto.server -H 127.0.0.1 -p <free port>` and waits until it answers. The child is killed if
 * this process exits first, so a crash never leaves moto behind.
 */
export async function startMotoProcess(
  options: { timeoutMillis?: number; python?: string } = {},
): Promise<MotoProcess> {
  const python = options.python ?? 'python3';
  const timeoutMillis = options.timeoutMillis ?? 20_000;
  assertMotoInstalled(python);
  const port = await freeLoopbackPort();
  const logFile = join(tmpdir(), `tour-tracker-local-moto-${port}.log`);
  const log = openSync(logFile, 'w');
  // moto's own entry point (`python3 -m moto.server`), plus a watchdog thread that exits when our end of its stdin
  // closes: if this process dies in any way (even SIGKILL), moto goes with it instead of holding its port.
  const child = spawn(python, ['-c', MOTO_WITH_WATCHDOG, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', log, log],
    // Its own process group: a terminal's Ctrl-C goes to our whole foreground group, and moto must outlive the
    // pipeline's shutdown, which stops it last. The stdin watchdog still ends it if we die.
    detached: true,
  });
  closeSync(log);
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}; see ${logFile}`);
    const ready = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > timeoutMillis) {
      await stop();
      throw new Error(`moto did not answer on ${endpoint} within ${timeoutMillis} ms; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.pid === undefined) throw new Error('moto started without a pid');
  return { endpoint, port, pid: child.pid, logFile, stop };
}
