import { Logger } from '@aws-lambda-powertools/logger';

/** Service name every tour-tracker log line carries unless a process names itself. */
export const DEFAULT_SERVICE_NAME = 'tour-tracker';

let shared: Logger | undefined;

/**
 * The one Powertools Logger of this process (STYLE.md: Logging), created on first use.
 * Level and service come from `POWERTOOLS_LOG_LEVEL` / `POWERTOOLS_SERVICE_NAME` when set.
 * @param serviceName - used only by the first call, e.g. `'edge-relay'`
 */
export function processLogger(serviceName: string = DEFAULT_SERVICE_NAME): Logger {
  shared ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
  return shared;
}
