import { chunkLength, chunkStart, mod } from "../chunks.js";

/** One lane of a ring allreduce: an element range going round the grid's rings its own way. */
export interface RingLaneSpec {
  /** First element of the lane's range. */
  readonly start: number;
  /** Elements in the lane's range. */
  readonly length: number;
  /** Grid axes in reduce-scatter order (the allgather retraces them in reverse). */
  readonly order: readonly number[];
  /** +1: send to the next rank along each axis; −1: to the previous one. */
  readonly direction: 1 | -1;
  /** Network interface of every send of the lane, or DEFAULT_NIC. */
  readonly nic: number;
}

/** What a lane step fills in; both SendStep and RecvStep have these fields. */
interface Range {
  elemStart: number;
  elemCount: number;
}

/**
 * The schedule of one lane, by lane-local step index i: passes (reduce-scatter along
 * order[0..A−1], then allgather along order[A−1..0]), steps within a pass, segments within a
 * step. At reduce-scatter step s a rank at ring position c sends chunk (c−s) mod d ahead and
 * adds chunk (c−s−1) mod d from behind, ending with chunk (c+1) mod d complete; allgather step s
 * sends chunk (c+1−s) and copies chunk (c−s). A lane going −1 uses mirrored positions
 * c' = d−1−c, so the same rules hold.
 *
 * With segments, every chunk of a pass is m segments (m from the largest chunk of that pass over
 * all lanes of `maxLaneLength` elements, the last segments shorter or empty).
 */
export class RingLane {
  /** Lane-local steps: Σ over passes of (d_axis − 1)·m_pass. */
  readonly steps: number;
  private readonly passAxis: readonly number[];
  private readonly passSegments: readonly number[];
  private readonly passFirst: readonly number[];

  constructor(
    readonly spec: RingLaneSpec,
    private readonly dims: readonly number[],
    private readonly strides: readonly number[],
    private readonly segmentElements: number,
    maxLaneLength: number,
  ) {
    const order = spec.order;
    const segmented = segmentElements < Number.MAX_SAFE_INTEGER;
    // The largest range any rank holds before each axis' reduce-scatter: ceil is monotone, so
    // the largest chunk of the largest range is the largest chunk overall.
    const maxChunk: number[] = [];
    let maxLen = maxLaneLength;
    for (const axis of order) {
      maxLen = Math.ceil(maxLen / dims[axis]);
      maxChunk.push(maxLen);
    }
    const a = order.length;
    const passAxis: number[] = [];
    const passSegments: number[] = [];
    const passFirst: number[] = [];
    let first = 0;
    for (let p = 0; p < 2 * a; p++) {
      const q = p < a ? p : 2 * a - 1 - p;
      const axis = order[q];
      const m = segmented ? Math.max(1, Math.ceil(maxChunk[q] / segmentElements)) : 1;
      passAxis.push(axis);
      passSegments.push(m);
      passFirst.push(first);
      first += (dims[axis] - 1) * m;
    }
    passFirst.push(first);
    this.passAxis = passAxis;
    this.passSegments = passSegments;
    this.passFirst = passFirst;
    this.steps = first;
  }

  /**
   * The lane-local step whose receive lane step i's send waits for (with every receive before
   * it), or −1. Never decreases with i.
   */
  dependency(i: number): number {
    const p = this.passOf(i);
    const m = this.passSegments[p];
    const step = Math.floor((i - this.passFirst[p]) / m);
    // Segment j of step s needs segment j of step s−1. So does the first allgather step: it
    // sends the chunk the last reduce-scatter step completed, cut the same way. Any other
    // pass's step 0 re-cuts the range the previous pass completed, so it needs all of it.
    return step > 0 || p === this.spec.order.length ? i - m : this.passFirst[p] - 1;
  }

  // perf: where lane step i sits, decoded by `locate` into fields rather than a new object.
  private atPass = 0;
  private atStep = 0;
  private atSegment = 0;
  private atRing = 0;
  private atPosition = 0;

  /** Fills the range and peer of lane step i's send. */
  send(rank: number, i: number, out: Range & { peer: number }): void {
    const allgather = this.locate(rank, i);
    // Reduce-scatter sends the chunk it just reduced, allgather the chunk it just received.
    const chunk = allgather ? this.atPosition + 1 - this.atStep : this.atPosition - this.atStep;
    this.segmentOf(rank, this.atPass, mod(chunk, this.atRing), this.atSegment, out);
    out.peer = this.peer(rank, this.passAxis[this.atPass], 1);
  }

  /** Fills the range and peer of lane step i's receive; returns whether it reduces. */
  recv(rank: number, i: number, out: Range & { peer: number }): boolean {
    const allgather = this.locate(rank, i);
    const chunk = allgather ? this.atPosition - this.atStep : this.atPosition - this.atStep - 1;
    this.segmentOf(rank, this.atPass, mod(chunk, this.atRing), this.atSegment, out);
    out.peer = this.peer(rank, this.passAxis[this.atPass], -1);
    return !allgather;
  }

  /** Decodes lane step i of `rank` into the at* fields; returns whether it is an allgather pass. */
  private locate(rank: number, i: number): boolean {
    const p = this.passOf(i);
    const m = this.passSegments[p];
    const rel = i - this.passFirst[p];
    const step = Math.floor(rel / m);
    const axis = this.passAxis[p];
    this.atPass = p;
    this.atStep = step;
    this.atSegment = rel - step * m;
    this.atRing = this.dims[axis];
    this.atPosition = this.position(rank, axis);
    return p >= this.spec.order.length;
  }

  private passOf(i: number): number {
    let p = 0;
    while (this.passFirst[p + 1] <= i) p++;
    return p;
  }

  /** Position on the ring of `axis`, mirrored for a lane going −1. */
  private position(rank: number, axis: number): number {
    const d = this.dims[axis];
    const c = Math.floor(rank / this.strides[axis]) % d;
    return this.spec.direction === 1 ? c : d - 1 - c;
  }

  /** The rank one place ahead (+1: send side) or behind (−1: receive side) in the lane's direction. */
  private peer(rank: number, axis: number, ahead: 1 | -1): number {
    const d = this.dims[axis];
    const c = Math.floor(rank / this.strides[axis]) % d;
    return rank + (mod(c + ahead * this.spec.direction, d) - c) * this.strides[axis];
  }

  /**
   * Element range of segment `seg` of chunk `chunk` of the range the rank holds before the
   * reduce-scatter on pass p's axis: the lane's range, narrowed to the owned chunk
   * (position + 1) of every axis reduced before it.
   */
  private segmentOf(rank: number, p: number, chunk: number, seg: number, out: Range): void {
    const order = this.spec.order;
    const a = order.length;
    const q = p < a ? p : 2 * a - 1 - p;
    let start = this.spec.start;
    let length = this.spec.length;
    for (let k = 0; k < q; k++) {
      const axis = order[k];
      const owned = mod(this.position(rank, axis) + 1, this.dims[axis]);
      start = chunkStart(start, length, this.dims[axis], owned);
      length = chunkLength(length, this.dims[axis], owned);
    }
    const d = this.dims[order[q]];
    const cStart = chunkStart(start, length, d, chunk);
    const cLength = chunkLength(length, d, chunk);
    const from = Math.min(cLength, seg * this.segmentElements);
    const to = Math.min(cLength, (seg + 1) * this.segmentElements);
    out.elemStart = cStart + from;
    out.elemCount = to - from;
  }
}
