import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TourTrackerError } from '../core/errors';
import { LocalAwsError, LoopbackPortError } from './errors';

/** How to get moto where it is missing (DESIGN §8). */
export const MOTO_INSTALL_HINT = 'pip install "moto[server]"';

/** python3 or its moto package is missing: local mode cannot run; the message says how to install it. */
export class MotoMissingError extends TourTrackerError {
  constructor(detail: string) {
    super(`local mode needs moto (${detail}); install it with: ${MOTO_INSTALL_HINT}`);
    this.name = 'MotoMissingError';
  }
}

/** moto's server with local mode's additions: a stdin watchdog, one request at a time, request figures, caches. */
export const MOTO_LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'moto-launcher.py');

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
  if (typeof address !== 'object' || address === null) throw new LoopbackPortError('no port assigned');
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
  options: {
    timeoutMillis?: number;
    python?: string;
    /** Run moto without the launcher's speed-ups (its answers must not differ; tests compare). @default false */
    plain?: boolean;
  } = {},
): Promise<MotoProcess> {
  const python = options.python ?? 'python3';
  const timeoutMillis = options.timeoutMillis ?? 20_000;
  assertMotoInstalled(python);
  const port = await freeLoopbackPort();
  const logFile = join(tmpdir(), `tour-tracker-local-moto-${port}.log`);
  const log = openSync(logFile, 'w');
  // moto's own entry point (`python3 -m moto.server`), plus a watchdog thread that exits when our end of its stdin
  // closes: if this process dies in any way (even SIGKILL), moto goes with it instead of holding its port.
  const child = spawn(python, [MOTO_LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', log, log],
    env: { ...process.env, TOUR_TRACKER_MOTO_PLAIN: options.plain === true ? '1' : '0' },
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
    if (child.exitCode !== null) throw new LocalAwsError(`moto exited with ${child.exitCode}; see ${logFile}`);
    const ready = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > timeoutMillis) {
      await stop();
      throw new LocalAwsError(`moto did not answer on ${endpoint} within ${timeoutMillis} ms; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.pid === undefined) throw new LocalAwsError('moto started without a pid');
  return { endpoint, port, pid: child.pid, logFile, stop };
}

/** What the launcher counts: the speed-ups it applied, and requests and seconds served per AWS operation. */
export interface MotoRequestFigures {
  readonly patches: readonly string[];
  readonly operations: Readonly<Record<string, { readonly requests: number; readonly seconds: number }>>;
}

/** Reads the launcher's figures (GET /_tour_tracker/requests); moto's own time per operation, lock held. */
export async function motoRequestFigures(endpoint: string): Promise<MotoRequestFigures> {
  const response = await fetch(`${endpoint}/_tour_tracker/requests`);
  if (!response.ok) throw new LocalAwsError(`moto figures: HTTP ${response.status} from ${endpoint}`);
  const body = (await response.json()) as { patches: string[]; operations: Record<string, [number, number]> };
  const operations = Object.fromEntries(
    Object.entries(body.operations).map(([name, [requests, seconds]]) => [name, { requests, seconds }]),
  );
  return { patches: body.patches, operations };
}
