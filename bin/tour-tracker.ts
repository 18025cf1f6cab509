#!/usr/bin/env -S npx tsx
/** The tour-tracker CLI: `tour-tracker <command> [options]`; `tour-tracker help` lists the commands. */
import { COMMANDS, runCommand, usage } from './commands';

const [name, ...args] = process.argv.slice(2);
const command = COMMANDS.find((c) => c.name === name);
if (!command) {
  const known = name === undefined || name === 'help' || name === '--help';
  (known ? console.log : console.error)(usage());
  process.exit(known ? 0 : 2);
}
process.exitCode = await runCommand(command, args);
