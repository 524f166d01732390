import { chunkLength, chunkStart, mod } from "../chunks.js";
import { DEFAULT_NIC, type CollectiveProgram, type RecvStep, type SendStep } from "../program.js";

export interface RingProgramOptions {
  readonly name: string;
  readonly rankCount: number;
  readonly elementCount: number;
  /** Logical rank grid (axis 0 varies fastest); its product is the rank count. */
  readonly dims: readonly number[];
  /** 1: one ring per axis; 2: the vector split in two halves, one ring in each direction. */
  readonly lanes: 1 | 2;
  /** Elements per pipelined segment; undefined or 0 = each chunk is one message. */
  readonly segmentElements?: number;
}

/**
 * Ring allreduce and its relatives: reduce-scatter then allgather around a ring
 * (Patarasuk & Yuan 2009, "Bandwidth optimal all-reduce algorithms for clusters of
 * workstations"; Thakur, Rabenseifner & Gropp 2005 §4 for the reduce-scatter/allgather parts).
 *
 * - `ring` (dims [P], 1 lane): 2(P−1) steps; per rank 2(P−1)/P·S bytes sent and received and
 *   (P−1)/P·S bytes reduced. At reduce-scatter step s rank r sends chunk (r−s) mod P to r+1 and
 *   adds chunk (r−s−1) mod P from r−1, ending with chunk (r+1) mod P complete; allgather step s
 *   sends chunk (r+1−s) and copies chunk (r−s).
 * - `torus-ring` (dims [d0, d1, …]): reduce-scatter along axis 0 on the whole vector, then along
 *   axis 1 on the chunk owned after axis 0, and so on; then allgather in reverse axis order.
 *   Σ 2(d_i−1) steps; the same 2(P−1)/P·S bytes per rank, but every message goes to a
 *   grid neighbour, which fits a torus.
 * - `bidirectional-ring` (dims [P], 2 lanes): the first ceil(n/2) elements go round the ring
 *   towards r+1 on NIC 0, the rest towards r−1 on NIC 1, concurrently: 2(P−1) steps of two
 *   messages; the same bytes per rank, each half on its own interface and link.
 *
 * Segmentation: with `segmentElements` every chunk of a pass is sent as m segments of that
 * many elements (the last one shorter or empty; m is fixed per pass from its largest chunk), and
 * segment j of step s is sent as soon as segment j of step s−1 arrived and was reduced, so
 * transfers, overheads and reductions overlap; a plain ring is one pipeline of 2(P−1) steps
 * (the allgather's first step continues the reduce-scatter's last segment by segment).
 *
 * Index layout: lane-local step index i runs over passes (reduce-scatter axis 0..A−1, then
 * allgather axis A−1..0), steps within a pass, segments within a step; the rank's k-th send and
 * k-th receive are both i·lanes + lane.
 */
export class RingProgram implements CollectiveProgram {
  readonly name: string;
  readonly rankCount: number;
  readonly elementCount: number;
  private readonly dims: readonly number[];
  private readonly strides: readonly number[];
  private readonly lanes: number;
  private readonly segmentElements: number;
  /** Per pass: the axis, whether it is an allgather, segments per step, first lane-local index. */
  private readonly passAxis: readonly number[];
  private readonly passSegments: readonly number[];
  private readonly passFirst: readonly number[];
  private readonly stepsPerLane: number;

  constructor(options: RingProgramOptions) {
    const { dims, rankCount, elementCount, lanes } = options;
    if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new RangeError(`${options.name}: grid dims must be positive integers, got [${dims.join(", ")}]`);
    }
    const product = dims.reduce((a, b) => a * b, 1);
    if (product !== rankCount) {
      throw new RangeError(`${options.name}: grid dims [${dims.join(", ")}] multiply to ${product}, not the rank count ${rankCount}`);
    }
    this.name = options.name;
    this.rankCount = rankCount;
    this.elementCount = elementCount;
    this.dims = [...dims];
    this.lanes = lanes;
    const strides: number[] = [];
    let s = 1;
    for (const d of dims) {
      strides.push(s);
      s *= d;
    }
    this.strides = strides;
    const segmented = options.segmentElements !== undefined && options.segmentElements > 0;
    this.segmentElements = segmented ? Math.floor(options.segmentElements as number) : Number.MAX_SAFE_INTEGER;

