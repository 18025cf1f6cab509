import type { StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { durationText, ordinalText } from './text';
import type { RaceEvent } from './types';

/** The red kite hangs this far before the finish, m. */
export const FLAMME_ROUGE_METERS = 1_000;

/** The flamme rouge for the head of the race (once per stage): the head passing 1 km to go. */
export function flammeRougeEvents(previous: StageSnapshot, current: StageSnapshot, context: EventContext): RaceEvent[] {
  const headNow = current.groups[0]?.distanceMeters ?? current.routeLengthMeters;
  const headBefore = previous.groups[0]?.distanceMeters ?? previous.routeLengthMeters;
  const kite = current.routeLengthMeters - FLAMME_ROUGE_METERS;
  // Before anyone finished only: after the first finish, groups[0] is a later group and must not fire it again.
  const passed = headNow >= kite || current.finishOrder.length > 0;
  if (!(headBefore < kite && previous.finishOrder.length === 0 && passed)) return [];
  return [
    raceEvent(context, 'flamme-rouge', 'head', {
      distanceMeters: kite,
      bibs: [],
      text: 'Flamme rouge: 1 km to go for the head of the race.',
      textFr: 'Flamme rouge : dernier kilomètre pour la tête de la course.',
    }),
  ];
}

/**
 * Each rider across the line since the previous snapshot, with the position and the time behind the winner. A rider
 * whose crossing is seen late (a delayed tracker) is slotted in by crossing time, ahead of riders already reported:
 * riders are told apart by bib, never by place, so that rider is reported and nobody else is reported twice.
 */
export function finishEvents(previous: StageSnapshot, current: StageSnapshot, context: EventContext): RaceEvent[] {
  const events: RaceEvent[] = [];
  const winnerMs = current.finishTimesMs?.[0];
  const reported = new Set(previous.finishOrder);
  current.finishOrder.forEach((bib, i) => {
    if (reported.has(bib)) return;
    const name = context.riderName(bib);
    const place = ordinalText(i + 1);
    const behindMs = (current.finishTimesMs?.[i] ?? NaN) - (winnerMs ?? NaN);
    const behind = Number.isFinite(behindMs) ? durationText(Math.max(0, behindMs) / 1_000) : undefined;
    events.push(
      raceEvent(context, 'finish', `${bib}`, {
        distanceMeters: current.routeLengthMeters,
        bibs: [bib],
        text:
          i === 0
            ? `${name} wins the stage!`
            : `${name} crosses the line ${place.en}${behind === undefined ? '' : `, ${behind} behind the winner`}.`,
        textFr:
          i === 0
            ? `${name} remporte l'étape !`
            : `${name} franchit la ligne ${place.fr}${behind === undefined ? '' : `, à ${behind} du vainqueur`}.`,
      }),
    );
  });
  return events;
}
