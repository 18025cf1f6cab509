import { parseArgs } from 'node:util';
import { formatFaultReport, malformedAccountedFor } from '../../local/faults/report';
import { runFaultSuite } from '../../local/faults/run-suite';
import { FAULT_PROFILES } from '../../local/faults/scenarios';
import { meetsBar } from '../../local/faults/score';
import type { Command } from './index';

/** Runs the end-to-end fault suite on the local stack and prints what each fault lost or counted twice. */
export const faults: Command = {
  name: 'faults',
  summary: 'fault suite: each fault on the local stack, scored (exit 1 if the bar is missed)',
  usage: 'faults [--quick] [--only a,b] [--seed N]',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        seed: { type: 'string', default: '1' },
      },
    });
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) {
      console.error(`faults: --seed must be an integer, received ${values.seed}`);
      return 2;
    }
    const profile = values.quick ? FAULT_PROFILES.quick : FAULT_PROFILES.full;
    console.error(
      `fault suite, ${profile.name} profile: tdf2022 stage 3, ${profile.riders} riders and the convoy, ` +
        `${profile.seconds / 60} min of race at ${profile.speed}×, seed ${seed}`,
    );
    const results = await runFaultSuite({
      profile,
      seed,
      only: values.only?.split(',').filter(Boolean),
      onResult: (r) =>
        console.error(
          `${r.scenario.name}: lost ${r.score.fixesLost}, duplicated ${r.score.historyDuplicated}, ` +
            `duplicate events ${r.score.eventsDuplicated} (${r.wallSeconds.toFixed(0)} s)`,
        ),
    });
    for (const line of formatFaultReport(results)) console.log(line);
    return results.every((r) => meetsBar(r.score) && malformedAccountedFor(r)) ? 0 : 1;
  },
};
