/** Kinds of race events the engine reports from one snapshot to the next. */
export type RaceEventKind =
  | 'breakaway-formed'
  | 'gap-milestone'
  | 'catch'
  | 'attack'
  | 'bridge'
  | 'crash'
  | 'rider-stopped'
  | 'bike-change'
  | 'sprint-passage'
  | 'kom-passage'
  | 'virtual-leader'
  | 'flamme-rouge'
  | 'finish';

/** A race event with fan-ready text; its id depends only on what happened, so writing it twice is harmless. */
export interface RaceEvent {
  /** Deterministic id: stage, kind and which occurrence of it (or who) it is about. */
  readonly id: string;
  readonly kind: RaceEventKind;
  /** Time of the snapshot that saw it (or, for a line passage, of the first rider across), epoch ms. */
  readonly tMs: number;
  /** Distance of the riders concerned (or of the head, or of the line), m. */
  readonly distanceMeters: number;
  readonly bibs: readonly number[];
  /**
   * Sprint and KOM passages only: how many of the first `bibs` crossed too close together for GPS to order (≥ 2),
   * so that any of them may have been first; absent when the first rider was clear.
   */
  readonly tiedForFirst?: number;
  /** One sentence for fans, in English. */
  readonly text: string;
  /** The same sentence in French (always set by the engine; optional for events stored before it had French). */
  readonly textFr?: string;
}

/** Turns a bib into a fan's name (`#12` when unknown). */
export type RiderName = (bib: number) => string;
