/** Command-line options of `npm run accuracy`. */
export interface AccuracyOptions {
  readonly stages: readonly number[];
  readonly seeds: readonly number[];
  /** Simulated seconds per stage, or undefined for whole stages. */
  readonly maxSeconds: number | undefined;
}

/** Flat, mountain (summit finish), time trial and the Paris circuit: the stage kinds that stress the engine apart. */
export const DEFAULT_STAGES = [3, 17, 20, 21];
export const DEFAULT_SEEDS = [1, 2];
/** --quick: the whole Paris circuit stage, one seed (about 20 s). */
const QUICK: AccuracyOptions = { stages: [21], seeds: [1], maxSeconds: undefined };

export const USAGE = `npm run accuracy -- [--quick] [--stages 3,17,20,21] [--seeds 1,2] [--max-seconds N]
  Simulates real tdf2022 stages (realistic faults), replays the telemetry through the race engine in 1 s batches
  and prints its accuracy against the simulator's ground truth.
  --quick        stage 21 (the Paris circuit), seed 1
  --stages LIST  tdf2022 stage numbers (default ${DEFAULT_STAGES.join(',')})
  --seeds LIST   simulator seeds (default ${DEFAULT_SEEDS.join(',')})
  --max-seconds  stop each stage after N simulated seconds`;

const numbers = (value: string | undefined, flag: string): number[] => {
  const list = (value ?? '').split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`${flag} must be a comma-separated list of whole numbers, received ${value ?? 'nothing'}`);
  }
  return list;
};

/** Parses argv (without node and the script); throws with the rule and the received value on a bad flag. */
export function parseAccuracyOptions(argv: readonly string[]): AccuracyOptions | 'help' {
  let options: AccuracyOptions = { stages: DEFAULT_STAGES, seeds: DEFAULT_SEEDS, maxSeconds: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--quick') options = { ...QUICK };
    else if (flag === '--stages') options = { ...options, stages: numbers(argv[++i], flag) };
    else if (flag === '--seeds') options = { ...options, seeds: numbers(argv[++i], flag) };
    else if (flag === '--max-seconds') options = { ...options, maxSeconds: numbers(argv[++i], flag)[0] };
    else throw new Error(`unknown flag ${flag}; flags are --quick, --stages, --seeds, --max-seconds`);
  }
  return options;
}
