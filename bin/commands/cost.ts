import { parseArgs } from 'node:util';
import {
  COST_LEVERS,
  estimateStage,
  estimateTour,
  referenceStage,
  shares,
  type TourEstimate,
} from '../../analysis/cost/estimate';
import { costByComponent, COMPONENTS, totalCost, type UsageLine } from '../../analysis/cost/usage';
import { DEFAULT_FANS, type FanAssumptions } from '../../analysis/cost/workload';
import { TourTrackerError } from '../../core/errors';
import { loadTourConfig } from '../../core/tour-config/load';
import type { Command } from './index';

/** A flag value out of range; the message names the flag. */
export class CostArgsError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CostArgsError';
  }
}

/** Parses the fan flags; every value is checked, none silently clamped. */
export function fanAssumptionsOf(values: { fans?: string; 'poll-s'?: string; 'cache-hit'?: string }): FanAssumptions {
  const number = (
    flag: string,
    raw: string | undefined,
    fallback: number,
    ok: (x: number) => boolean,
    rule: string,
  ): number => {
    if (raw === undefined) return fallback;
    const x = Number(raw);
    if (!Number.isFinite(x) || !ok(x)) throw new CostArgsError(`--${flag} must be ${rule} (got "${raw}")`);
    return x;
  };
  return {
    fans: number('fans', values.fans, DEFAULT_FANS.fans, (x) => Number.isInteger(x) && x >= 0, 'a whole number ≥ 0'),
    pollSeconds: number('poll-s', values['poll-s'], DEFAULT_FANS.pollSeconds, (x) => x > 0, 'a number of seconds > 0'),
    cacheHitRatio: number(
      'cache-hit',
      values['cache-hit'],
      DEFAULT_FANS.cacheHitRatio,
      (x) => x >= 0 && x <= 1,
      'a ratio in [0, 1]',
    ),
  };
}

const usd = (x: number): string => `$${x.toFixed(2)}`;

/** Prints the modeled AWS cost per stage and per tour, for tour-tracker's design and a naive one. */
export const cost: Command = {
  name: 'cost',
  summary: 'modeled AWS cost per stage and tour, versus a naive design',
  usage: 'cost --tour ID [--fans N --poll-s S --cache-hit R] [--json]',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        tour: { type: 'string' },
        fans: { type: 'string' },
        'poll-s': { type: 'string' },
        'cache-hit': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.tour) {
      console.error('cost: --tour ID is required');
      return 2;
    }
    let fans: FanAssumptions;
    try {
      fans = fanAssumptionsOf(values);
    } catch (error) {
      if (error instanceof CostArgsError) {
        console.error(`cost: ${error.message}`);
        return 2;
      }
      throw error;
    }
    const estimate = estimateTour(loadTourConfig(values.tour).config, fans);
    if (values.json) {
      console.log(JSON.stringify(summaryOf(estimate), null, 2));
      return 0;
    }
    printEstimate(estimate);
    return 0;
  },
};

/** The figures the CLI prints, as data (for --json and tests). */
export function summaryOf(estimate: TourEstimate) {
  const stages = estimate.stages.map((s) => ({
    stage: s.workload.stage,
    hours: s.workload.hours,
    fixes: s.workload.fixes,
    design: totalCost(s.design),
    designWithTimestream: totalCost(s.designWithTimestream),
    designWithoutTimestream: totalCost(s.designWithoutTimestream),
    naive: totalCost(s.naive),
  }));
  const allDesign: UsageLine[] = [...estimate.fixed, ...estimate.stages.flatMap((s) => s.design)];
  const allNaive: UsageLine[] = estimate.stages.flatMap((s) => s.naive);
  const reference = estimateStage(referenceStage(estimate.fans, true));
  return {
    tour: estimate.tour,
    priceTable: estimate.priceTable,
    fans: estimate.fans,
    stages,
    tour_total: { design: totalCost(allDesign), naive: totalCost(allNaive), fixed: totalCost(estimate.fixed) },
    designByComponent: costByComponent(allDesign),
    reference: {
      description: '5-hour stage, 200 riders at 1 Hz',
      designWithTimestream: totalCost(reference.designWithTimestream),
      designWithoutTimestream: totalCost(reference.designWithoutTimestream),
      naive: totalCost(reference.naive),
      shares: shares(reference.designWithTimestream),
      naiveShares: shares(reference.naive),
    },
  };
}

function printEstimate(estimate: TourEstimate): void {
  const s = summaryOf(estimate);
  const f = estimate.fans;
  console.log(
    `${s.tour}: modeled AWS cost (price table v${s.priceTable.version}, ${s.priceTable.pricesAsOf}, ${s.priceTable.region})`,
  );
  console.log(`fans: ${f.fans} polling every ${f.pollSeconds} s, cache hit ratio ${f.cacheHitRatio}\n`);
  console.log(' #   hours   fixes (M)   design     with TS    without TS   naive       naive/design');
  for (const st of s.stages) {
    console.log(
      [
        String(st.stage).padStart(2),
        st.hours.toFixed(2).padStart(7),
        (st.fixes / 1e6).toFixed(2).padStart(10),
        usd(st.design).padStart(10),
        usd(st.designWithTimestream).padStart(10),
        usd(st.designWithoutTimestream).padStart(11),
        usd(st.naive).padStart(11),
        `${(st.naive / st.design).toFixed(1)}×`.padStart(10),
      ].join('  '),
    );
  }
  console.log(
    `\ntour: design ${usd(s.tour_total.design)} (of which tour-wide fixed ${usd(s.tour_total.fixed)}), naive ${usd(s.tour_total.naive)}`,
  );
  console.log('design by component over the tour:');
  for (const c of COMPONENTS) console.log(`  ${c.padEnd(12)} ${usd(s.designByComponent[c]).padStart(12)}`);
  const r = s.reference;
  console.log(`\nreference: ${r.description}, ${f.fans} fans`);
  console.log(
    `  design ${usd(r.designWithTimestream)} with Timestream, ${usd(r.designWithoutTimestream)} without; naive ${usd(r.naive)} ` +
      `(${(r.naive / r.designWithTimestream).toFixed(1)}× the design)`,
  );
  console.log(
    '  design shares: ' +
      r.shares
        .filter((x) => x.cost > 0)
        .slice(0, 6)
        .map((x) => `${x.component} ${(x.share * 100).toFixed(1)}%`)
        .join(', '),
  );
  console.log(
    '  naive shares:  ' +
      r.naiveShares
        .filter((x) => x.cost > 0)
        .slice(0, 6)
        .map((x) => `${x.component} ${(x.share * 100).toFixed(1)}%`)
        .join(', '),
  );
  const top = r.shares[0];
  if (top !== undefined && top.share > 0.5) console.log(`  ${top.component} dominates: ${COST_LEVERS[top.component]}`);
}
