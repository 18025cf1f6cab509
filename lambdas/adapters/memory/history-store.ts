import {
  historyQueryError,
  type HistoryFix,
  type HistoryQuery,
  type HistoryReader,
  type HistoryWriter,
  type HistoryWriteResult,
  type RefusedHistoryFix,
} from '../../../core/ports/history-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { FaultQueue } from './faults';

/**
 * In-memory history with Timestream's semantics for a fixed record version: a fix is identified by stage, device
 * and time; writing it again is a duplicate (the first write wins). `refuse` makes it reject fixes like a store
 * that refuses records (Timestream outside its retention window, for instance). Reads keep the readers' bounds
 * (`historyQueryError`).
 */
export class MemoryHistoryStore implements HistoryWriter, HistoryReader {
  /** Faults thrown by the next calls (either method). */
  readonly faults = new FaultQueue();
  /** Fixes this predicate picks are refused with the reason it returns. */
  refuse: (fix: HistoryFix) => string | undefined = () => undefined;
  private readonly stages = new Map<string, Map<string, HistoryFix>>();

  write(
    stage: StageKey,
    fixes: readonly HistoryFix[],
  ): Promise<HistoryWriteResult & { readonly refused: readonly RefusedHistoryFix[] }> {
    this.faults.check();
    const pk = stagePartitionKey(stage);
    const stored = this.stages.get(pk) ?? new Map<string, HistoryFix>();
    this.stages.set(pk, stored);
    let written = 0;
    let duplicates = 0;
    const refused: RefusedHistoryFix[] = [];
    for (const fix of fixes) {
      const reason = this.refuse(fix);
      const key = `${fix.device}|${fix.tMs}`;
      if (reason !== undefined) refused.push({ fix, reason });
      else if (stored.has(key)) duplicates += 1;
      else {
        stored.set(key, { ...fix }); // a flat record of numbers and strings: a shallow copy detaches it
        written += 1;
      }
    }
    return Promise.resolve({ written, duplicates, refused });
  }

  read(query: HistoryQuery): Promise<readonly HistoryFix[]> {
    this.faults.check();
    const refused = historyQueryError(query);
    if (refused !== undefined) return Promise.reject(refused);
    const stored = this.stages.get(stagePartitionKey(query.stage)) ?? new Map<string, HistoryFix>();
    const rows = [...stored.values()]
      .filter((f) => f.tMs >= query.fromMs && f.tMs < query.toMs && (query.bib === undefined || f.bib === query.bib))
      .sort((a, b) => a.tMs - b.tMs || a.device.localeCompare(b.device));
    return Promise.resolve(rows.slice(0, query.limit));
  }

  /** Every stored fix of a stage, oldest first (for assertions). */
  all(stage: StageKey): HistoryFix[] {
    return [...(this.stages.get(stagePartitionKey(stage))?.values() ?? [])].sort((a, b) => a.tMs - b.tMs);
  }
}
