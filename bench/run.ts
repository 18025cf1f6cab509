/**
 * Runs the benchmark cases (every bench/*.ts but this runner), each in its own Node process so that
 * one case's JIT state cannot skew another's:  npm run bench [-- route-match route-build]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== basename(fileURLToPath(import.meta.url)))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();
const requested = process.argv.slice(2).map((name) => name.replace(/\.ts$/, ''));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown case ${unknown.join(', ')}; cases are ${available.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of requested.length > 0 ? requested : available) {
  console.log(`\n## ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}${name}.ts`], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`bench: ${name} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
