/**
 * The slice of the Powertools Logger the relay uses (lambdas/shared/powertools.ts builds the real one);
 * tests pass a recording fake with the same shape.
 */
export interface RelayLogger {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
