import { describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../lambdas/api/responses';
import type { EventsBody } from '../../../lambdas/api/endpoints/events';
import type { GcBody } from '../../../lambdas/api/endpoints/gc';
import type { LiveBody } from '../../../lambdas/api/endpoints/live';
import type { RiderBody } from '../../../lambdas/api/endpoints/rider';
import { apiFixture, bodyOf, snapshotAt, STAGE, stageEvent, START_MS, type ApiFixture } from './api-fixture';

const PUBLIC = '/v1/tours/tdf2022/stages/2';
const PARTNER = '/v1/partner/tours/tdf2022/stages/2';

/** A race with snapshots every 10 s from the start to +60 s, an event at +15 s and +45 s, a 10 s track for bib 1. */
async function raceTo60s(f: ApiFixture): Promise<void> {
  for (let s = 0; s <= 60; s += 10)
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS + s * 1000, 100 + s * 12));
  await f.deps.events.putAll(STAGE, [stageEvent(START_MS + 15_000, 1), stageEvent(START_MS + 45_000, 3)]);
  await f.deps.tracks.append(
    STAGE,
    [0, 10, 20, 30, 40, 50, 60].map((s) => ({
      bib: 1,
      tMs: START_MS + s * 1000,
      distanceMeters: 100 + s * 12,
      lat: 55.641234567,
      lon: 12.080123456,
    })),
  );
}

describe('API audience tiers', () => {
  it('shows the public the race as it was publicLagSeconds ago, and partners as it is', async () => {
    const f = apiFixture({ publicLagSeconds: 30 });
    await raceTo60s(f);
    f.setNow(START_MS + 65_000);

    const live = bodyOf<LiveBody>(await f.get(`${PUBLIC}/live`));
    const gc = bodyOf<GcBody>(await f.get(`${PUBLIC}/gc`));
    const partner = bodyOf<LiveBody>(await f.get(`${PARTNER}/live`));

    expect(live).toMatchObject({ tier: 'public', lagSeconds: 30, tMs: START_MS + 30_000 });
    expect(live.riders[0]!.distanceMeters).toBe(100 + 30 * 12);
    expect(gc.tMs).toBe(START_MS + 30_000);
    expect(partner).toMatchObject({ tier: 'partner', lagSeconds: 0, tMs: START_MS + 60_000 });
  });

  it('cuts public events and tracks at now minus the lag', async () => {
    const f = apiFixture({ publicLagSeconds: 30 });
    await raceTo60s(f);
    f.setNow(START_MS + 65_000);

    const events = bodyOf<EventsBody>(await f.get(`${PUBLIC}/events`));
    const partnerEvents = bodyOf<EventsBody>(await f.get(`${PARTNER}/events`));
    const rider = bodyOf<RiderBody>(await f.get(`${PUBLIC}/riders/1`));
    const partnerRider = bodyOf<RiderBody>(await f.get(`${PARTNER}/riders/1`));

    expect(events.events.map((e) => e.tMs)).toEqual([START_MS + 15_000]);
    expect(partnerEvents.events.map((e) => e.tMs)).toEqual([START_MS + 15_000, START_MS + 45_000]);
    expect(rider.track.map(([t]) => t - START_MS)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(rider.snapshotTMs).toBe(START_MS + 30_000);
    expect(partnerRider.track).toHaveLength(7);
    expect(partnerRider.snapshotTMs).toBe(START_MS + 60_000);
  });

  it('has no public live data until the first snapshot is publicLagSeconds old', async () => {
    const f = apiFixture({ publicLagSeconds: 30 });
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS));
    f.setNow(START_MS + 29_999);

    const early = await f.get(`${PUBLIC}/live`);
    f.setNow(START_MS + 30_000);
    const onTime = await f.get(`${PUBLIC}/live`);

    expect(early.statusCode).toBe(404);
    expect(bodyOf<ApiErrorBody>(early).message).toBe('stage 2 has no live data yet');
    expect(onTime.statusCode).toBe(200);
  });

  it('keeps serving a finished stage to the public long after its last snapshot', async () => {
    const f = apiFixture({ publicLagSeconds: 30 });
    await raceTo60s(f);
    f.setNow(START_MS + 86_400_000);

    const live = bodyOf<LiveBody>(await f.get(`${PUBLIC}/live`));

    expect(live.tMs).toBe(START_MS + 60_000);
  });

  it('rounds public coordinates to publicCoordinateDecimals and partner ones to 6', async () => {
    const f = apiFixture({ publicCoordinateDecimals: 3 });
    await raceTo60s(f);

    const rider = bodyOf<RiderBody>(await f.get(`${PUBLIC}/riders/1`));
    const partner = bodyOf<RiderBody>(await f.get(`${PARTNER}/riders/1`));
    const live = bodyOf<LiveBody>(await f.get(`${PUBLIC}/live`));

    expect(rider.track[0]!.slice(1, 3)).toEqual([12.08, 55.641]);
    expect(partner.track[0]!.slice(1, 3)).toEqual([12.080123, 55.641235]);
    for (const r of live.riders) {
      expect(Math.round(r.lat! * 1000) / 1000).toBe(r.lat);
      expect(Math.round(r.lon! * 1000) / 1000).toBe(r.lon);
    }
  });

  it('with no lag, serves the public the newest data, rounded', async () => {
    const f = apiFixture({ publicLagSeconds: 0, publicCoordinateDecimals: 4 });
    await raceTo60s(f);
    f.setNow(START_MS + 60_000);

    const live = bodyOf<LiveBody>(await f.get(`${PUBLIC}/live`));
    const rider = bodyOf<RiderBody>(await f.get(`${PUBLIC}/riders/1`));

    expect(live).toMatchObject({ tMs: START_MS + 60_000, lagSeconds: 0 });
    expect(rider.track).toHaveLength(7);
    expect(rider.track[0]!.slice(1, 3)).toEqual([12.0801, 55.6412]);
  });
});
