import type { StageSnapshot } from '../core/race';
import type { FreshnessMeter } from './freshness';
import { LOCAL_PARTNER_IDENTITY } from './proxy-event';
import { wallSleep, type RaceClock } from './race-clock';

/** A running probe of the API's live snapshot. */
export interface SnapshotProbe {
  /** The newest snapshot the API answered with (its riders carry names and positions too), or undefined. */
  latest(): StageSnapshot | undefined;
  stop(): Promise<void>;
}

/**
 * Reads the partner (real-time) live snapshot through the gateway every `intervalMillis` wall ms, as a fan's page
 * would, and feeds each new snapshot time to the freshness meter: freshness is measured where fans see the data.
 */
export function startSnapshotProbe(
  liveUrl: string,
  clock: RaceClock,
  meter: FreshnessMeter,
  intervalMillis: number,
): SnapshotProbe {
  let latest: StageSnapshot | undefined;
  const abort = new AbortController();
  const running = (async () => {
    while (!abort.signal.aborted) {
      const snapshot = await fetchSnapshot(liveUrl, abort.signal);
      if (snapshot !== undefined && (latest === undefined || snapshot.tMs >= latest.tMs)) {
        latest = snapshot;
        meter.observe(snapshot.tMs, clock.now(), Date.now());
      }
      await wallSleep(intervalMillis, abort.signal);
    }
  })();
  return {
    latest: () => latest,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}

/** The snapshot, or undefined before the first one (404), on any other answer, or when the request fails. */
async function fetchSnapshot(url: string, signal: AbortSignal): Promise<StageSnapshot | undefined> {
  try {
    const response = await fetch(url, { headers: { 'x-api-key': LOCAL_PARTNER_IDENTITY.apiKey }, signal });
    if (response.status !== 200) {
      await response.body?.cancel();
      return undefined;
    }
    const body = (await response.json()) as Partial<StageSnapshot>;
    return typeof body.tMs === 'number' && Array.isArray(body.riders) ? (body as StageSnapshot) : undefined;
  } catch {
    // Stopping aborts the request; a gateway still starting refuses it. The next probe tries again.
    return undefined;
  }
}
