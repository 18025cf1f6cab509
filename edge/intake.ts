import { parseWireFrame, type WireFix } from '../core/wire/wire-frame';
import type { RelayClock } from './clock';
import { SpoolFullError } from './errors';
import type { RelayLogger } from './relay-logger';
import type { InputRejection, RelayStats } from './relay-stats';
import type { Spool } from './spool';

/** The outcome of reading one input line: its fixes, or why it was refused (never an exception). */
export type ParsedInputLine =
  | { readonly ok: true; readonly fixes: readonly WireFix[] }
  | { readonly ok: false; readonly reason: InputRejection; readonly detail: string };

/** Decodes one line of mesh input (one wire frame, as the simulator writes it). */
export function parseInputLine(line: string): ParsedInputLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: error instanceof Error ? error.message : String(error) };
  }
  const parsed = parseWireFrame(json);
  return parsed.ok ? { ok: true, fixes: parsed.frame.fixes } : parsed;
}

/** What the intake needs: the spool it writes to and where it reports. */
export interface IntakeOptions {
  readonly spool: Spool;
  readonly stats: RelayStats;
  readonly logger: RelayLogger;
  readonly clock: RelayClock;
  /** Wait between attempts while the spool is full, ms. @default 500 */
  readonly fullRetryMillis?: number;
  /** Ends the wait for space (relay stopping); the held lines are then NOT accepted. */
  readonly signal?: AbortSignal;
}

/**
 * Validates input lines and appends their fixes to the spool as one record per call. Bad lines are counted and
 * logged with their reason and never block the good ones. When the spool is full the call waits (and so pauses
 * its source: TCP backpressure reaches the mesh gateway) until acknowledgements free space: no fix is dropped.
 */
export class Intake {
  private fullSince: number | null = null;

  constructor(private readonly options: IntakeOptions) {}

  /** Accepts a batch of lines; resolves once their good fixes are durably spooled. Returns the fixes accepted. */
  async acceptLines(lines: readonly string[]): Promise<number> {
    const { stats } = this.options;
    const good: WireFix[] = [];
    let frames = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const parsed = parseInputLine(line);
      if (parsed.ok) {
        good.push(...parsed.fixes);
        frames++;
      } else {
        this.rejectLine(parsed.reason, parsed.detail, line.slice(0, 120));
      }
    }
    if (good.length === 0) return 0;
    await this.append(good);
    stats.fixesAccepted += good.length;
    stats.framesAccepted += frames;
    return good.length;
  }

  /** Counts and logs a line refused before parsing (for example, too long). */
  rejectLine(reason: InputRejection, detail: string, sample: string): void {
    this.options.stats.reject(reason);
    this.options.logger.warn('input line rejected', { reason, detail, sample });
  }

  private async append(fixes: WireFix[]): Promise<void> {
    const { spool, clock, logger, stats } = this.options;
    for (;;) {
      try {
        spool.append([{ at: clock.now(), fixes }]);
        if (this.fullSince !== null)
          logger.info('spool accepting input again', { waitedMillis: clock.now() - this.fullSince });
        this.fullSince = null;
        return;
      } catch (error) {
        if (!(error instanceof SpoolFullError)) throw error;
        if (this.options.signal?.aborted) throw error;
        if (this.fullSince === null) {
          this.fullSince = clock.now();
          logger.error('spool full, input paused', { error: error.message, heldFixes: fixes.length });
        }
        stats.spoolFullWaits++;
        await clock.sleep(this.options.fullRetryMillis ?? 500, this.options.signal);
      }
    }
  }
}
