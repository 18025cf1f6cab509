/** The tour's riders by bib (name, team) and the search over them: by name, bib or team, accents ignored. */

/** @typedef {import('./api-types.js').RiderInfo} RiderInfo */

/**
 * Lower case without accents, so that "pogacar" finds "Pogačar".
 * @param {string} text
 */
export function foldText(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

export function createRoster() {
  /** @type {Map<number, RiderInfo>} */
  const riders = new Map();

  return {
    /** @param {readonly RiderInfo[]} list */
    addAll(list) {
      for (const r of list) riders.set(r.bib, r);
    },
    /** @param {number} bib */
    get(bib) {
      return riders.get(bib);
    },
    /**
     * The rider's name, or `#bib` while unknown.
     * @param {number} bib
     */
    name(bib) {
      return riders.get(bib)?.name ?? `#${bib}`;
    },
    /**
     * Riders matching a query: a bib (exact number), or words found in the name or the team. Exact bibs come first,
     * then name matches, then team matches.
     * @param {string} query
     * @param {number} [limit]
     * @returns {RiderInfo[]}
     */
    search(query, limit = 8) {
      const q = foldText(query);
      if (q === '') return [];
      const all = [...riders.values()].sort((a, b) => a.bib - b.bib);
      if (/^\d+$/.test(q)) return all.filter((r) => String(r.bib) === q).slice(0, limit);
      const words = q.split(/\s+/);
      /** @param {string} text */
      const hasAll = (text) => {
        const folded = foldText(text);
        return words.every((w) => folded.includes(w));
      };
      const byName = all.filter((r) => hasAll(r.name));
      const byTeam = all.filter((r) => !byName.includes(r) && hasAll(r.team));
      return [...byName, ...byTeam].slice(0, limit);
    },
    get size() {
      return riders.size;
    },
  };
}

/** @typedef {ReturnType<typeof createRoster>} Roster */
