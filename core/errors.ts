/** Base class of every error tour-tracker throws on purpose, so callers can tell ours from a library's. */
export class TourTrackerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TourTrackerError';
  }
}
