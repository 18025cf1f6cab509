/**
 * Groups on the road (DESIGN §3): riders in order on the road, split where the time to the rider ahead exceeds a
 * threshold, then named front to back. The time between two riders is the difference of their gaps at the same
 * point of the road: unlike distance over current speed, it stays right for a rider whose last fix is some seconds
 * old (a tunnel, a radio hole), who would otherwise look dropped by the distance the others rode since.
 */

/** What grouping needs of a rider: where, how fast, and the time gap to the head at the same point (s, ≥ 0). */
export interface RiderOnRoad {
  readonly bib: number;
  readonly distanceMeters: number;
  readonly speedMetersPerSecond: number;
  readonly gapSeconds: number;
}

/** Group names: the head of the race when it is not the peloton is the breakaway (DESIGN §3). */
export type GroupKind = 'breakaway' | 'chasers' | 'peloton' | 'grupetto' | 'dropped';

/** A group on the road, front first in `buildGroups`' result. */
export interface RaceGroup {
  readonly kind: GroupKind;
  /** True for the first group on the road. */
  readonly isHeadOfRace: boolean;
  /** Bibs, front first. */
  readonly riders: readonly number[];
  readonly size: number;
  /** Distance of the group's first rider in metres. */
  readonly distanceMeters: number;
  /** Mean speed of the members, m/s. */
  readonly speedMetersPerSecond: number;
  /** Gap of the group's first rider to the head of the race, s (DESIGN §3). */
  readonly gapSeconds: number;
  /** Gap to the peloton, s: negative ahead of it (an advantage), positive behind. */
  readonly gapToPelotonSeconds: number;
}

/** Options of `buildGroups`. */
export interface GroupOptions {
  /** A split is a time gap to the rider ahead longer than this, s. @default 2 - TV graphics split at 1-3 s */
  readonly splitSeconds?: number;
  /** Smallest group behind the peloton called the grupetto. @default 8 */
  readonly grupettoMinSize?: number;
}

/** Splits riders into groups and names them; every rider given is in exactly one group. */
export function buildGroups(riders: readonly RiderOnRoad[], options: GroupOptions = {}): RaceGroup[] {
  const splitSeconds = options.splitSeconds ?? 2;
  const grupettoMinSize = options.grupettoMinSize ?? 8;
  const sorted = [...riders].sort(
    (a, b) => a.gapSeconds - b.gapSeconds || b.distanceMeters - a.distanceMeters || a.bib - b.bib,
  );
  const clusters: RiderOnRoad[][] = [];
  let current: RiderOnRoad[] = [];
  for (const r of sorted) {
    const ahead = current[current.length - 1];
    if (ahead !== undefined && r.gapSeconds - ahead.gapSeconds > splitSeconds) {
      clusters.push(current);
      current = [];
    }
    current.push(r);
  }
  if (current.length > 0) clusters.push(current);
  let peloton = 0;
  clusters.forEach((c, i) => {
    if (c.length > clusters[peloton]!.length) peloton = i;
  });
  const pelotonGap = clusters[peloton]?.[0]?.gapSeconds ?? 0;
  return clusters.map((members, i) => {
    const first = members[0]!;
    let speed = 0;
    for (const m of members) speed += m.speedMetersPerSecond;
    return {
      kind: kindOf(i, peloton, members.length, grupettoMinSize),
      isHeadOfRace: i === 0,
      riders: members.map((m) => m.bib),
      size: members.length,
      distanceMeters: first.distanceMeters,
      speedMetersPerSecond: speed / members.length,
      gapSeconds: first.gapSeconds,
      gapToPelotonSeconds: first.gapSeconds - pelotonGap,
    };
  });
}

function kindOf(index: number, peloton: number, size: number, grupettoMinSize: number): GroupKind {
  if (index === peloton) return 'peloton';
  if (index === 0) return 'breakaway';
  if (index < peloton) return 'chasers';
  return size >= grupettoMinSize ? 'grupetto' : 'dropped';
}
