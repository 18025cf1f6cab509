import { StoreThrottledError } from '../../core/ports/errors';
import type { PassageStore, StoredPassages } from '../../core/ports/passage-store';
import type { StageKey } from '../../core/ports/stage-key';
import type { PassageArrays } from '../../core/race';
import { emptyPassages, mergePassages, passagesOf, samePassages } from './merge-passages';

/** Conditional writes tried before giving up on a contended passages item (the stage is then retried). */
export const PASSAGE_WRITE_ATTEMPTS = 5;

/**
 * Stores `passages` merged (three earliest per mark) into what is stored, conditional on the version read: when
 * another aggregator wrote in between, re-reads, merges again and retries, so no writer's crossing is ever lost.
 * Writes nothing when the merge changes no crossing. Returns the crossings now stored.
 */
export async function savePassages(
  store: PassageStore,
  stage: StageKey,
  stepMeters: number,
  passages: PassageArrays,
  read: StoredPassages | undefined,
): Promise<PassageArrays> {
  let current = read;
  for (let attempt = 1; attempt <= PASSAGE_WRITE_ATTEMPTS; attempt += 1) {
    const base = current !== undefined && current.stepMeters === stepMeters ? passagesOf(current) : emptyPassages(0);
    const merged = mergePassages(base, passages);
    if (current !== undefined && samePassages(merged, passagesOf(current))) return merged;
    const item = { stepMeters, passagesMs: merged.earliest, secondMs: merged.second, thirdMs: merged.third };
    if (await store.putIfVersion(stage, item, current?.version ?? 0)) return merged;
    current = await store.get(stage);
  }
  // Contention, not a fault: surfacing it as throttling makes the handler report the records for retry.
  throw new StoreThrottledError(
    `passages of stage ${stage.stage} changed under ${PASSAGE_WRITE_ATTEMPTS} writes in a row; retrying later`,
  );
}
