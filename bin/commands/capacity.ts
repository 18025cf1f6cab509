import { parseArgs } from 'node:util';
import { formatPlanSummary, formatPlanTable, planAsJson } from '../../lib/capacity/format';
import { capacityPlan } from '../../lib/capacity/plan';
import { loadTourConfig } from '../../core/tour-config/load';
import type { Command } from './index';

/** Prints a tour's capacity plan: the load, shards, provisioned concurrency and when the stack warms and releases it. */
export const capacity: Command = {
  name: 'capacity',
  summary: 'capacity plan: load, shards, concurrency, warm-up/release times',
  usage: 'capacity --tour ID [--json]',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: { tour: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (!values.tour) {
      console.error('capacity: --tour ID is required');
      return 2;
    }
    const plan = capacityPlan(loadTourConfig(values.tour).config);
    if (values.json) {
      console.log(JSON.stringify(planAsJson(plan), null, 2));
      return 0;
    }
    for (const line of formatPlanSummary(plan)) console.log(line);
    console.log('');
    for (const line of formatPlanTable(plan)) console.log(line);
    return 0;
  },
};
