/**
 * The stage profile (elevation by km) as SVG, with the groups drawn where they are on the road and the time gaps
 * between consecutive groups. Redrawn to the container's width, so text stays readable on a phone.
 */
import { s } from './dom.js';
import { formatGap, groupName } from './format.js';
import { elevationAt } from './route-geometry.js';

/** @typedef {import('./api-types.js').StageRoute} StageRoute */
/** @typedef {import('./api-types.js').StageSnapshot} StageSnapshot */

const HEIGHT = 240;
/** Room above the profile for group labels (three rows, so that close groups do not overprint). */
const LABEL_ROWS = 3;
const ROW = 16;
const TOP = 12 + LABEL_ROWS * ROW;
const BOTTOM = 22;
const SIDE = 8;

/**
 * @param {HTMLElement} container
 */
export function createProfileView(container) {
  /** @type {StageRoute | null} */
  let route = null;
  /** @type {StageSnapshot | null} */
  let snapshot = null;
  /** @type {number | null} */
  let riderKm = null;

  function draw() {
    container.replaceChildren();
    if (!route || route.profile.length < 2) return;
    const width = Math.max(320, Math.round(container.clientWidth || 800));
    const profile = route.profile;
    const lengthKm = route.lengthMeters / 1000;
    const elevations = profile.map((p) => p[1]);
    const low = Math.min(...elevations);
    // At least 300 m of scale, so that a flat stage looks flat rather than alpine.
    const high = Math.max(low + 300, ...elevations);
    /** @param {number} km */
    const x = (km) => SIDE + (Math.min(Math.max(km, 0), lengthKm) / lengthKm) * (width - 2 * SIDE);
    /** @param {number} m */
    const y = (m) => HEIGHT - BOTTOM - ((m - low) / (high - low)) * (HEIGHT - BOTTOM - TOP);
    const area =
      `M${x(0)},${HEIGHT - BOTTOM} ` +
      profile.map(([km, m]) => `L${x(km).toFixed(1)},${y(m).toFixed(1)}`).join(' ') +
      ` L${x(lengthKm)},${HEIGHT - BOTTOM} Z`;
    const svg = s('svg', {
      viewBox: `0 0 ${width} ${HEIGHT}`,
      width,
      height: HEIGHT,
      role: 'img',
      'aria-label': describe(route, snapshot),
      class: 'profile-svg',
    });
    svg.append(s('path', { d: area, class: 'profile-area' }));
    for (let km = 0; km <= lengthKm; km += kmTickStep(lengthKm)) {
      svg.append(s('text', { x: x(km), y: HEIGHT - 6, class: 'axis-label', 'text-anchor': 'middle' }, [`${km}`]));
    }
    svg.append(
      s('text', { x: SIDE, y: TOP - 2, class: 'axis-label' }, [`${Math.round(high)} m`]),
      s('text', { x: SIDE, y: HEIGHT - BOTTOM - 4, class: 'axis-label' }, [`${Math.round(low)} m`]),
      s('text', { x: width - SIDE, y: HEIGHT - 6, class: 'axis-label', 'text-anchor': 'end' }, ['km']),
    );
    for (const climb of route.climbs) {
      const marker = s('path', {
        d: markerPath(x(climb.summitKm), y(elevationAt(profile, climb.summitKm))),
        class: 'climb-marker',
      });
      marker.append(s('title', {}, [`${climb.name} (cat. ${climb.category}), km ${climb.summitKm}`]));
      svg.append(marker);
    }
    for (const sprint of route.sprints) {
      svg.append(
        s('rect', { x: x(sprint.km) - 3, y: HEIGHT - BOTTOM - 6, width: 6, height: 6, class: 'sprint-marker' }),
      );
    }
    if (snapshot) drawGroups(svg, snapshot, profile, x, y);
    if (riderKm !== null) {
      const cx = x(riderKm);
      svg.append(s('circle', { cx, cy: y(elevationAt(profile, riderKm)), r: 6, class: 'rider-marker' }));
    }
    container.append(svg);
  }

  new ResizeObserver(() => draw()).observe(container);

  return {
    /** @param {StageRoute} value */
    setRoute(value) {
      route = value;
      draw();
    },
    /** @param {StageSnapshot} value */
    update(value) {
      snapshot = value;
      draw();
    },
    /** @param {number | null} km the selected rider's km, or null to hide */
    setRider(km) {
      riderKm = km;
      draw();
    },
  };
}

/**
 * Each group as a flag on the profile with its name and size; the gap to the group ahead sits between the two.
 * @param {SVGElement} svg
 * @param {StageSnapshot} snapshot
 * @param {readonly [number, number][]} profile
 * @param {(km: number) => number} x
 * @param {(m: number) => number} y
 */
function drawGroups(svg, snapshot, profile, x, y) {
  // Back to front, so that the head of the race is drawn on top when groups are close.
  [...snapshot.groups].reverse().forEach((group, reversed) => {
    const i = snapshot.groups.length - 1 - reversed;
    const km = group.distanceMeters / 1000;
    const gx = x(km);
    const row = i % LABEL_ROWS;
    const labelY = 12 + row * ROW;
    const gy = y(elevationAt(profile, km));
    const g = s('g', { class: `group-flag group-${group.kind}`, 'data-group-index': i });
    g.append(
      s('line', { x1: gx, x2: gx, y1: labelY + 3, y2: gy, class: 'group-pole' }),
      s('circle', { cx: gx, cy: gy, r: Math.min(9, 3 + Math.sqrt(group.size)), class: 'group-dot' }),
      s('text', { x: gx + 4, y: labelY, class: 'group-label' }, [`${groupName(group.kind)} (${group.size})`]),
    );
    svg.append(g);
    const ahead = snapshot.groups[i - 1];
    if (ahead) {
      const gap = group.gapSeconds - ahead.gapSeconds;
      const mid = (x(ahead.distanceMeters / 1000) + gx) / 2;
      svg.append(
        s('text', { x: mid, y: HEIGHT - BOTTOM - 8 - (i % 2) * 14, class: 'gap-label', 'text-anchor': 'middle' }, [
          formatGap(gap),
        ]),
      );
    }
  });
}

/**
 * A small triangle above a summit.
 * @param {number} x
 * @param {number} y
 */
function markerPath(x, y) {
  return `M${x - 5},${y - 4} L${x + 5},${y - 4} L${x},${y - 12} Z`;
}

/** @param {number} lengthKm */
function kmTickStep(lengthKm) {
  return lengthKm > 150 ? 50 : lengthKm > 60 ? 20 : lengthKm > 25 ? 10 : 5;
}

/**
 * The profile in words, for screen readers (the groups list below has the details).
 * @param {StageRoute} route
 * @param {StageSnapshot | null} snapshot
 */
function describe(route, snapshot) {
  const text = `Stage profile, ${(route.lengthMeters / 1000).toFixed(1)} km`;
  if (!snapshot || snapshot.groups.length === 0) return text;
  const groups = snapshot.groups
    .map((g) => `${groupName(g.kind)} of ${g.size} at km ${(g.distanceMeters / 1000).toFixed(1)}`)
    .join('; ');
  return `${text}. ${groups}.`;
}
