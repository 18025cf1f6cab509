import { TourTrackerError } from '../core/errors';

/** The simulator was given input it cannot work with; the message says what was expected and what came. */
export class SimulationInputError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulationInputError';
  }
}
