/**
 * The rider card: who (name, bib, team) and how they are doing now (speed, km to go, gradient, gap ± uncertainty,
 * tracker status, group). Opening it moves focus to its heading; Escape or the close button returns to the search.
 */
import { formatGap, formatKm, groupName, statusText } from './format.js';

/** @typedef {import('./api-types.js').RiderInfo} RiderInfo */
/** @typedef {import('./api-types.js').SnapshotRider} SnapshotRider */

/**
 * What the card shows; a missing figure reads as a dash.
 * @typedef {object} RiderFigures
 * @property {number} [speedKmh]
 * @property {number} [toGoMeters]
 * @property {number} [gradientPercent]
 * @property {number} [gapSeconds]
 * @property {number} [gapUncertaintySeconds]
 * @property {string} [status]
 * @property {boolean} [finished]
 * @property {string} [groupKind]
 */

/**
 * @param {HTMLElement} section the card, `hidden` until a rider is chosen
 * @param {() => void} onClose
 */
export function createRiderCard(section, onClose) {
  /** @param {string} field */
  const slot = (field) => {
    const node = section.querySelector(`[data-field="${field}"]`);
    if (!node) throw new Error(`the rider card must have a [data-field="${field}"]`);
    return /** @type {HTMLElement} */ (node);
  };
  const heading = slot('name');
  /** @type {number | null} */
  let bib = null;

  function close() {
    section.hidden = true;
    bib = null;
    onClose();
  }
  slot('close').addEventListener('click', close);
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  return {
    /** Bib of the rider shown, or null. */
    get bib() {
      return bib;
    },
    /** @param {RiderInfo} rider */
    open(rider) {
      bib = rider.bib;
      heading.textContent = rider.name;
      slot('bib').textContent = String(rider.bib);
      slot('team').textContent = rider.team;
      section.hidden = false;
      heading.focus();
    },
    /** @param {RiderFigures} f */
    update(f) {
      /** @param {string} field @param {string} text */
      const set = (field, text) => {
        const node = slot(field);
        if (node.textContent !== text) node.textContent = text;
      };
      set('speed', f.speedKmh === undefined ? '—' : `${f.speedKmh.toFixed(1)} km/h`);
      set('to-go', f.finished ? 'Finished' : f.toGoMeters === undefined ? '—' : formatKm(Math.max(0, f.toGoMeters)));
      set('gradient', f.gradientPercent === undefined ? '—' : `${f.gradientPercent.toFixed(1)} %`);
      set(
        'gap',
        f.gapSeconds === undefined ? '—' : `${formatGap(f.gapSeconds)} ± ${Math.round(f.gapUncertaintySeconds ?? 0)} s`,
      );
      set('status', f.status === undefined ? '—' : statusText(f.status));
      set('group', f.finished ? '—' : f.groupKind === undefined ? '—' : groupName(f.groupKind));
    },
    close,
  };
}
