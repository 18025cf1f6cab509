import type { ApiErrorCode } from './responses';

/** A request the API declines: expected bad input or missing data, as a value (STYLE.md: Errors). */
export interface Refusal {
  readonly ok: false;
  readonly status: 400 | 404 | 503;
  readonly error: ApiErrorCode;
  readonly message: string;
}

/** A value, or the reason the request is refused. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | Refusal;

/** 400: a parameter is malformed; the message names it. */
export function badRequest(message: string): Refusal {
  return { ok: false, status: 400, error: 'bad-request', message };
}

/** 404: the tour, stage, rider or data does not exist (yet). */
export function notFound(message: string): Refusal {
  return { ok: false, status: 404, error: 'not-found', message };
}

/** 503: the deployment has no source for this data. */
export function unavailable(message: string): Refusal {
  return { ok: false, status: 503, error: 'unavailable', message };
}

/** A successful value. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}
