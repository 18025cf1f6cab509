import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRoute } from '../../core/race';
import {
  compareWithFeed,
  DEFAULT_RANK_WINDOW,
  DEFAULT_SPLIT_SECONDS,
  isTimeTrialFeed,
  routeFromFeed,
  type FeedComparison,
  type FeedRoute,
} from '../../analysis/feed/compare-with-feed';
import { readFeedFile, stageNumberOfFeedFile, type ParsedFeed } from '../../analysis/feed/feed-rows';
import { loadStageResults, loadStageRoute, loadTourConfig, stageOf } from '../../core/tour-config/load';
import { isTimeTrial } from '../../core/tour-config/schema';
import type { Command } from './index';

const USAGE = 'compare-feed --feed FILE.csv.gz [--tour ID] [--stage N] [--split-s S] [--rank-window N] [--json]';

/** Scores the race engine against a real live-tracking feed (DESIGN §9, reality check); see docs/accuracy.md. */
export const compareFeed: Command = {
  name: 'compare-feed',
  summary: "score the engine against the 2017 Tour's live feed (km, gaps, ranks, splits)",
  usage: 'compare-feed --feed FILE.csv.gz [--stage N] [--json]',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        feed: { type: 'string' },
        tour: { type: 'string', default: 'tdf2017' },
        stage: { type: 'string' },
        'split-s': { type: 'string' },
        'rank-window': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const feedFile = values.feed;
    const stageNumber = values.stage !== undefined ? Number(values.stage) : stageNumberOfFeedFile(feedFile ?? '');
    const splitSeconds = values['split-s'] !== undefined ? Number(values['split-s']) : DEFAULT_SPLIT_SECONDS;
    const rankWindow = values['rank-window'] !== undefined ? Number(values['rank-window']) : DEFAULT_RANK_WINDOW;
    const problems = [
      !feedFile && '--feed is required',
      feedFile && !existsSync(feedFile) && `--feed ${feedFile} does not exist`,
      !(Number.isInteger(stageNumber) && stageNumber! >= 1) &&
        '--stage must be a stage number (or the feed file name must contain stageNN)',
      !(Number.isFinite(splitSeconds) && splitSeconds > 0) && '--split-s must be a number of seconds > 0',
      !(Number.isInteger(rankWindow) && rankWindow >= 0) && '--rank-window must be a whole number ≥ 0',
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) {
      console.error(`compare-feed: ${problems.join('; ')}\nusage: tour-tracker ${USAGE}`);
      return 2;
    }
    const tour = loadTourConfig(values.tour!);
    const stage = stageOf(tour, stageNumber!);
    const feed = await readFeedFile(feedFile!);
    const timeTrial = isTimeTrial(stage) || isTimeTrialFeed(feed.rows);
    // A route file, when the tour has one, is the official course: its km are the feed's km.
    const route: FeedRoute =
      stage.route === null
        ? routeFromFeed(feed.rows)
        : {
            prepared: prepareRoute(loadStageRoute(tour, stage.number)),
            toFeedKm: (m) => m / 1_000,
            source: 'route-file',
          };
    // Official stage times, when the tour has results: a time trial's finish times are scored against them.
    const officialTimes = (loadStageResults(tour)?.stages.find((s) => s.stage === stage.number)?.results ?? []).flatMap(
      (r) => (r.timeSeconds === null ? [] : [{ bib: r.bib, timeSeconds: r.timeSeconds }]),
    );
    const comparison = compareWithFeed(feed.rows, {
      stage: stage.number,
      timeTrial,
      route,
      splitSeconds,
      rankWindow,
      officialTimes,
    });
    const report = {
      tour: tour.config.id,
      feedFile: basename(feedFile!),
      records: feed.records,
      skipped: feed.skipped,
    };
    if (values.json) console.log(JSON.stringify({ ...report, ...comparison }, null, 2));
    else console.log(formatComparison(tour.config.id, feedFile!, feed, comparison).join('\n'));
    return 0;
  },
};

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** The human-readable report: what was read and built, then one line per measure. */
export function formatComparison(tourId: string, file: string, feed: ParsedFeed, c: FeedComparison): string[] {
  const rejects = Object.entries(c.engine.rejects)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const routeLine =
    c.route.source === 'tracks'
      ? `rebuilt from the riders' tracks, ${c.route.vertices} vertices, ${fixed(c.route.lengthMeters / 1_000, 2)} km ` +
        `along the line for ${fixed(c.feed.lastKm - c.feed.firstKm, 2)} feed km (calibrated to feed km per vertex)`
      : `the tour's route file, ${fixed(c.route.lengthMeters / 1_000, 2)} km`;
  const notTt = 'not compared in a time trial: riders start apart, so it is no gap on the road (docs/accuracy.md)';
  const row = (measure: string, n: number | string, text: string): string =>
    `  ${measure.padEnd(26)} ${String(n).padStart(7)}  ${text}`;
  return [
    `compare-feed: ${tourId} stage ${c.stage}${c.timeTrial ? ' (time trial)' : ''}, feed ${basename(file)}`,
    `  feed:   ${feed.records} records, ${c.feed.rows} unique (bib, poll) rows (${feed.skipped.duplicate} duplicates), ` +
      `${c.feed.liveRows} live GPS rows, ${c.feed.riders} riders, ${c.feed.polls} polls ` +
      `(median ${fixed(c.feed.medianPollSeconds, 0)} s apart), km ${fixed(c.feed.firstKm, 1)}–${fixed(c.feed.lastKm, 1)}`,
    `  route:  ${routeLine}`,
    `  engine: ${c.engine.fixes} fixes, ${c.engine.live} moved live state; refused: ${rejects || 'none'}`,
    '',
    row('measure', 'n', 'agreement with the feed'),
    row(
      'km along the route',
      c.kmErrorMeters.n,
      `MAE ${fixed(c.kmErrorMeters.mae, 1)} m, p95 ${fixed(c.kmErrorMeters.p95, 1)} m, max ${fixed(c.kmErrorMeters.max, 0)} m`,
    ),
    c.gapErrorSeconds
      ? row(
          'gap to the first rider',
          c.gapErrorSeconds.n,
          `MAE ${fixed(c.gapErrorSeconds.mae, 2)} s, p95 ${fixed(c.gapErrorSeconds.p95, 1)} s, ` +
            `max ${fixed(c.gapErrorSeconds.max, 0)} s (${c.gapRowsBeforeHead} rows behind the head's first ` +
            'position left out)',
        )
      : row('gap to the first rider', '—', notTt),
    row(
      'position in the race',
      c.rank.n,
      `Spearman ${fixed(c.rank.meanSpearman, 3)} (mean of ${c.rank.polls} polls), exact ${fixed(c.rank.exactPercent, 1)} %, ` +
        `within ±${c.rank.window} ${fixed(c.rank.withinPercent, 1)} %`,
    ),
    c.splits
      ? row(
          `group splits (> ${c.splits.splitSeconds} s)`,
          c.splits.pairs,
          `agreement ${fixed(c.splits.agreementPercent, 1)} % of neighbour pairs; splits: feed ${c.splits.feedSplits}, ` +
            `engine ${c.splits.engineSplits}, both ${c.splits.bothSplits}`,
        )
      : row('group splits', '—', notTt),
    ...(c.timeCheckGapErrorSeconds
      ? [
          row(
            'time lost at time check',
            c.timeCheckGapErrorSeconds.n,
            `vs TTGapToVirtualLeaderT: MAE ${fixed(c.timeCheckGapErrorSeconds.mae, 2)} s, ` +
              `p95 ${fixed(c.timeCheckGapErrorSeconds.p95, 1)} s, max ${fixed(c.timeCheckGapErrorSeconds.max, 0)} s ` +
              '(the engine at its latest km check, the feed at the rider)',
          ),
        ]
      : []),
    ...(c.stageTimes
      ? [
          row(
            'stage times (official)',
            c.stageTimes.compared,
            `time lost on the fastest: MAE ${fixed(c.stageTimes.gapErrorSeconds.mae, 2)} s, ` +
              `p95 ${fixed(c.stageTimes.gapErrorSeconds.p95, 1)} s, max ${fixed(c.stageTimes.gapErrorSeconds.max, 0)} s; ` +
              `Spearman ${fixed(c.stageTimes.spearman, 3)}; winner #${c.stageTimes.winnerBib} ` +
              `${c.stageTimes.winnerAgrees ? 'fastest in the engine too' : "not the engine's fastest"} ` +
              `(${c.stageTimes.timed} timed by the engine of ${c.stageTimes.official} official times)`,
          ),
        ]
      : []),
  ];
}
