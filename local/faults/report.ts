import { FRAME_REASONS } from './read-back';
import type { ScenarioResult } from './run-scenario';
import { meetsBar } from './score';

/** Markdown table columns of the fault report, each with how it reads from a result. */
const COLUMNS: readonly (readonly [title: string, value: (r: ScenarioResult) => string | number])[] = [
  ['fault', (r) => r.scenario.name],
  ['fixes sent', (r) => r.score.fixesSent],
  ['expected', (r) => r.score.fixesExpected],
  ['stored', (r) => r.score.fixesStored],
  ['lost', (r) => r.score.fixesLost],
  ['refused', (r) => r.score.fixesRefused],
  ['unexpected', (r) => r.score.fixesUnexpected],
  ['dup history', (r) => r.score.historyDuplicated],
  ['rewrites', (r) => r.score.historyRewrites],
  ['track buckets', (r) => r.score.trackBucketsExpected],
  ['track lost', (r) => r.score.trackBucketsLost],
  ['dup track', (r) => r.score.trackDuplicated],
  ['events', (r) => r.score.eventsStored],
  ['missing', (r) => r.score.eventsMissing],
  ['extra', (r) => r.score.eventsExtra],
  ['dup events', (r) => r.score.eventsDuplicated],
  ['bar', (r) => (meetsBar(r.score) && malformedAccountedFor(r) ? 'met' : 'MISSED')],
  ['wall s', (r) => r.wallSeconds.toFixed(0)],
];

/** The results as a Markdown table, then one line per scenario on what was injected and what was refused. */
export function formatFaultReport(results: readonly ScenarioResult[]): string[] {
  const lines = [
    `| ${COLUMNS.map(([title]) => title).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...results.map((r) => `| ${COLUMNS.map(([, value]) => value(r)).join(' | ')} |`),
    '',
  ];
  for (const r of results) {
    const parts = [r.scenario.description];
    if (r.log.length > 0) parts.push(`timeline: ${r.log.join('; ')}`);
    if (r.kills.processor + r.kills.aggregator > 0)
      parts.push(`kills: processor ${r.kills.processor}, aggregator ${r.kills.aggregator}`);
    if (r.throttledCalls > 0) parts.push(`throttled calls: ${r.throttledCalls}`);
    if (r.malformedLines.size > 0) parts.push(`fuzzed lines: ${counts(r.malformedLines)}`);
    if (r.rawBadRecords > 0) parts.push(`raw bad records: ${r.rawBadRecords}`);
    if (r.relayRejected.size > 0) parts.push(`relay refused: ${counts(r.relayRejected)}`);
    if (r.score.quarantined.size > 0) parts.push(`quarantined: ${counts(r.score.quarantined)}`);
    if (r.deadLettered > 0) parts.push(`dead-lettered records: ${r.deadLettered}`);
    if (r.score.lostSample.length > 0) parts.push(`lost, e.g.: ${r.score.lostSample.join(', ')}`);
    lines.push(`- **${r.scenario.name}**: ${parts.join('; ')}`);
  }
  return lines;
}

/**
 * True when every bad input was refused with a reason: each fuzzed line by the relay and each raw bad record by
 * the processor's quarantine (none slipped through as data, none vanished without a trace).
 */
export function malformedAccountedFor(result: ScenarioResult): boolean {
  const fuzzed = sum(result.malformedLines.values());
  const refusedByRelay = sum(result.relayRejected.values());
  const quarantinedFrames = sum([...FRAME_REASONS].map((reason) => result.score.quarantined.get(reason) ?? 0));
  return fuzzed === refusedByRelay && result.rawBadRecords === quarantinedFrames;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function counts(map: ReadonlyMap<string, number>): string {
  return [...map.entries()].map(([key, n]) => `${key} ${n}`).join(', ');
}
