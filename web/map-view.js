/**
 * The route map, drawn from the route itself (no tiles, no external requests): the stage's polyline projected to
 * SVG, start and finish, the groups as dots sized by their riders, and the selected rider's recent track.
 */
import { s } from './dom.js';
import { groupName } from './format.js';
import { fitProjection, measureLine, pointAlong } from './route-geometry.js';

/** @typedef {import('./api-types.js').StageRoute} StageRoute */
/** @typedef {import('./api-types.js').StageSnapshot} StageSnapshot */

const SIZE = 320;
const PADDING = 14;

/**
 * @param {HTMLElement} container
 */
export function createMapView(container) {
  const svg = s('svg', { viewBox: `0 0 ${SIZE} ${SIZE}`, role: 'img', class: 'map-svg' });
  const routeLayer = s('g');
  const trackLayer = s('g');
  const groupLayer = s('g');
  svg.append(routeLayer, trackLayer, groupLayer);
  container.append(svg);
  /** @type {((p: readonly [number, number]) => [number, number]) | null} */
  let project = null;
  /** @type {import('./route-geometry.js').MeasuredLine | null} */
  let line = null;

  return {
    /** @param {StageRoute} route */
    setRoute(route) {
      if (route.polyline.length < 2) return;
      project = fitProjection(route.polyline, SIZE, SIZE, PADDING);
      const points = route.polyline.map((p) => /** @type {NonNullable<typeof project>} */ (project)(p));
      line = measureLine(points);
      const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
      const [sx, sy] = /** @type {[number, number]} */ (points[0]);
      const [fx, fy] = /** @type {[number, number]} */ (points[points.length - 1]);
      routeLayer.replaceChildren(
        s('path', { d, class: 'map-route' }),
        s('circle', { cx: sx, cy: sy, r: 5, class: 'map-start' }),
        s('rect', { x: fx - 5, y: fy - 5, width: 10, height: 10, class: 'map-finish' }),
      );
      svg.setAttribute('aria-label', `Route map, ${(route.lengthMeters / 1000).toFixed(1)} km, start and finish`);
    },
    /**
     * Places each group at its first rider's position (the live route gives lat/lon), else by its km along the line.
     * @param {StageSnapshot} snapshot
     */
    update(snapshot) {
      if (!line || !project) return;
      const measured = line;
      const toScreen = project;
      const riders = new Map(snapshot.riders.map((r) => [r.bib, r]));
      groupLayer.replaceChildren(
        ...snapshot.groups.map((group, i) => {
          const first = riders.get(/** @type {number} */ (group.riders[0]));
          const [cx, cy] =
            typeof first?.lon === 'number' && typeof first.lat === 'number'
              ? toScreen([first.lon, first.lat])
              : pointAlong(measured, group.distanceMeters / snapshot.routeLengthMeters);
          const dot = s('circle', {
            cx,
            cy,
            r: Math.min(8, 3 + Math.sqrt(group.size) / 2),
            class: `map-group group-${group.kind}`,
            'data-group-index': i,
          });
          dot.append(s('title', {}, [`${groupName(group.kind)} (${group.size})`]));
          return dot;
        }),
      );
    },
    /**
     * Draws a rider's recent track and current position; an empty track clears it.
     * @param {readonly [number, number][]} track `[lon, lat]`, oldest first
     */
    setTrack(track) {
      if (!project || track.length === 0) {
        trackLayer.replaceChildren();
        return;
      }
      const points = track.map((p) => /** @type {NonNullable<typeof project>} */ (project)(p));
      const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
      const [x, y] = /** @type {[number, number]} */ (points[points.length - 1]);
      trackLayer.replaceChildren(
        s('path', { d, class: 'map-track' }),
        s('circle', { cx: x, cy: y, r: 5, class: 'map-rider' }),
      );
    },
  };
}
