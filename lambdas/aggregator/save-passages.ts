import { StoreThrottledError } from '../adapters/errors';
import type { PassageStore, StoredPassages } from '../adapters/passage-store';
import type { StageKey } from '../adapters/stage-key';
import { mergePassages, samePassages } from './merge-passages';

/** Conditional writes tried before giving up on a contended passages item (the stage is then retried). */
export const PASSAGE_WRITE_ATTEMPTS = 5;

/**
 * Stores `passagesMs` merged (earliest per mark) into what is stored, conditional on the version read: when another
 * aggregator wrote in between, re-reads, merges again and retries, so no writer's mark is ever lost. Writes nothing
 * when the merge adds no mark. Returns the marks now stored.
 */
export async function savePassages(
  store: PassageStore,
  stage: StageKey,
  stepMeters: number,
  passagesMs: readonly number[],
  read: StoredPassages | undefined,
): Promise<readonly number[]> {
  let current = read;
  for (let attempt = 1; attempt <= PASSAGE_WRITE_ATTEMPTS; attempt += 1) {
    const base = current !== undefined && current.stepMeters === stepMeters ? current.passagesMs : [];
    const merged = mergePassages(base, passagesMs);
    if (current !== undefined && samePassages(merged, current.passagesMs)) return merged;
    if (await store.putIfVersion(stage, { stepMeters, passagesMs: merged }, current?.version ?? 0)) return merged;
    current = await store.get(stage);
  }
  // Contention, not a fault: surfacing it as throttling makes the handler report the records for retry.
  throw new StoreThrottledError(
    `passages of stage ${stage.stage} changed under ${PASSAGE_WRITE_ATTEMPTS} writes in a row; retrying later`,
  );
}
