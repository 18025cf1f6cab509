/** The virtual general classification: the top 20 as they would stand if the race stopped now. */
import { h } from './dom.js';
import { formatGap } from './format.js';

/** @typedef {import('./api-types.js').StageSnapshot} StageSnapshot */
/** @typedef {import('./roster.js').Roster} Roster */

const TOP = 20;

/**
 * @param {HTMLTableSectionElement} body the `<tbody>` of the GC table
 * @param {HTMLElement} yellow where the virtual yellow jersey's name goes
 * @param {Roster} roster
 */
export function createGcView(body, yellow, roster) {
  return {
    /** @param {StageSnapshot} snapshot */
    update(snapshot) {
      const leader = snapshot.virtualYellowBib;
      yellow.textContent = leader === null ? '—' : `${roster.name(leader)} (${leader})`;
      body.replaceChildren(
        ...snapshot.virtualGc
          .slice(0, TOP)
          .map((entry) =>
            h('tr', { class: entry.bib === leader ? 'gc-leader' : null }, [
              h('td', { class: 'num' }, [String(entry.rank)]),
              h('td', {}, [
                roster.name(entry.bib),
                ' ',
                h('span', { class: 'bib' }, [String(entry.bib)]),
                h('span', { class: 'team' }, [roster.get(entry.bib)?.team ?? '']),
              ]),
              h('td', { class: 'num' }, [entry.rank === 1 ? formatGap(0) : formatGap(entry.behindSeconds)]),
            ]),
          ),
      );
    },
  };
}
