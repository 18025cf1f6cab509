import { stageWindowUtcMs } from '../../../core/tour-config/stage-times';
import { ok } from '../outcome';
import { resolveTour } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** `GET /v1/tours/{tour}/stages`: the stage schedule from the tour config (changes only with a deployment). */
export const scheduleEndpoint: Endpoint = (deps, request) => {
  const tour = resolveTour(deps, request.params);
  if (!tour.ok) return Promise.resolve(tour);
  const { config } = deps.tour;
  return Promise.resolve(
    ok({
      tour: config.id,
      name: config.name,
      year: config.year,
      stages: config.stages.map((stage) => {
        const { startMs, endMs } = stageWindowUtcMs(stage);
        return {
          number: stage.number,
          date: stage.date,
          startUtc: new Date(startMs).toISOString(),
          expectedEndUtc: new Date(endMs).toISOString(),
          startLocalTime: stage.startLocalTime,
          timeZone: stage.timeZone,
          type: stage.type,
          start: stage.start,
          finish: stage.finish,
          distanceKm: stage.distanceKm,
          expectedDurationMinutes: stage.expectedDurationMinutes,
          hasRoute: stage.route !== null,
        };
      }),
    }),
  );
};
