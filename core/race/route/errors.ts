import { TourTrackerError } from '../../errors';

/**
 * Thrown when the route engine is given input that the tour config schema or the fix decoder
 * should already have rejected (a fault, not expected bad input: see STYLE.md, Errors).
 */
export class RouteInputError extends TourTrackerError {
  override readonly name = 'RouteInputError';
}
