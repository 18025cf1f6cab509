import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../../core/ports/track-store';
import type { EventsBody } from '../../../lambdas/api/endpoints/events';
import type { GcBody } from '../../../lambdas/api/endpoints/gc';
import type { HistoryBody } from '../../../lambdas/api/endpoints/history';
import type { LiveBody } from '../../../lambdas/api/endpoints/live';
import type { RiderBody } from '../../../lambdas/api/endpoints/rider';
import type { StageRouteBody } from '../../../lambdas/api/endpoints/stage-route';
import { pointAtDistance, profileAtDistance } from '../../../core/race';
import { EMPTY_DETECTOR_STATE } from '../../../core/race/events/detector-state';
import { apiEvent } from '../../helpers/api-event';
import { apiFixture, bodyOf, snapshotAt, STAGE, stageEvent, START_MS } from './api-fixture';

const LIVE = '/v1/tours/tdf2022/stages/2/live';

describe('API handler routes', () => {
  it('answers health without touching a store', async () => {
    const f = apiFixture();
    f.deps.snapshots.faults.enqueue(new Error('must not be called'));

    const reply = await f.get('/v1/health');

    expect(reply.statusCode).toBe(200);
    expect(bodyOf(reply)).toEqual({ status: 'ok', tour: 'tdf2022' });
    expect(reply.headers?.['Cache-Control']).toBe('no-store');
  });

  it('serves the stage schedule with UTC start times from the config', async () => {
    const reply = await apiFixture().get('/v1/tours/tdf2022/stages');

    expect(reply.statusCode).toBe(200);
    const body = bodyOf<{ stages: Record<string, unknown>[] }>(reply);
    expect(body.stages).toHaveLength(21);
    expect(body.stages[1]).toMatchObject({
      number: 2,
      date: '2022-07-02',
      startUtc: '2022-07-02T10:15:00.000Z',
      expectedEndUtc: '2022-07-02T15:28:00.000Z',
      type: 'flat',
      start: 'Roskilde',
      finish: 'Nyborg',
      distanceKm: 202.2,
      expectedDurationMinutes: 313,
      hasRoute: true,
    });
    expect(reply.headers?.['Cache-Control']).toBe('public, max-age=300, stale-while-revalidate=60');
  });

  it('serves the live snapshot with names, teams and map positions on the route', async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS + 60_000));

    const reply = await f.get(LIVE);

    expect(reply.statusCode).toBe(200);
    const body = bodyOf<LiveBody>(reply);
    expect(body).toMatchObject({ tour: 'tdf2022', stage: 2, tMs: START_MS + 60_000, tier: 'public', lagSeconds: 0 });
    expect(body.groups).toEqual(snapshotAt(START_MS + 60_000).groups);
    const route = f.deps.tour.stageRoute(2)!;
    const at = pointAtDistance(route, 50_000);
    expect(body.riders[0]).toMatchObject({ bib: 1, name: 'Tadej Pogacar', team: 'Uae Team Emirates' });
    expect(body.riders[0]!.lat).toBeCloseTo(at.lat, 4);
    expect(body.riders[0]!.lon).toBeCloseTo(at.lon, 4);
    expect(reply.headers?.['Cache-Control']).toBe('public, max-age=1, s-maxage=1, stale-while-revalidate=5');
    expect(reply.headers?.['Content-Type']).toBe('application/json; charset=utf-8');
  });

  it("never serves the engine's event memory carried in the stored snapshot", async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, { ...snapshotAt(START_MS + 60_000), memory: EMPTY_DETECTOR_STATE });

    const body = bodyOf<Record<string, unknown>>(await f.get(LIVE));

    expect(body.tMs).toBe(START_MS + 60_000);
    expect(body).not.toHaveProperty('memory');
  });

  it('serves a rider with live state, virtual GC line and the downsampled track', async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS + 60_000));
    const track: TrackPoint[] = [0, 10_000, 20_000].map((dt, i) => ({
      bib: 3,
      tMs: START_MS + dt,
      distanceMeters: 1_000 + i * 120.4,
      lat: 55.6412345 + i * 0.001,
      lon: 12.0801234,
    }));
    await f.deps.tracks.append(STAGE, track);

    const reply = await f.get('/v1/tours/tdf2022/stages/2/riders/3');

    expect(reply.statusCode).toBe(200);
    const body = bodyOf<RiderBody>(reply);
    expect(body).toMatchObject({
      bib: 3,
      name: 'Mikkel Bjerg',
      team: 'Uae Team Emirates',
      nationality: null,
      snapshotTMs: START_MS + 60_000,
      gc: { rank: 1, bib: 3, virtualSeconds: 20_000, behindSeconds: 0 },
      trackFields: ['tMs', 'lon', 'lat', 'distanceMeters'],
    });
    expect(body.live).toMatchObject({ bib: 3, gapSeconds: 2, distanceMeters: 49_976 });
    const road = profileAtDistance(f.deps.tour.stageRoute(2)!, 49_976);
    expect(body.live?.altitudeMeters).toBe(Math.round(road.altitudeMeters));
    expect(body.live?.gradientPercent).toBeCloseTo(road.gradientPercent, 1);
    expect(body.track).toEqual([
      [START_MS, 12.0801, 55.6412, 1_000],
      [START_MS + 10_000, 12.0801, 55.6422, 1_120],
      [START_MS + 20_000, 12.0801, 55.6432, 1_241],
    ]);
  });

  it('serves a known rider before the first snapshot with no live state and an empty track', async () => {
    const reply = await apiFixture().get('/v1/tours/tdf2022/stages/2/riders/1');

    expect(reply.statusCode).toBe(200);
    expect(bodyOf<RiderBody>(reply)).toMatchObject({ bib: 1, snapshotTMs: null, live: null, gc: null, track: [] });
  });

  it('serves events newer than since, oldest first, with the since of the next poll', async () => {
    const f = apiFixture();
    const events = [stageEvent(START_MS + 5_000, 1), stageEvent(START_MS + 9_000, 3), stageEvent(START_MS + 1_000, 6)];
    await f.deps.events.putAll(STAGE, events);
    const path = '/v1/tours/tdf2022/stages/2/events';

    const all = bodyOf<EventsBody>(await f.get(path));
    const newer = bodyOf<EventsBody>(await f.get(path, { query: { since: String(START_MS + 1_000) } }));
    const one = bodyOf<EventsBody>(await f.get(path, { query: { since: '0', limit: '1' } }));
    const none = bodyOf<EventsBody>(await f.get(path, { query: { since: String(START_MS + 9_000) } }));

    expect(all.events).toEqual([events[2], events[0], events[1]]);
    expect(all.next).toBe(START_MS + 9_000);
    expect(newer.events).toEqual([events[0], events[1]]);
    expect(one.events).toEqual([events[2]]);
    expect(one.next).toBe(START_MS + 1_000 - 1);
    expect(none).toMatchObject({ events: [], since: START_MS + 9_000, next: START_MS + 9_000 });
  });

  it('serves the virtual GC with names and teams, leader first', async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS + 60_000));

    const body = bodyOf<GcBody>(await f.get('/v1/tours/tdf2022/stages/2/gc'));

    expect(body).toMatchObject({ tMs: START_MS + 60_000, virtualYellowBib: 3, tier: 'public' });
    expect(body.standings).toEqual([
      { rank: 1, bib: 3, name: 'Mikkel Bjerg', team: 'Uae Team Emirates', virtualSeconds: 20_000, behindSeconds: 0 },
      { rank: 2, bib: 1, name: 'Tadej Pogacar', team: 'Uae Team Emirates', virtualSeconds: 20_010, behindSeconds: 10 },
    ]);
  });

  it('serves the stage route: a ~200 m profile, a simplified polyline, sprints and climbs, cached long', async () => {
    const f = apiFixture();

    const reply = await f.get('/v1/tours/tdf2022/stages/2/route');

    expect(reply.statusCode).toBe(200);
    const body = bodyOf<StageRouteBody>(reply);
    const route = f.deps.tour.stageRoute(2)!;
    expect(body.lengthMeters).toBe(Math.round(route.lengthMeters));
    expect(body.profile[0]![0]).toBe(0);
    expect(body.profile[body.profile.length - 1]![0]).toBeCloseTo(route.lengthMeters / 1000, 2);
    const spacing = (body.profile[1]![0] - body.profile[0]![0]) * 1000;
    expect(spacing).toBeGreaterThan(190);
    expect(spacing).toBeLessThan(210);
    expect(body.polyline.length).toBeGreaterThan(50);
    expect(body.polyline.length).toBeLessThan(route.vertexCount / 2);
    expect(body.polyline[0]).toEqual([Math.round(route.lon[0]! * 1e5) / 1e5, Math.round(route.lat[0]! * 1e5) / 1e5]);
    expect(body.sprints).toEqual([{ name: 'Intermediate sprint (estimated position)', km: 111.2, bonusSeconds: [] }]);
    expect(reply.headers?.['Cache-Control']).toBe('public, max-age=3600, s-maxage=86400');
  });

  it('serves the partner routes in real time with private caching and no CORS', async () => {
    const f = apiFixture({ publicLagSeconds: 30 });
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS + 60_000));
    f.setNow(START_MS + 61_000);

    const replies = await Promise.all(
      ['live', 'gc', 'riders/1', 'events'].map((p) => f.get(`/v1/partner/tours/tdf2022/stages/2/${p}`)),
    );

    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(bodyOf<LiveBody>(replies[0]!)).toMatchObject({ tier: 'partner', lagSeconds: 0, tMs: START_MS + 60_000 });
    for (const reply of replies) {
      expect(reply.headers?.['Cache-Control']).toBe('private, no-store');
      expect(reply.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
      expect(reply.headers?.ETag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    }
  });

  it('serves partner history through the history reader, bounded and oldest first', async () => {
    const f = apiFixture();
    const fix = (bib: number, tMs: number) => ({
      bib,
      team: 'UAD',
      device: `TRK-${bib}-A`,
      seq: tMs,
      tMs,
      lat: 55.6,
      lon: 12.1,
    });
    await f.deps.history!.write(STAGE, [fix(1, START_MS + 2_000), fix(3, START_MS + 1_000), fix(1, START_MS + 1_000)]);
    const path = '/v1/partner/tours/tdf2022/stages/2/history';
    const from = String(START_MS);
    const to = String(START_MS + 60_000);

    const rider = bodyOf<HistoryBody>(await f.get(path, { query: { bib: '1', from, to } }));
    const all = bodyOf<HistoryBody>(await f.get(path, { query: { from, to, limit: '2' } }));

    expect(rider.fixes.map((x) => [x.bib, x.tMs])).toEqual([
      [1, START_MS + 1_000],
      [1, START_MS + 2_000],
    ]);
    expect(rider).toMatchObject({ bib: 1, from: START_MS, to: START_MS + 60_000, limit: 1_000, truncated: false });
    expect(all.fixes).toHaveLength(2);
    expect(all).toMatchObject({ bib: null, truncated: true });
  });

  it('routes on the path whatever resource API Gateway matched, and ignores a trailing slash', async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS));
    const event = { ...apiEvent(`${LIVE}/`), resource: '/v1/tours/{tour}/stages/{stage}/gc', pathParameters: null };

    const reply = await f.call(event);

    expect(reply.statusCode).toBe(200);
    expect(bodyOf<LiveBody>(reply).groups).toHaveLength(1);
  });
});
