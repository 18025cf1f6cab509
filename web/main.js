/**
 * The second-screen page: reads the configuration, loads the schedule and the stage route once, then polls the
 * live snapshot and the events every second (ETag revalidation) and hands each change to the views.
 */
import { ApiError, createApiClient } from './api-client.js';
import { pageConfig } from './config.js';
import { createConnectionView } from './connection-view.js';
import { byId } from './dom.js';
import { createEventsView } from './events-view.js';
import { createGcView } from './gc-view.js';
import { createGroupsView } from './groups-view.js';
import { createMapView } from './map-view.js';
import { createPredictionsView } from './predictions-view.js';
import { createProfileView } from './profile-view.js';
import { createRiderCard } from './rider-card.js';
import { createRiderSearch } from './rider-search.js';
import { createRoster } from './roster.js';
import { startPoller } from './poller.js';
import { gradientAt } from './route-geometry.js';
import { pickStage, stageTitle } from './stage-choice.js';

/** @typedef {import('./api-types.js').StageSnapshot} StageSnapshot */
/** @typedef {import('./api-types.js').StageRoute} StageRoute */
/** @typedef {import('./api-types.js').Schedule} Schedule */
/** @typedef {import('./api-types.js').EventsReply} EventsReply */
/** @typedef {import('./api-types.js').RiderDetail} RiderDetail */

const config = pageConfig(window.location, document);
const api = createApiClient(config.apiBase);
const roster = createRoster();
const connection = createConnectionView(byId('connection'), byId('connection-state'), byId('connection-age'));
const profile = createProfileView(byId('profile'));
const map = createMapView(byId('map'));
const groups = createGroupsView(byId('groups'), roster);
const gc = createGcView(byId('gc-body'), byId('gc-yellow'), roster);
const events = createEventsView(byId('events'));
const predictions = createPredictionsView(byId('predictions'), byId('predictions-list'));
const search = createRiderSearch(
  { form: byId('search-form'), input: byId('search'), results: byId('search-results'), status: byId('search-status') },
  roster,
  (bib) => void openRider(bib),
);
const card = createRiderCard(byId('rider-card'), () => {
  profile.setRider(null);
  map.setTrack([]);
  search.focus();
});

/** @type {StageSnapshot | null} */
let snapshot = null;
/** @type {StageRoute | null} */
let route = null;
let stagePath = '';
/** `since` of the next events poll: the API's `next` from the previous reply. */
let eventsSince = 0;

/** Finds the tour and stage to follow and titles the page; part of the first round, so it retries like any other. */
async function chooseStage() {
  const tour = config.tour ?? (await api.getJson('/v1/health')).body.tour;
  if (typeof tour !== 'string') throw new Error('the page needs a tour: add ?tour=<id> or <meta name="tour">');
  const schedule = /** @type {Schedule} */ ((await api.getJson(`/v1/tours/${encodeURIComponent(tour)}/stages`)).body);
  const stage = pickStage(schedule.stages, config.stage, Date.now());
  byId('stage-title').textContent = stageTitle(schedule, stage);
  stagePath = `/v1/tours/${encodeURIComponent(tour)}/stages/${stage.number}`;
}

/** One round: the stage and route (until known), the snapshot, new events, and the open rider card. */
async function update() {
  if (!stagePath) await chooseStage();
  if (!route) {
    route = /** @type {StageRoute} */ ((await api.getJson(`${stagePath}/route`)).body);
    profile.setRoute(route);
    map.setRoute(route);
  }
  const live = await getOrMissing(`${stagePath}/live`);
  connection.setWaiting(live ? null : 'no live data for this stage yet');
  if (live?.changed) {
    snapshot = /** @type {StageSnapshot} */ (live.body);
    roster.addAll(snapshot.riders.flatMap((r) => (r.name ? [{ bib: r.bib, name: r.name, team: r.team ?? '' }] : [])));
    profile.update(snapshot);
    map.update(snapshot);
    groups.update(snapshot);
    gc.update(snapshot);
    predictions.update(snapshot);
    search.refresh();
  }
  const fed = await api.getJson(`${stagePath}/events?since=${eventsSince}`);
  if (fed.changed) {
    const reply = /** @type {EventsReply} */ (fed.body);
    events.add(reply.events);
    eventsSince = reply.next;
  }
  if (card.bib !== null) await updateCard(card.bib);
}

/**
 * GETs a path; a 404 (nothing published yet) is `undefined`, not a lost connection.
 * @param {string} path
 */
async function getOrMissing(path) {
  try {
    return await api.getJson(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Opens the card at once with what the roster knows, then fills in the figures.
 * @param {number} bib
 */
async function openRider(bib) {
  const known = roster.get(bib);
  card.open(known ?? { bib, name: `#${bib}`, team: '' });
  // A failure here is not lost: the next round of polling fills the card again (and reports a lost connection).
  await updateCard(bib).catch((error) => console.warn('rider card update failed', error));
}

/** The rider endpoint carries the whole track (a point per 10 s), so it is read at that pace, not every second. */
const RIDER_REFRESH_MS = 10_000;
/** Track points drawn on the map: the last 15 minutes. */
const RECENT_TRACK_POINTS = 90;
/** @type {{ bib: number, atMs: number, body: RiderDetail | undefined } | null} */
let riderDetail = null;

/**
 * Fills the card: live figures from the snapshot every second, the rider endpoint (gradient, track) every 10 s.
 * @param {number} bib
 */
async function updateCard(bib) {
  if (riderDetail?.bib !== bib || Date.now() - riderDetail.atMs >= RIDER_REFRESH_MS) {
    const reply = await getOrMissing(`${stagePath}/riders/${bib}`);
    riderDetail = { bib, atMs: Date.now(), body: /** @type {RiderDetail | undefined} */ (reply?.body) };
  }
  // The card may have closed (or switched riders) while the reply was on its way.
  if (card.bib !== bib) return;
  const body = riderDetail.body;
  const inSnapshot = snapshot?.riders.find((r) => r.bib === bib);
  // The snapshot is polled every second; the rider reply may be up to 10 s older, so the snapshot wins.
  const live = { ...(body?.live ?? {}), ...inSnapshot };
  const km = live.distanceMeters === undefined ? null : live.distanceMeters / 1000;
  const length = snapshot?.routeLengthMeters ?? route?.lengthMeters;
  card.update({
    speedKmh: live.speedKmh,
    toGoMeters: live.distanceMeters === undefined || length === undefined ? undefined : length - live.distanceMeters,
    gradientPercent: km !== null && route ? gradientAt(route.profile, km) : body?.live?.gradientPercent,
    gapSeconds: live.gapSeconds,
    gapUncertaintySeconds: live.gapUncertaintySeconds,
    status: live.status,
    finished: live.finished,
    groupKind: live.group === undefined ? undefined : snapshot?.groups[live.group]?.kind,
  });
  profile.setRider(km);
  const track = (body?.track ?? []).slice(-RECENT_TRACK_POINTS);
  map.setTrack(track.map(([, lon, lat]) => /** @type {[number, number]} */ ([lon, lat])));
}

startPoller({ task: update, onState: (state) => connection.update(state) });
