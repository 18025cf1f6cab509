import type { HistoryFix } from '../../../core/ports/history-store';
import { badRequest, notFound, ok, unavailable } from '../outcome';
import { HistoryQueryParams, parseParams } from '../params';
import { resolveStage } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** A bounded slice of fix history for partners and analysts. */
export interface HistoryBody {
  readonly tour: string;
  readonly stage: number;
  readonly bib: number | null;
  /** Inclusive start, epoch ms. */
  readonly from: number;
  /** Exclusive end, epoch ms. */
  readonly to: number;
  readonly limit: number;
  /** True when `limit` rows came back: ask again from the last row's `tMs` for more. */
  readonly truncated: boolean;
  /** Oldest first. */
  readonly fixes: readonly HistoryFix[];
}

/**
 * `GET /v1/partner/tours/{tour}/stages/{stage}/history?bib=&from=&to=&limit=`: fixes from the history store
 * (IAM-authorized in API Gateway; bounded window and row count, because every call scans the store).
 */
export const historyEndpoint: Endpoint = async (deps, request) => {
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return stage;
  const query = parseParams(HistoryQueryParams, request.query);
  if (!query.ok) return badRequest(query.message);
  const { bib, from, to, limit } = query.value;
  if (bib !== undefined && !deps.tour.riders.has(bib)) {
    return notFound(`tour ${deps.tourId} has no rider with bib ${bib}`);
  }
  if (deps.history === undefined) return unavailable('history is not configured for this deployment');
  const fixes = await deps.history.read({
    stage: stage.value.key,
    ...(bib === undefined ? {} : { bib }),
    fromMs: from,
    toMs: to,
    limit,
  });
  const body: HistoryBody = {
    tour: deps.tourId,
    stage: stage.value.key.stage,
    bib: bib ?? null,
    from,
    to,
    limit,
    truncated: fixes.length >= limit,
    fixes,
  };
  return ok(body);
};
