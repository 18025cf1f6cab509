/** Faults a memory fake throws, one per call, before doing anything (tests inject throttling with it). */
export class FaultQueue {
  private readonly pending: (Error | undefined)[] = [];

  /** Queues outcomes for the next calls: an error is thrown, `undefined` lets the call through. */
  enqueue(...outcomes: (Error | undefined)[]): void {
    this.pending.push(...outcomes);
  }

  /** Throws the next queued error, if any. */
  check(): void {
    const next = this.pending.shift();
    if (next !== undefined) throw next;
  }
}
