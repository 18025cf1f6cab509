/** Prints vitest's totals from its JSON report as the plain line "N passed, N failed" (", N skipped" when any). */
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest/results.json';
if (!existsSync(file)) {
  console.log('vitest did not run: an earlier step of npm test failed (typecheck or lint); see above');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
