/**
 * Rider search: type a name, a bib or a team; the matches are buttons (Tab or ↓/↑ to move, Enter to open), and
 * Enter in the field opens the first match. The count of matches is announced politely.
 */
import { h } from './dom.js';

/** @typedef {import('./roster.js').Roster} Roster */

/**
 * @param {{ form: HTMLFormElement, input: HTMLInputElement, results: HTMLUListElement, status: HTMLElement }} parts
 * @param {Roster} roster
 * @param {(bib: number) => void} onSelect
 */
export function createRiderSearch({ form, input, results, status }, roster, onSelect) {
  /** @type {number[]} */
  let matches = [];

  function render() {
    const found = roster.search(input.value);
    matches = found.map((r) => r.bib);
    results.replaceChildren(
      ...found.map((rider) => {
        const button = h('button', { type: 'button', class: 'search-result', 'data-bib': rider.bib }, [
          h('span', { class: 'bib' }, [String(rider.bib)]),
          ` ${rider.name}`,
          h('span', { class: 'team' }, [rider.team]),
        ]);
        button.addEventListener('click', () => onSelect(rider.bib));
        return h('li', {}, [button]);
      }),
    );
    const query = input.value.trim();
    status.textContent =
      query === ''
        ? ''
        : found.length === 0
          ? 'No rider found'
          : `${found.length} rider${found.length > 1 ? 's' : ''} found`;
  }

  input.addEventListener('input', render);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const first = matches[0];
    if (first !== undefined) onSelect(first);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown') return;
    event.preventDefault();
    results.querySelector('button')?.focus();
  });
  results.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...results.querySelectorAll('button')];
    const at = buttons.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    if (at < 0) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? buttons[at + 1] : buttons[at - 1];
    if (next) next.focus();
    else if (event.key === 'ArrowUp') input.focus();
  });

  return {
    /** Re-runs the search once more riders are known. */
    refresh: render,
    focus() {
      input.focus();
    },
  };
}
