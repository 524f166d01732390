/**
 * One rank stream made of several lanes: step i of every lane that still has one, lanes in
 * order, then step i+1, and so on. Lanes with fewer steps drop out at the end.
 *
 * Why this order: the executor applies a rank's receives in stream order, and a send may only
 * wait for a prefix of them. Ordering by lane step first keeps every lane's dependencies on
 * earlier steps (a prefix never holds a later step of another lane), so the lanes run side by
 * side, at the pace of the slowest one at each step, and cannot deadlock: the k-th entry only
 * ever waits for entries before k, here and at the peer that sends it.
 *
 * The lanes' step counts cut the step range into levels [t_q, t_{q+1}) within which the same
 * lanes are active; a lookup scans the levels (at most one per lane).
 */
export class LaneInterleave {
  /** Entries in the stream: Σ steps. */
  readonly total: number;
  private readonly levelStep: number[] = [];
  private readonly levelIndex: number[] = [];
  private readonly levelLanes: number[][] = [];
  /** Per level, each lane's place among the active lanes (−1: done). */
  private readonly levelPlace: number[][] = [];

  constructor(readonly steps: readonly number[]) {
    const cuts = [...new Set(steps.filter((s) => s > 0))].sort((a, b) => a - b);
    let from = 0;
    let index = 0;
    for (const to of cuts) {
      const lanes = steps.flatMap((s, lane) => (s > from ? [lane] : []));
      this.levelStep.push(from);
      this.levelIndex.push(index);
      this.levelLanes.push(lanes);
      this.levelPlace.push(steps.map((_, lane) => lanes.indexOf(lane)));
      index += (to - from) * lanes.length;
      from = to;
    }
    this.levelStep.push(from);
    this.levelIndex.push(index);
    this.total = index;
  }

  /** The (lane, lane step) of stream entry `index`. */
  locate(index: number, out: { lane: number; step: number }): void {
    let q = 0;
    while (this.levelIndex[q + 1] <= index) q++;
    const lanes = this.levelLanes[q];
    const rel = index - this.levelIndex[q];
    const row = Math.floor(rel / lanes.length);
    out.step = this.levelStep[q] + row;
    out.lane = lanes[rel - row * lanes.length];
  }

  /** The stream index of the first entry of lane step `step`: how many entries belong to earlier steps. */
  rowStart(step: number): number {
    let q = 0;
    while (q + 1 < this.levelStep.length && this.levelStep[q + 1] <= step) q++;
    if (q === this.levelStep.length - 1) return this.total;
    return this.levelIndex[q] + (step - this.levelStep[q]) * this.levelLanes[q].length;
  }

  /** The stream index of `lane`'s step `step`. */
  indexOf(lane: number, step: number): number {
    let q = 0;
    while (this.levelStep[q + 1] <= step) q++;
    return this.levelIndex[q] + (step - this.levelStep[q]) * this.levelLanes[q].length + this.levelPlace[q][lane];
  }
}
