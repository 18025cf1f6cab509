import type { RiderConfig } from '../core/tour-config/schema';
import type { Body } from './physics';
import type { Rng } from './random';

/** What a rider does for the team; drives power, weight and who attacks or sprints. */
export type RiderRole = 'leader' | 'climber' | 'rouleur' | 'sprinter' | 'domestique';

/** A rider's physiology for one simulation, drawn from the seed (the data has no power figures). */
export interface RiderProfile {
  readonly bib: number;
  readonly name: string;
  readonly team: string;
  readonly role: RiderRole;
  /** Rider plus bike, kg. */
  readonly body: Body;
  /** Drag area in the time-trial position, m². */
  readonly ttCdaM2: number;
  /** Functional threshold power: what the rider holds for about an hour when fresh, W. */
  readonly ftpWatts: number;
  /** Work above threshold the rider can spend before having to ease off (W′), J. */
  readonly wPrimeJoules: number;
  /** Peak power in a bunch sprint, W. */
  readonly sprintWatts: number;
  /** Threshold lost per MJ of work done in the stage (fatigue), as a fraction of FTP. */
  readonly fatiguePerMegajoule: number;
}

/** Mean and spread of a role's figures; FTP in W/kg of rider mass. */
interface RoleSpec {
  readonly massKg: readonly [number, number];
  readonly ftpWPerKg: readonly [number, number];
  readonly sprintWatts: readonly [number, number];
}

/**
 * Figures per role, from published pro-cyclist power data (threshold ~5.2-6.4 W/kg, sprint 1,100-1,700 W).
 * @see https://www.trainingpeaks.com/blog/power-profiling/ (Coggan power profile, world-class row)
 */
const ROLE_SPECS: Readonly<Record<RiderRole, RoleSpec>> = {
  leader: { massKg: [64, 3], ftpWPerKg: [6.2, 0.15], sprintWatts: [1100, 80] },
  climber: { massKg: [61, 3], ftpWPerKg: [6.0, 0.2], sprintWatts: [1000, 80] },
  rouleur: { massKg: [74, 4], ftpWPerKg: [5.6, 0.2], sprintWatts: [1250, 100] },
  sprinter: { massKg: [73, 3], ftpWPerKg: [5.2, 0.15], sprintWatts: [1650, 90] },
  domestique: { massKg: [69, 4], ftpWPerKg: [5.5, 0.2], sprintWatts: [1150, 100] },
};

/** Bike, shoes and kit, kg (the UCI minimum bike weight is 6.8 kg). */
const BIKE_MASS_KG = 8;

/** Spread of team strength: a strong team's riders are all a little stronger. */
const TEAM_STRENGTH_SD = 0.02;

/**
 * Gives each rider of the start list a seeded profile. In each team the rider with the lowest bib is the leader
 * (bibs ending in 1 go to team leaders at the Tour), one rider is a sprinter, two are climbers, two are rouleurs
 * and the rest are domestiques; the real riders' roles are not in the data.
 */
export function riderProfiles(riders: readonly RiderConfig[], rng: Rng): RiderProfile[] {
  const teams = new Map<string, RiderConfig[]>();
  for (const rider of [...riders].sort((a, b) => a.bib - b.bib)) {
    const team = teams.get(rider.team) ?? [];
    team.push(rider);
    teams.set(rider.team, team);
  }
  const roles = new Map<number, RiderRole>();
  const strength = new Map<string, number>();
  for (const [team, members] of [...teams].sort(([a], [b]) => a.localeCompare(b))) {
    strength.set(team, 1 + TEAM_STRENGTH_SD * rng.normal());
    const [leader, ...others] = members;
    if (leader) roles.set(leader.bib, 'leader');
    const shuffled = rng.shuffled(others);
    const supporting: RiderRole[] = ['sprinter', 'climber', 'climber', 'rouleur', 'rouleur'];
    shuffled.forEach((rider, i) => roles.set(rider.bib, supporting[i] ?? 'domestique'));
  }
  return riders.map((rider) => {
    const role = roles.get(rider.bib) ?? 'domestique';
    const spec = ROLE_SPECS[role];
    const riderMassKg = rng.normalBetween(spec.massKg[0], spec.massKg[1], 55, 90);
    const wPerKg = rng.normalBetween(spec.ftpWPerKg[0], spec.ftpWPerKg[1], 4.6, 6.8) * (strength.get(rider.team) ?? 1);
    const cdaM2 = rng.normalBetween(0.32, 0.015, 0.28, 0.36) * Math.sqrt(riderMassKg / 68);
    return {
      bib: rider.bib,
      name: rider.name,
      team: rider.team,
      role,
      body: { massKg: riderMassKg + BIKE_MASS_KG, cdaM2, crr: 0.004 },
      ttCdaM2: cdaM2 * 0.7,
      ftpWatts: wPerKg * riderMassKg,
      wPrimeJoules: rng.normalBetween(20_000, 3_000, 12_000, 30_000),
      sprintWatts: rng.normalBetween(spec.sprintWatts[0], spec.sprintWatts[1], 800, 2000),
      fatiguePerMegajoule: rng.normalBetween(0.03, 0.006, 0.015, 0.05),
    };
  });
}

/** Rider mass without the bike, kg: power figures per kg use it. */
export function riderMassKg(profile: RiderProfile): number {
  return profile.body.massKg - BIKE_MASS_KG;
}
