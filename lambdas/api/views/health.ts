import { ok } from '../outcome';
import type { View } from './view';

/** `GET /v1/health`: the function answers and knows its tour; touches no store, so it never costs a read. */
export const healthView: View = (deps) => Promise.resolve(ok({ status: 'ok', tour: deps.tourId }));
