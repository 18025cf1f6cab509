import { parseArgs } from 'node:util';
import { TourTrackerError } from '../../core/errors';
import { LOCAL_PARTNER_IDENTITY } from '../../local/proxy-event';
import { startRehearsal, type RehearsalOptions } from '../../local/rehearsal';
import { formatStatusLine } from '../../local/status-line';
import { FAULT_PROFILES, isFaultProfileName } from '../../sim/faults';
import type { Command } from './index';

/** A command line the rehearse command cannot run; the message names the option and the value received. */
export class RehearseArgsError extends TourTrackerError {
  constructor(message: string) {
    super(message);
    this.name = 'RehearseArgsError';
  }
}

/** `npm start`: the whole pipeline on this machine, on moto, fed by the simulator (DESIGN §8, docs/local-rehearsal.md). */
export const rehearse: Command = {
  name: 'rehearse',
  summary: 'run the real pipeline locally on moto, fed by the simulator (--help)',
  usage: 'rehearse [--tour ID] [--stage N] [--speed X] [options]',
  get help() {
    return HELP;
  },
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        tour: { type: 'string', default: 'tdf2022' },
        stage: { type: 'string', default: '7' },
        speed: { type: 'string', default: '10' },
        seed: { type: 'string', default: '1' },
        faults: { type: 'string', default: 'realistic' },
        replay: { type: 'string' },
        port: { type: 'string', default: '8080' },
        riders: { type: 'string' },
        'linger-ms': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!isFaultProfileName(values.faults)) {
      throw new RehearseArgsError(
        `--faults must be one of ${Object.keys(FAULT_PROFILES).join(', ')}, received "${values.faults}"`,
      );
    }
    const options: RehearsalOptions = {
      tour: values.tour,
      stage: integer('--stage', values.stage, 1),
      speed: positive('--speed', values.speed),
      seed: integer('--seed', values.seed, 0),
      faults: values.faults,
      port: integer('--port', values.port, 0),
      ...(values.replay !== undefined && { replay: values.replay }),
      ...(values.riders !== undefined && { riders: integer('--riders', values.riders, 1) }),
      ...(values['linger-ms'] !== undefined && { lingerMillis: integer('--linger-ms', values['linger-ms'], 0) }),
    };
    // Handler logs (JSON) would bury the status line; warnings and errors still show.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    console.error('starting moto, the stacks’ resources, the pipeline and the gateway…');
    const rehearsal = await startRehearsal(options);
    const live = `${rehearsal.apiUrl}/tours/${rehearsal.tour}/stages/${rehearsal.stage}/live`;
    console.error(
      [
        `open ${rehearsal.url}`,
        `API   ${live}`,
        `partner routes (local identity): curl -H 'x-api-key: ${LOCAL_PARTNER_IDENTITY.apiKey}' ` +
          `${rehearsal.apiUrl}/partner/tours/${rehearsal.tour}/stages/${rehearsal.stage}/live`,
        `moto  ${rehearsal.moto.endpoint} (pid ${rehearsal.moto.pid}); Ctrl-C stops everything`,
      ].join('\n'),
    );
    const tty = process.stderr.isTTY === true;
    const timer = setInterval(() => {
      const line = formatStatusLine(rehearsal.status());
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    }, 1_000);
    await Promise.race([
      new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }),
      rehearsal.feed.done.then(() => new Promise<never>(() => undefined)),
    ]);
    clearInterval(timer);
    process.stderr.write(`${tty ? '\n' : ''}stopping…\n`);
    await rehearsal.stop();
    console.error('stopped: pollers, relay, gateway and moto are down');
    return 0;
  },
};

function integer(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new RehearseArgsError(`${option} must be an integer >= ${min}, received "${text}"`);
  return value;
}

function positive(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new RehearseArgsError(`${option} must be a number > 0, received "${text}"`);
  return value;
}

const HELP = `usage: tour-tracker rehearse [options]

Runs the real pipeline on this machine (docs/local-rehearsal.md): moto with the stacks' resources, the simulator
feeding the edge relay on the race clock, Kinesis and DynamoDB-stream pollers invoking the real processor and
aggregator, the archive forwarder, and a gateway serving the API and the second-screen page on 127.0.0.1.
Needs python3 with moto (pip install "moto[server]"). Ctrl-C stops everything.

options:
  --tour ID          tour config (default tdf2022)
  --stage N          stage to race (default 7: an early break, then the climbs split the field)
  --speed X          race seconds per wall second (default 10)
  --seed S           simulator seed (default 1)
  --faults PROFILE   none | realistic | harsh (default realistic)
  --replay FILE      replay a frames file (tour-tracker simulate --out FILE) instead of simulating
  --port P           gateway port on 127.0.0.1, 0 = any free port (default 8080)
  --riders N         only the first N riders of the start list (default all)
  --linger-ms MS     the relay's linger in wall ms (default 500, the truck's)`;
