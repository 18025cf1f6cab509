/**
 * `npm run security-review`: synthesizes every tour's app in-process (bundling skipped) and writes
 * docs/security-review.md: IAM roles and their wildcards, encryption at rest, TLS-only policies, public endpoints
 * and every acknowledged rule. Exits 1 when a wildcard has no acknowledged reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { buildTourApp } from '../lib/stacks/tour-app';
import { listTourIds, loadTourConfig } from '../core/tour-config/load';
import { renderReport } from './security-review/report';
import { reviewStack, unexplainedWildcards, type StackReview } from './security-review/review';

const OUTPUT = fileURLToPath(new URL('../docs/security-review.md', import.meta.url));

const reviews: StackReview[] = [];
for (const tourId of listTourIds()) {
  const outdir = mkdtempSync(join(tmpdir(), 'security-review-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = buildTourApp(app, loadTourConfig(tourId).config);
    const assembly = app.synth();
    for (const stack of [stacks.backup, stacks.core]) {
      reviews.push(reviewStack(stack, assembly.getStackArtifact(stack.artifactId).template));
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
writeFileSync(OUTPUT, renderReport(reviews, 'npm run security-review'));
const open = reviews.flatMap(unexplainedWildcards);
console.log(`security-review: ${reviews.length} stacks reviewed, ${open.length} unexplained wildcard(s) → ${OUTPUT}`);
process.exitCode = open.length === 0 ? 0 : 1;
