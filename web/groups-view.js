/**
 * The groups on the road, front first: name, size, km, speed, gap to the head of the race and to the group ahead,
 * and each group's riders (bib, name, team). Small groups are open; big ones fold behind a disclosure button.
 */
import { h } from './dom.js';
import { formatGap, formatKm, groupName } from './format.js';

/** @typedef {import('./api-types.js').StageSnapshot} StageSnapshot */
/** @typedef {import('./roster.js').Roster} Roster */

/** Groups up to this size list their riders without a click. */
const OPEN_MAX_SIZE = 12;

/**
 * @param {HTMLElement} list an `<ol>`
 * @param {Roster} roster
 */
export function createGroupsView(list, roster) {
  /** Kinds the reader opened or closed by hand, so a redraw every second keeps their choice. */
  /** @type {Map<string, boolean>} */
  const openByKey = new Map();

  return {
    /** @param {StageSnapshot} snapshot */
    update(snapshot) {
      const items = snapshot.groups.map((group, i) => {
        const ahead = snapshot.groups[i - 1];
        const key = `${group.kind}-${i}`;
        const details = h('details', {
          class: 'group-riders',
          open: openByKey.get(key) ?? group.size <= OPEN_MAX_SIZE,
        });
        details.addEventListener('toggle', () => openByKey.set(key, details.open));
        details.append(
          h('summary', {}, [`${group.size} rider${group.size === 1 ? '' : 's'}`]),
          h(
            'ul',
            { class: 'rider-list' },
            group.riders.map((bib) =>
              h('li', {}, [
                h('span', { class: 'bib' }, [String(bib)]),
                ' ',
                roster.name(bib),
                h('span', { class: 'team' }, [roster.get(bib)?.team ?? '']),
              ]),
            ),
          ),
        );
        return h('li', { class: `group group-${group.kind}`, 'data-kind': group.kind }, [
          h('h3', { class: 'group-title' }, [
            h('span', { class: 'group-swatch', 'aria-hidden': 'true' }),
            `${groupName(group.kind)} `,
            h('span', { class: 'group-gap' }, [group.isHeadOfRace ? 'head of the race' : formatGap(group.gapSeconds)]),
          ]),
          h('p', { class: 'group-facts' }, [
            `${formatKm(group.distanceMeters)} · ${group.speedKmh.toFixed(1)} km/h`,
            ahead ? ` · ${formatGap(group.gapSeconds - ahead.gapSeconds)} to the group ahead` : '',
          ]),
          details,
        ]);
      });
      list.replaceChildren(...items);
    },
  };
}
