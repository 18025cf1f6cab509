import { TourTrackerError } from '../../core/errors';
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
  /** The full help, every option with its default; `--help` prints it. @default the usage and the summary */
  readonly help?: string;
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

/** Whether `error` is node:util parseArgs refusing the command line (an unknown option, a missing value). */
function isArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Runs a command and returns its exit code: `--help`/`-h` prints its usage (0); a command line its options refuse
 * prints why and the usage (2); a `TourTrackerError` prints its message (1). Anything else is a bug and is thrown.
 */
export async function runCommand(command: Command, args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.help ?? `usage: tour-tracker ${command.usage}\n  ${command.summary}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (isArgsError(error)) {
      console.error(`tour-tracker ${command.name}: ${error.message}
usage: tour-tracker ${command.usage}`);
      return 2;
    }
    if (!(error instanceof TourTrackerError)) throw error;
    console.error(`tour-tracker ${command.name}: ${error.message}`);
    return 1;
  }
}

/** The help text. */
export function usage(): string {
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`);
  return ['usage: tour-tracker <command> [options]', '', 'commands:', ...lines].join('\n');
}
