import { describe, expect, it, vi } from 'vitest';
import { COMMANDS, runCommand } from '../../../../bin/commands';
import { faults } from '../../../../bin/commands/faults';
import { rehearse } from '../../../../bin/commands/rehearse';
import { TourTrackerError } from '../../../../core/errors';
import { captureConsole } from '../../../helpers/console-capture';

describe('runCommand', () => {
  const { out, err } = captureConsole();

  it('prints the usage of every command for --help and -h, and runs nothing', async () => {
    for (const command of COMMANDS) {
      const run = vi.spyOn(command, 'run');
      expect(await runCommand(command, ['--help'])).toBe(0);
      expect(await runCommand(command, ['-h'])).toBe(0);
      expect(run).not.toHaveBeenCalled();
      expect(out.at(-1)).toContain(command.help ?? `usage: tour-tracker ${command.usage}`);
      expect(out.at(-1)).toMatch(/^usage: tour-tracker /);
    }
  });

  it('lists every option of rehearse in its --help', async () => {
    await runCommand(rehearse, ['--help']);

    for (const option of ['tour', 'stage', 'speed', 'seed', 'faults', 'replay', 'port', 'riders', 'linger-ms']) {
      expect(out.at(-1)).toContain(`--${option} `);
    }
  });

  it('answers an unknown option with the reason and the usage, exit 2, not a stack trace', async () => {
    expect(await runCommand(faults, ['--quick', '--bogus'])).toBe(2);

    const text = err.join('\n');
    expect(text).toMatch(/^tour-tracker faults: Unknown option '--bogus'/);
    expect(text).toContain(`\nusage: tour-tracker ${faults.usage}`);
    expect(text).not.toMatch(/^\s+at /m);
  });

  it("reports a command's own error by its message, exit 1, and throws anything else", async () => {
    const failing = (error: Error) => ({ ...faults, run: () => Promise.reject(error) });

    expect(await runCommand(failing(new TourTrackerError('no such tour')), [])).toBe(1);
    expect(err).toEqual(['tour-tracker faults: no such tour']);
    await expect(runCommand(failing(new RangeError('bug')), [])).rejects.toThrow('bug');
  });
});
