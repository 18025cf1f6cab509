import { TourTrackerError } from '../../core/errors';

/** The fault suite cannot run or finish a scenario: unknown, a proxy not in place, a pipeline that never drains. */
export class FaultSuiteError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultSuiteError';
  }
}

/**
 * The fault suite killed a handler's process mid-invocation, as Lambda reports it (`Runtime.ExitError` leads the
 * message); the next invocation runs on a fresh cold start.
 */
export class ProcessKilledError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProcessKilledError';
  }
}
