/**
 * The engine's predictions, when the snapshot has them: for each group ahead of the peloton the chance it is caught
 * before the line (and where), and for every group the expected finish time. Hidden while there are none.
 */
import { h } from './dom.js';
import { formatClock, groupName } from './format.js';

/** @typedef {import('./api-types.js').StageSnapshot} StageSnapshot */

/**
 * @param {HTMLElement} section
 * @param {HTMLElement} list
 */
export function createPredictionsView(section, list) {
  return {
    /** @param {StageSnapshot} snapshot */
    update(snapshot) {
      const lines = predictionLines(snapshot);
      section.hidden = lines.length === 0;
      list.replaceChildren(...lines.map((line) => h('li', {}, [line])));
    },
  };
}

/**
 * One sentence per predicted group, front first: `Breakaway (4): 35 % chance of being caught; at the finish about 17:42`.
 * @param {StageSnapshot} snapshot
 * @returns {string[]}
 */
export function predictionLines(snapshot) {
  return (snapshot.predictions ?? []).flatMap((p) => {
    const group = snapshot.groups[p.group];
    if (!group) return [];
    const caught =
      p.catchProbability === null
        ? ''
        : `${Math.round(p.catchProbability * 100)} % chance of being caught` +
          (p.catchKm === null ? '; ' : ` (around km ${Math.round(p.catchKm)}); `);
    return [`${groupName(group.kind)} (${group.size}): ${caught}at the finish about ${formatClock(p.finishEtaMs)}`];
  });
}
