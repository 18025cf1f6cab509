/**
 * Prints vitest's totals from its JSON reports as the plain line "N passed, N failed" (", N skipped" when any),
 * summed over every report given (npm test's and the soak test's). A missing report means its run never started.
 */
import { existsSync, readFileSync } from 'node:fs';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : ['.vitest/results.json'];
const missing = files.filter((f) => !existsSync(f));
for (const file of missing) {
  console.log(`${file}: vitest did not run (an earlier step failed: typecheck or lint); see above`);
}
const reports = files.filter((f) => existsSync(f)).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Report);
const sum = (key: keyof Report): number => reports.reduce((total, r) => total + r[key], 0);
const skipped = sum('numPendingTests') + sum('numTodoTests');
console.log(`${sum('numPassedTests')} passed, ${sum('numFailedTests')} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (missing.length > 0) process.exit(1);
