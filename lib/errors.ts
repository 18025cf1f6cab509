import { TourTrackerError } from '../core/errors';

/** A `-c key=value` context value the CDK app cannot use; the message names the key, the rule and the value received. */
export class ContextValueError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContextValueError';
  }
}

/** A construct was given props, or a call, it cannot build from; the message names both and the value received. */
export class ConstructPropsError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConstructPropsError';
  }
}

/** A library construct is not shaped the way this app relies on (its children changed, e.g. in a CDK upgrade). */
export class ConstructTreeError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConstructTreeError';
  }
}

/** A file the app bundles (such as web/index.html) lacks what the app edits in it. */
export class BundledFileError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BundledFileError';
  }
}