    // The largest range any rank holds before each axis' reduce-scatter: ceil is monotone, so
    // the largest chunk of the largest range is the largest chunk overall.
    const maxChunk: number[] = [];
    let maxLen = Math.ceil(elementCount / lanes);
    for (const d of dims) {
      maxLen = Math.ceil(maxLen / d);
      maxChunk.push(maxLen);
    }
    const axes = dims.length;
    const passAxis: number[] = [];
    const passSegments: number[] = [];
    const passFirst: number[] = [];
    let first = 0;
    for (let p = 0; p < 2 * axes; p++) {
      const axis = p < axes ? p : 2 * axes - 1 - p;
      const m = segmented ? Math.max(1, Math.ceil(maxChunk[axis] / this.segmentElements)) : 1;
      passAxis.push(axis);
      passSegments.push(m);
      passFirst.push(first);
      first += (dims[axis] - 1) * m;
    }
    passFirst.push(first);
    this.passAxis = passAxis;
    this.passSegments = passSegments;
    this.passFirst = passFirst;
    this.stepsPerLane = first;
  }

  sendCount(): number {
    return this.stepsPerLane * this.lanes;
  }

  recvCount(): number {
    return this.stepsPerLane * this.lanes;
  }

  send(rank: number, index: number, out: SendStep): void {
    const lane = index % this.lanes;
    const i = (index - lane) / this.lanes;
    const p = this.passOf(i);
    const m = this.passSegments[p];
    const rel = i - this.passFirst[p];
    const step = Math.floor(rel / m);
    const seg = rel - step * m;
    const axis = this.passAxis[p];
    const d = this.dims[axis];
    const pos = this.position(rank, axis, lane);
    const allgather = p >= this.dims.length;
    // Reduce-scatter sends the chunk it just reduced, allgather the chunk it just received.
    this.segmentOf(rank, lane, axis, mod(allgather ? pos + 1 - step : pos - step, d), seg, out);
    out.peer = this.peer(rank, axis, lane, 1);
    out.nic = this.lanes === 2 ? lane : DEFAULT_NIC;
    // Segment j of step s needs segment j of step s−1. So does the first allgather step: it
    // sends the chunk the last reduce-scatter step completed, cut the same way. Any other
    // pass's step 0 re-cuts the range the previous pass completed, so it needs all of it.
    const depI = step > 0 || p === this.dims.length ? i - m : this.passFirst[p] - 1;
    out.afterRecvs = depI < 0 ? 0 : depI * this.lanes + lane + 1;
  }

  recv(rank: number, index: number, out: RecvStep): void {
    const lane = index % this.lanes;
    const i = (index - lane) / this.lanes;
    const p = this.passOf(i);
    const m = this.passSegments[p];
    const rel = i - this.passFirst[p];
    const step = Math.floor(rel / m);
    const seg = rel - step * m;
    const axis = this.passAxis[p];
    const d = this.dims[axis];
    const pos = this.position(rank, axis, lane);
    const allgather = p >= this.dims.length;
    this.segmentOf(rank, lane, axis, mod(allgather ? pos - step : pos - step - 1, d), seg, out);
    out.peer = this.peer(rank, axis, lane, -1);
    out.peerSendIndex = index; // the neighbour behind sends the same (pass, step, segment, lane)
    out.reduce = !allgather;
    // Applied only after this step's own send has read its data.
    out.afterSends = index + 1;
  }

  private passOf(i: number): number {
    let p = 0;
    while (this.passFirst[p + 1] <= i) p++;
    return p;
  }

  /** Position on the ring of `axis`; lane 1 runs the other way round, so it is mirrored. */
  private position(rank: number, axis: number, lane: number): number {
    const d = this.dims[axis];
    const c = Math.floor(rank / this.strides[axis]) % d;
    return lane === 0 ? c : d - 1 - c;
  }

  /** The rank one place ahead (+1: send side) or behind (−1: receive side) in the lane's direction. */
  private peer(rank: number, axis: number, lane: number, ahead: 1 | -1): number {
    const d = this.dims[axis];
    const c = Math.floor(rank / this.strides[axis]) % d;
    const step = lane === 0 ? ahead : -ahead;
    return rank + (mod(c + step, d) - c) * this.strides[axis];
  }

  /**
   * Element range of segment `seg` of chunk `chunk` of the range the rank holds before the
   * reduce-scatter on `axis`: the lane's half, narrowed to the owned chunk (position + 1) of
   * every earlier axis.
   */
  private segmentOf(rank: number, lane: number, axis: number, chunk: number, seg: number, out: { elemStart: number; elemCount: number }): void {
    const half = this.lanes === 2 ? Math.ceil(this.elementCount / 2) : this.elementCount;
    let start = lane === 0 ? 0 : half;
    let length = lane === 0 ? half : this.elementCount - half;
    for (let a = 0; a < axis; a++) {
      const owned = mod(this.position(rank, a, lane) + 1, this.dims[a]);
      start = chunkStart(start, length, this.dims[a], owned);
      length = chunkLength(length, this.dims[a], owned);
    }
    const d = this.dims[axis];
    const cStart = chunkStart(start, length, d, chunk);
    const cLength = chunkLength(length, d, chunk);
    const from = Math.min(cLength, seg * this.segmentElements);
    const to = Math.min(cLength, (seg + 1) * this.segmentElements);
    out.elemStart = cStart + from;
    out.elemCount = to - from;
  }
}
