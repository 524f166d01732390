import { chunkLength, chunkStart } from "../chunks.js";
import { DEFAULT_NIC, type CollectiveProgram, type RecvStep, type SendStep } from "../program.js";
import { LaneInterleave } from "./lane-interleave.js";
import { RingLane, type RingLaneSpec } from "./ring-lane.js";

export interface RingProgramOptions {
  readonly name: string;
  readonly rankCount: number;
  readonly elementCount: number;
  /** Logical rank grid (axis 0 varies fastest); its product is the rank count. */
  readonly dims: readonly number[];
  /** The lanes, each an element range with its axis order, direction and interface. */
  readonly lanes: readonly RingLaneSpec[];
  /** Elements per pipelined segment; undefined or 0 = each chunk is one message. */
  readonly segmentElements?: number;
}

/**
 * Ring allreduce and its relatives: reduce-scatter then allgather around a ring
 * (Patarasuk & Yuan 2009, "Bandwidth optimal all-reduce algorithms for clusters of
 * workstations"; Thakur, Rabenseifner & Gropp 2005 §4 for the reduce-scatter/allgather parts),
 * as one or more lanes (`RingLane`) that run concurrently on parts of the vector.
 *
 * - `ring` (dims [P], 1 lane): 2(P−1) steps; per rank 2(P−1)/P·S bytes sent and received and
 *   (P−1)/P·S bytes reduced.
 * - `torus-ring` (dims [d0, d1, …], 1 lane): reduce-scatter along axis 0 on the whole vector,
 *   then along axis 1 on the chunk owned after axis 0, and so on; then allgather in reverse axis
 *   order. Σ 2(d_i−1) steps; the same 2(P−1)/P·S bytes per rank, every message to a grid
 *   neighbour, which fits a torus.
 * - `bidirectional-ring` (dims [P], 2 lanes): the first ceil(n/2) elements go round the ring
 *   towards r+1 on NIC 0, the rest towards r−1 on NIC 1, concurrently.
 * - `torus-multiring`: see `multiRingLanes`.
 *
 * Segmentation: with `segmentElements` every chunk of a pass is sent as m segments, and
 * segment j of step s is sent as soon as segment j of step s−1 arrived and was reduced, so
 * transfers, overheads and reductions overlap; a plain ring is one pipeline of 2(P−1) steps
 * (the allgather's first step continues the reduce-scatter's last segment by segment).
 *
 * The rank's k-th send and k-th receive are the same (lane, lane step), in `LaneInterleave`
 * order; a neighbour's matching send has the same index.
 */
export class RingProgram implements CollectiveProgram {
  readonly name: string;
  readonly rankCount: number;
  readonly elementCount: number;
  private readonly lanes: readonly RingLane[];
  private readonly interleave: LaneInterleave;
  private readonly at = { lane: 0, step: 0 };

  constructor(options: RingProgramOptions) {
    const { dims, rankCount, elementCount } = options;
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
    const strides: number[] = [];
    let s = 1;
    for (const d of dims) {
      strides.push(s);
      s *= d;
    }
    const segmented = options.segmentElements !== undefined && options.segmentElements > 0;
    const segmentElements = segmented ? Math.floor(options.segmentElements as number) : Number.MAX_SAFE_INTEGER;
    const maxLaneLength = Math.max(0, ...options.lanes.map((l) => l.length));
    this.lanes = options.lanes.map((spec) => new RingLane(spec, [...dims], strides, segmentElements, maxLaneLength));
    this.interleave = new LaneInterleave(this.lanes.map((l) => l.steps));
  }

  sendCount(): number {
    return this.interleave.total;
  }

  recvCount(): number {
    return this.interleave.total;
  }

  send(rank: number, index: number, out: SendStep): void {
    const at = this.at;
    this.interleave.locate(index, at);
    const lane = this.lanes[at.lane];
    lane.send(rank, at.step, out);
    out.nic = lane.spec.nic;
    out.afterRecvs = this.afterRecvs(at.lane, at.step);
    // Lanes step together: a step's sends (every lane's, every segment a step of its own) wait
    // for all earlier steps' sends to complete, as MPI_Waitall at the end of each step does.
    out.afterSendsComplete = this.interleave.rowStart(at.step);
  }

  /**
   * Receives the send of (lane, step) waits for, stated as the executor enforces it: sends are
   * posted in stream order, so this is the largest dependency of any entry up to this one, i.e.
   * of every lane's latest step so far (lane dependencies never decrease with the step). Lanes
   * with different segment counts would otherwise give a count that drops along the stream.
   */
  private afterRecvs(lane: number, step: number): number {
    let after = 0;
    for (let l = 0; l < this.lanes.length; l++) {
      const s = Math.min(l <= lane ? step : step - 1, this.lanes[l].steps - 1);
      if (s < 0) continue;
      const dep = this.lanes[l].dependency(s);
      if (dep >= 0) after = Math.max(after, this.interleave.indexOf(l, dep) + 1);
    }
    return after;
  }

  recv(rank: number, index: number, out: RecvStep): void {
    const at = this.at;
    this.interleave.locate(index, at);
    out.reduce = this.lanes[at.lane].recv(rank, at.step, out);
    out.peerSendIndex = index; // the neighbour behind sends the same (lane, lane step)
    // Applied only after this step's own send has read its data.
    out.afterSends = index + 1;
  }
}

/**
 * `lanes` lanes of equal order [0, 1, …] over the vector cut in `lanes` parts (the first
 * n mod lanes one element longer): lane 0 goes +1, lane 1 (bidirectional) −1 on NIC 1.
 */
export function ringLanes(elementCount: number, dims: readonly number[], lanes: 1 | 2): RingLaneSpec[] {
  const order = dims.map((_, i) => i);
  const out: RingLaneSpec[] = [];
  for (let j = 0; j < lanes; j++) {
    out.push({
      start: chunkStart(0, elementCount, lanes, j),
      length: chunkLength(elementCount, lanes, j),
      order,
      direction: j === 0 ? 1 : -1,
      nic: lanes === 2 ? j : DEFAULT_NIC,
    });
  }
  return out;
}
