import { z } from 'zod';

/** Widest history window a partner may ask for in one call, ms (Timestream bills the scanned range). */
export const MAX_HISTORY_WINDOW_MS = 60 * 60_000;
/** Most history rows in one reply. */
export const MAX_HISTORY_LIMIT = 10_000;
/** History rows when `limit` is not given. */
export const DEFAULT_HISTORY_LIMIT = 1_000;
/** Most events in one reply. */
export const MAX_EVENTS_LIMIT = 500;
/** Events when `limit` is not given. */
export const DEFAULT_EVENTS_LIMIT = 100;

// Digits only, then a number: `Number()` alone would accept '1e1', ' 7', '0x1f' and '1.0'.
const integerParam = (name: string, maxDigits: number, min: number, max: number): z.ZodType<number, string> =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${maxDigits}}$`), `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

/** Epoch ms as a query value: a whole number up to 14 digits (the year 5138). */
const epochMsParam = (name: string): z.ZodType<number, string> => integerParam(name, 14, 0, 99_999_999_999_999);

/** Path parameters of a tour route. */
export const TourParams = z.object({
  tour: z.string().regex(/^[a-z0-9][a-z0-9-]{1,30}$/, 'tour must be 2-31 lower-case letters, digits and dashes'),
});

/** Path parameters of a stage route. */
export const StageParams = TourParams.extend({
  stage: integerParam('stage', 2, 1, 30),
});

/** Path parameters of a rider route. */
export const RiderParams = StageParams.extend({
  bib: integerParam('bib', 4, 1, 9_999),
});

/** Query of the events route: events after `since` (epoch ms, default 0 = from the start), at most `limit`. */
export const EventsQuery = z.object({
  since: epochMsParam('since').default(0),
  limit: integerParam('limit', 4, 1, MAX_EVENTS_LIMIT).default(DEFAULT_EVENTS_LIMIT),
});

/** Query of the partner history route: a bounded window `[from, to)` of one stage, optionally one rider. */
export const HistoryQueryParams = z
  .object({
    bib: integerParam('bib', 4, 1, 9_999).optional(),
    from: epochMsParam('from'),
    to: epochMsParam('to'),
    limit: integerParam('limit', 5, 1, MAX_HISTORY_LIMIT).default(DEFAULT_HISTORY_LIMIT),
  })
  .refine((q) => q.to > q.from, { path: ['to'], message: 'to must be after from' })
  .refine((q) => q.to - q.from <= MAX_HISTORY_WINDOW_MS, {
    path: ['to'],
    message: `to - from must be at most ${MAX_HISTORY_WINDOW_MS / 60_000} minutes (${MAX_HISTORY_WINDOW_MS} ms)`,
  });

/** A parse that failed, as the message of a 400: names the parameter, says what was expected and what came. */
export type ParamResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Parses raw parameters (path or query strings) with a schema; the first problem becomes the 400 message. */
export function parseParams<T>(
  schema: z.ZodType<T, Record<string, string | undefined>>,
  raw: Record<string, string | undefined>,
): ParamResult<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'parameter');
  const received = raw[name];
  const message =
    issue?.code === 'invalid_type' && received === undefined
      ? `${name} is required`
      : `${issue?.message ?? `${name} is invalid`}${received === undefined ? '' : `, received ${JSON.stringify(received.slice(0, 40))}`}`;
  return { ok: false, message };
}
