import { capacity } from './capacity';
import { compareFeed } from './compare-feed';
import { cost } from './cost';
import { faults } from './faults';
import { info } from './info';
import { rehearse } from './rehearse';
import { relay } from './relay';
import { replay } from './replay';
import { simulate } from './simulate';
import { validate } from './validate';

/** One CLI command: its name, a one-line summary, its usage, and what it does (returns the exit code). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[]): Promise<number>;
}

/** Every command of the `tour-tracker` CLI, in the order `help` lists them. */
export const COMMANDS: readonly Command[] = [
  info,
  validate,
  simulate,
  relay,
  capacity,
  cost,
  replay,
  rehearse,
  compareFeed,
  faults,
];

/** The help text. */
export function usage(): string {
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`);
  return ['usage: tour-tracker <command> [options]', '', 'commands:', ...lines].join('\n');
}
