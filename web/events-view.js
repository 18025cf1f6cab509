/**
 * The race events feed, newest first, with the fans' text. The list is an aria-live region: a screen reader
 * announces each new event once, and redraws never repeat old ones (events are keyed by their id).
 */
import { h } from './dom.js';
import { formatClock, formatKm } from './format.js';

/** @typedef {import('./api-types.js').RaceEvent} RaceEvent */

/** Keep the page light on a long stage: older events drop off the bottom. */
const MAX_SHOWN = 50;

/**
 * @param {HTMLOListElement} list
 */
export function createEventsView(list) {
  /** @type {Set<string>} */
  const seen = new Set();

  return {
    /**
     * Adds events not shown yet (the API sends them oldest first).
     * @param {readonly RaceEvent[]} events
     */
    add(events) {
      for (const event of events) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        list.prepend(
          h('li', { class: `event event-${event.kind}`, 'data-event-id': event.id }, [
            h('span', { class: 'event-when' }, [`${formatClock(event.tMs)} · ${formatKm(event.distanceMeters)}`]),
            h('span', { class: 'event-text' }, [event.text]),
          ]),
        );
      }
      while (list.children.length > MAX_SHOWN) list.lastElementChild?.remove();
    },
  };
}
