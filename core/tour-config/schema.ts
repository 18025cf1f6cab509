import { z } from 'zod';

/**
 * The tour config: the one file the platform team edits per tour (config/tours/<id>.json).
 * The CDK app, the CLI, the simulator and the handlers all read it through `loadTourConfig`.
 * Shapes live here; rules that span several fields live in `rules.ts`.
 */

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** An AWS region name such as `eu-west-1`. */
const AwsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name such as "eu-west-1"');

/** True when the runtime's ICU knows the IANA zone (it also accepts links such as Europe/Kiev). */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(zone) && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

const TimeZone = z
  .string()
  .refine(isIanaTimeZone, { error: (issue) => `unknown IANA time zone "${String(issue.input)}"` });

/** Stage kinds as the race announces them; time trials start riders at intervals with no drafting. */
export const StageType = z.enum(['flat', 'hilly', 'mountain', 'itt', 'ttt']);

/**
 * Whether riders start one by one (or team by team) against the clock (individual and team time trials): their gaps
 * on the road then say who started when, not who is faster.
 */
export function isTimeTrial(stage: { readonly type: z.output<typeof StageType> }): boolean {
  return stage.type === 'itt' || stage.type === 'ttt';
}

/** Climb categories, hardest first (HC = hors catégorie). */
export const ClimbCategory = z.enum(['HC', '1', '2', '3', '4']);

/** Bonus seconds for the first riders at a line, first place first. @see the race regulations */
const BonusSeconds = z.array(nonNegativeInt).max(10);

export const IntermediateSprint = z.strictObject({
  name: z.string().min(1),
  /** Distance from the start along the stage route, km. */
  km: z.number().nonnegative(),
  bonusSeconds: BonusSeconds.default([]),
  /** True when the position was derived by a documented rule, not taken from the official road book. */
  estimated: z.boolean().default(false),
});

export const CategorizedClimb = z.strictObject({
  name: z.string().min(1),
  category: ClimbCategory,
  /** Distance from the start to the summit along the stage route, km. */
  summitKm: z.number().nonnegative(),
  lengthKm: z.number().positive(),
  averageGradientPercent: z.number().min(0).max(30),
  bonusSeconds: BonusSeconds.default([]),
  estimated: z.boolean().default(false),
});

export const Stage = z.strictObject({
  number: positiveInt.max(30),
  date: z.iso.date(),
  /** Local time of the official start (km 0), HH:MM in `timeZone`. */
  startLocalTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)'),
  timeZone: TimeZone,
  type: StageType,
  start: z.string().min(1),
  finish: z.string().min(1),
  /** Official distance, km. */
  distanceKm: z.number().positive().max(400),
  /** Route file (GeoJSON LineString of [lon, lat, ele]) relative to the config file; null when no route is known. */
  route: z.string().min(1).nullable(),
  /** From the official start to the last rider's finish, minutes: drives the capacity schedule. */
  expectedDurationMinutes: positiveInt.max(12 * 60),
  sprints: z.array(IntermediateSprint).default([]),
  climbs: z.array(CategorizedClimb).default([]),
  /** Bonus seconds at the finish line (none in time trials). */
  finishBonusSeconds: BonusSeconds.default([]),
  /** The real winner, where the data has it (for docs and checks, never used by the engine). */
  winner: z.string().min(1).optional(),
  /** The real winner's stage time, seconds, where known. */
  winnerTimeSeconds: positiveInt.optional(),
  /** How fields not in the source data were derived. */
  notes: z.array(z.string()).default([]),
});

export const Rider = z.strictObject({
  bib: positiveInt.max(999),
  name: z.string().min(1),
  team: z.string().min(1),
  /** IOC-style three-letter code, or null where the data does not have it. */
  nationality: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter country code such as "FRA"')
    .nullable(),
});

/** Race vehicles also carry trackers; they are kept apart from riders everywhere. */
export const VehicleKind = z.enum([
  'red-flag-car',
  'race-director',
  'broom-wagon',
  'neutral-service',
  'team-car',
  'motorbike',
]);

export const Vehicle = z.strictObject({
  id: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'must be upper-case letters, digits and dashes'),
  kind: VehicleKind,
  label: z.string().min(1),
  team: z.string().min(1).optional(),
});

export const DeviceOwner = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rider'), bib: positiveInt }),
  z.strictObject({ kind: z.literal('vehicle'), id: z.string().min(1) }),
]);

