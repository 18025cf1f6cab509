import { TourTrackerError } from '../core/errors';

/** moto (local mode's AWS) did not start, stopped answering, or answered without what the call must return. */
export class LocalAwsError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalAwsError';
  }
}

/** A loopback server was given no TCP port by the operating system. */
export class LoopbackPortError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoopbackPortError';
  }
}

/** A local-mode option is out of range; the message names the option, the rule and the value received. */
export class LocalOptionError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalOptionError';
  }
}

/** A telemetry frames file cannot start a replay (empty, or its first frame has no send time). */
export class TelemetryFeedError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelemetryFeedError';
  }
}

/** A handler threw a value that is not an Error; the value is the cause. */
export class InvocationError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvocationError';
  }
}
