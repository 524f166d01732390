import { chunkStart } from "../chunks.js";
import { DEFAULT_NIC, type CollectiveProgram, type RecvStep, type SendStep } from "../program.js";
import { Fold } from "./fold.js";

/**
 * Rabenseifner's allreduce (Thakur, Rabenseifner & Gropp 2005, §4.4): a reduce-scatter by
 * recursive halving, then an allgather by recursive doubling. The vector is split into P'
 * blocks; at reduce-scatter step k (partner r XOR 2^k) a rank whose bit k is 0 keeps the lower
 * half of its current blocks and sends the upper half (bit 1: the reverse), adding the half it
 * keeps; the allgather retraces the steps in reverse, exchanging the halves back.
 * 2·lg P' steps; per active rank 2(P'−1)/P'·S bytes sent, (P'−1)/P'·S reduced; a non-power-of-
 * two P adds the fold and unfold steps of `Fold` (2 steps, 2·S bytes, S reduced).
 *
 * Stream layout for an active rank (F = 1 for a fold receiver, L = lg P'): receive 0 is the
 * fold; sends 0..L−1 and receives F..F+L−1 are the reduce-scatter; sends L..2L−1 and receives
 * F+L..F+2L−1 the allgather; send 2L the unfold.
 */
export class RabenseifnerProgram implements CollectiveProgram {
  readonly name = "rabenseifner";
  private readonly fold: Fold;

  constructor(
    readonly rankCount: number,
    readonly elementCount: number,
  ) {
    this.fold = new Fold(rankCount);
  }

  sendCount(rank: number): number {
    if (this.fold.isExtra(rank)) return 1;
    return 2 * this.fold.levels + (this.fold.isFoldReceiver(rank) ? 1 : 0);
  }

  recvCount(rank: number): number {
    return this.sendCount(rank);
  }

  send(rank: number, index: number, out: SendStep): void {
    const fold = this.fold;
    const levels = fold.levels;
    out.nic = DEFAULT_NIC;
    // A step's send waits for the previous steps' sends to complete (MPI_Sendrecv's Waitall).
    out.afterSendsComplete = index;
    if (fold.isExtra(rank)) {
      this.whole(out);
      out.peer = rank + 1;
      out.afterRecvs = 0;
      return;
    }
    const f = fold.isFoldReceiver(rank) ? 1 : 0;
    const newRank = fold.newRank(rank);
    out.afterRecvs = f + index;
    if (index < levels) {
      this.half(newRank, index, false, out); // reduce-scatter: give away the other half
      out.peer = fold.realRank(newRank ^ (1 << index));
    } else if (index < 2 * levels) {
      const level = 2 * levels - 1 - index;
      this.half(newRank, level, true, out); // allgather: hand over what this rank has
      out.peer = fold.realRank(newRank ^ (1 << level));
    } else {
      this.whole(out);
      out.peer = rank - 1; // unfold
    }
  }

  recv(rank: number, index: number, out: RecvStep): void {
    const fold = this.fold;
    const levels = fold.levels;
    if (fold.isExtra(rank)) {
      this.whole(out);
      out.peer = rank + 1;
      out.peerSendIndex = 2 * levels; // its unfold
      out.reduce = false;
      out.afterSends = 1;
      return;
    }
    const f = fold.isFoldReceiver(rank) ? 1 : 0;
    if (index < f) {
      this.whole(out);
      out.peer = rank - 1;
      out.peerSendIndex = 0;
      out.reduce = true;
      out.afterSends = 0;
      return;
    }
    const step = index - f;
    const newRank = fold.newRank(rank);
    out.afterSends = step + 1;
    out.peerSendIndex = step; // the partner's send of the same step
    if (step < levels) {
      this.half(newRank, step, true, out); // reduce-scatter: add into the half kept
      out.peer = fold.realRank(newRank ^ (1 << step));
      out.reduce = true;
    } else {
      const level = 2 * levels - 1 - step;
      this.half(newRank, level, false, out); // allgather: copy in the partner's half
      out.peer = fold.realRank(newRank ^ (1 << level));
      out.reduce = false;
    }
  }

  private whole(out: { elemStart: number; elemCount: number }): void {
    out.elemStart = 0;
    out.elemCount = this.elementCount;
  }

  /**
   * Elements of the half that active rank `newRank` keeps (`kept`) or gives away at halving
   * step `level`. Before that step it holds the P'/2^level blocks starting at
   * Σ_{b<level} bit_b(newRank)·P'/2^(b+1).
   */
  private half(newRank: number, level: number, kept: boolean, out: { elemStart: number; elemCount: number }): void {
    const pof2 = this.fold.pof2;
    let first = 0;
    for (let b = 0; b < level; b++) if ((newRank >> b) & 1) first += pof2 >> (b + 1);
    const halfBlocks = pof2 >> (level + 1);
    const upper = ((newRank >> level) & 1) === 1 ? kept : !kept;
    const lo = upper ? first + halfBlocks : first;
    const n = this.elementCount;
    out.elemStart = chunkStart(0, n, pof2, lo);
    out.elemCount = chunkStart(0, n, pof2, lo + halfBlocks) - out.elemStart;
  }
}
