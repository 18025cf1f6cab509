import { ok } from '../outcome';
import type { TierPolicy } from '../tiers';
import { requireSnapshot, resolveStage } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** One line of the virtual general classification, with the rider's name and team. */
export interface GcLine {
  readonly rank: number;
  readonly bib: number;
  readonly name: string | null;
  readonly team: string | null;
  /** GC time before the stage + today's gap − bonuses, s. */
  readonly virtualSeconds: number;
  readonly behindSeconds: number;
}

/** The virtual GC of a stage as a tier sees it. */
export interface GcBody {
  readonly tour: string;
  readonly stage: number;
  readonly tier: TierPolicy['tier'];
  readonly lagSeconds: number;
  /** Time of the snapshot it comes from, epoch ms. */
  readonly tMs: number;
  readonly virtualYellowBib: number | null;
  readonly standings: readonly GcLine[];
}

/** `GET /v1[/partner]/tours/{tour}/stages/{stage}/gc`: the virtual GC with names and teams. */
export const gcEndpoint: Endpoint = async (deps, request) => {
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return stage;
  const snapshot = await requireSnapshot(deps, stage.value.key, request.policy);
  if (!snapshot.ok) return snapshot;
  const body: GcBody = {
    tour: deps.tourId,
    stage: stage.value.key.stage,
    tier: request.policy.tier,
    lagSeconds: request.policy.lagSeconds,
    tMs: snapshot.value.tMs,
    virtualYellowBib: snapshot.value.virtualYellowBib,
    standings: snapshot.value.virtualGc.map((entry) => {
      const rider = deps.tour.riders.get(entry.bib);
      return { ...entry, name: rider?.name ?? null, team: rider?.team ?? null };
    }),
  };
  return ok(body);
};
