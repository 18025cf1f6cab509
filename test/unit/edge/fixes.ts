import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireFix, WireFrame } from '../../../core/wire/wire-frame';
import type { RelayLogger } from '../../../edge/relay-logger';

/** One valid fix; `device` and `seq` make it unique. */
export function fix(overrides: Partial<WireFix> = {}): WireFix {
  return { device: 'T001', seq: 0, t: 1_656_680_000_000, lat: 55.67, lon: 12.56, ...overrides };
}

/** `count` fixes spread over `devices` devices, each device's seq counting up from `firstSeq`. */
export function fixes(count: number, devices = 10, firstSeq = 0): WireFix[] {
  return Array.from({ length: count }, (_, i) =>
    fix({
      device: `T${String(i % devices).padStart(3, '0')}`,
      seq: firstSeq + Math.floor(i / devices),
      t: 1_656_680_000_000 + (firstSeq + Math.floor(i / devices)) * 1000,
    }),
  );
}

/** A wire frame as the simulator writes it. */
export function frame(frameFixes: readonly WireFix[], sentAt = 1_656_680_000_000): WireFrame {
  return { v: 1, gateway: 'mesh-1', sentAt, fixes: [...frameFixes] };
}

/** A fresh temp directory for one test's spool. */
export function tempDir(prefix = 'spool-'): string {
  return mkdtempSync(join(tmpdir(), `tour-tracker-${prefix}`));
}

/** One log call captured by `recordingLogger`. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly extra: Record<string, unknown> | undefined;
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function recordingLogger(): RelayLogger & { readonly lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at =
    (level: LoggedLine['level']) =>
    (message: string, extra?: Record<string, unknown>): void => {
      lines.push({ level, message, extra });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The unique key of a fix downstream: (device, seq, t). */
export function fixKey(f: Pick<WireFix, 'device' | 'seq' | 't'>): string {
  return `${f.device}/${f.seq}/${f.t}`;
}

/** Input lines for `seconds` simulated seconds of `devices` trackers at 1 Hz: one frame per second, as the mesh sends. */
export function meshLines(seconds: number, devices: number, startSeconds = 0): string[] {
  return Array.from({ length: seconds }, (_, s) =>
    JSON.stringify(
      frame(
        Array.from({ length: devices }, (_, d) =>
          fix({
            device: `T${String(d).padStart(3, '0')}`,
            seq: startSeconds + s,
            t: 1_656_680_000_000 + (startSeconds + s) * 1000,
          }),
        ),
        1_656_680_000_000 + (startSeconds + s) * 1000,
      ),
    ),
  );
}

/** Every fix key in some input lines. */
export function lineKeys(lines: readonly string[]): string[] {
  return lines.flatMap((line) => (JSON.parse(line) as WireFrame).fixes.map(fixKey));
}
