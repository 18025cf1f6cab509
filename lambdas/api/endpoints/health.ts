import { ok } from '../outcome';
import type { Endpoint } from './endpoint';

/** `GET /v1/health`: the function answers and knows its tour; touches no store, so it never costs a read. */
export const healthEndpoint: Endpoint = (deps) => Promise.resolve(ok({ status: 'ok', tour: deps.tourId }));