/** A tracker and who carries it over a time range: riders change bikes, each bike has a tracker. */
export const DeviceAssignment = z.strictObject({
  device: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_"'),
  owner: DeviceOwner,
  validFrom: z.iso.datetime({ offset: true }),
  /** Exclusive end; null while the assignment is open-ended. */
  validTo: z.iso.datetime({ offset: true }).nullable(),
});

/** General classification before a stage: total time per rider, seconds. */
export const GcBeforeStage = z.strictObject({
  stage: positiveInt,
  /** How the times were obtained, e.g. "sum of official stage times (bonus seconds not in the data)". */
  source: z.string().min(1),
  standings: z.array(z.strictObject({ bib: positiveInt, seconds: nonNegativeInt })).min(1),
});

export const Capacity = z.strictObject({
  ridersExpected: positiveInt.max(1000),
  vehiclesExpected: nonNegativeInt.max(1000),
  /** Fixes per second per device. */
  fixRateHz: z.number().positive().max(50),
  /** Multiplier over the expected load that capacity is planned for (DESIGN §1 designs for 100x). */
  headroomFactor: z.number().min(1).max(1000),
  /** Kinesis capacity mode: on-demand scales by itself; provisioned is cheaper for a steady, known load. */
  streamMode: z.enum(['on-demand', 'provisioned']).default('on-demand'),
  /** Minimum shards while a stage races when provisioned (the plan raises it when the load needs more). */
  raceShards: positiveInt.max(200).default(2),
  /** Shards between stages when provisioned. */
  idleShards: positiveInt.max(200).default(1),
  /** Capacity is warmed this long before each official start, minutes. */
  warmUpMinutes: nonNegativeInt.max(240).default(45),
  /** Capacity is released this long after a stage's expected end, minutes. */
  releaseAfterMinutes: nonNegativeInt.max(240).default(30),
});

/** Audience tiers of the fan API (DESIGN §9): public endpoints may lag reality and round positions; partner keys get real time. */
export const ApiTiers = z.strictObject({
  /** Public fan endpoints show the race this many seconds behind reality (betting integrity). */
  publicLagSeconds: nonNegativeInt.max(300).default(0),
  /** Public coordinates are rounded to this many decimals of a degree (rider privacy); 4 decimals ≈ 11 m. */
  publicCoordinateDecimals: z.number().int().min(2).max(6).default(4),
});

/** Where fix history goes: Timestream for LiveAnalytics (existing accounts only) or nowhere but the S3 archive (DESIGN §9). */
export const HistoryStore = z.enum(['timestream', 'none']);
export type HistoryStore = z.output<typeof HistoryStore>;

export const TourConfigShape = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,30}$/, 'must be 2-31 lower-case letters, digits and dashes'),
  name: z.string().min(1),
  edition: positiveInt,
  year: z.number().int().min(1903).max(2100),
  regions: z.strictObject({ primary: AwsRegion, backup: AwsRegion }),
  history: z.strictObject({ store: HistoryStore }),
  capacity: Capacity,
  api: ApiTiers.prefault({}),
  stages: z.array(Stage).min(1).max(30),
  riders: z.array(Rider).min(1),
  vehicles: z.array(Vehicle).default([]),
  devices: z.array(DeviceAssignment).min(1),
  gcBeforeStage: z.array(GcBeforeStage).default([]),
  /** Official stage results (reference data for scoring the simulator), relative to the config file. */
  results: z.string().min(1).optional(),
  /** Where the data came from; docs/data-sources.md has the full credits. */
  sources: z.array(z.string()).default([]),
});

export type TourConfig = z.output<typeof TourConfigShape>;
export type StageConfig = TourConfig['stages'][number];
export type RiderConfig = TourConfig['riders'][number];
export type VehicleConfig = TourConfig['vehicles'][number];
export type DeviceAssignmentConfig = TourConfig['devices'][number];

/** Official results of one tour: reference data for checks, not read by the live pipeline. */
export const StageResultsFile = z.strictObject({
  tour: z.string().min(1),
  source: z.string().min(1),
  stages: z.array(
    z.strictObject({
      stage: positiveInt,
      results: z.array(
        z.strictObject({
          bib: positiveInt,
          /** Finishing position; null for riders without a finish. */
          rank: positiveInt.nullable(),
          status: z.enum(['finished', 'DNF', 'DNS', 'DSQ', 'OTL']),
          /** The rider's own stage time, seconds; null without a finish. */
          timeSeconds: positiveInt.nullable(),
        }),
      ),
    }),
  ),
});
export type StageResults = z.output<typeof StageResultsFile>;
