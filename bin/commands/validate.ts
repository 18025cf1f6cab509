import { parseArgs } from 'node:util';
import { listTourIds, loadStageResults, loadStageRoute, loadTourConfig } from '../../core/tour-config/load';
import type { Command } from './index';

/** Validates tour configs, their route files and results: what `cdk deploy` would refuse, before deploying. */
export const validate: Command = {
  name: 'validate',
  summary: 'check tour configs, route files and results (all tours by default)',
  usage: 'validate [--tour ID|FILE]',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { tour: { type: 'string' } } });
    const tours = values.tour ? [values.tour] : listTourIds();
    for (const id of tours) {
      const tour = loadTourConfig(id);
      const routes = tour.config.stages.filter((s) => s.route !== null);
      for (const stage of routes) loadStageRoute(tour, stage.number);
      const results = loadStageResults(tour);
      console.log(
        `${tour.config.id}: ok (${tour.config.stages.length} stages, ${routes.length} routes, ${tour.config.riders.length} riders, ` +
          `${tour.config.devices.length} tracker assignments${results ? `, results for ${results.stages.length} stages` : ''})`,
      );
    }
    return 0;
  },
};
