/** Exponential backoff with full jitter between retries of a PutRecords call. */
export interface BackoffOptions {
  /** First delay ceiling, ms. @default 100 */
  readonly baseMillis?: number;
  /** Largest delay ceiling, ms. @default 5000 — retries keep probing a returning uplink at least every 5 s */
  readonly capMillis?: number;
}

/**
 * Delay before retry number `attempt` (0 for the first retry), ms: uniform in [0, min(cap, base × 2^attempt)).
 * Full jitter keeps many relays (or lanes) from retrying in lockstep.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @param random - a number in [0, 1), injected so tests are deterministic
 */
export function backoffMillis(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMillis ?? 100;
  const cap = options.capMillis ?? 5_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
