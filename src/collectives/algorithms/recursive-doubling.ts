import { DEFAULT_NIC, type CollectiveProgram, type RecvStep, type SendStep } from "../program.js";
import { Fold } from "./fold.js";

/**
 * Recursive-doubling allreduce (Thakur, Rabenseifner & Gropp 2005, §4.4): at step k rank r
 * exchanges its whole vector with r XOR 2^k and adds what it receives. lg P steps of S bytes
 * each way for a power of two P; otherwise lg P' steps among P' = 2^⌊lg P⌋ ranks plus the fold
 * and unfold steps of `Fold`. Per active rank: lg P'·S bytes sent and reduced.
 *
 * Stream layout: a fold receiver's receive 0 is the fold; active steps follow (send k, receive
 * F+k, F = 1 for a fold receiver); the unfold send comes last. An extra rank sends once and
 * receives once.
 */
export class RecursiveDoublingProgram implements CollectiveProgram {
  readonly name = "recursive-doubling";
  private readonly fold: Fold;

  constructor(
    readonly rankCount: number,
    readonly elementCount: number,
  ) {
    this.fold = new Fold(rankCount);
  }

  sendCount(rank: number): number {
    if (this.fold.isExtra(rank)) return 1;
    return this.fold.levels + (this.fold.isFoldReceiver(rank) ? 1 : 0);
  }

  recvCount(rank: number): number {
    return this.sendCount(rank);
  }

  send(rank: number, index: number, out: SendStep): void {
    const fold = this.fold;
    out.elemStart = 0;
    out.elemCount = this.elementCount;
    out.nic = DEFAULT_NIC;
    // A step's send waits for the previous steps' sends to complete (MPI_Sendrecv's Waitall).
    out.afterSendsComplete = index;
    if (fold.isExtra(rank)) {
      out.peer = rank + 1;
      out.afterRecvs = 0;
      return;
    }
    const f = fold.isFoldReceiver(rank) ? 1 : 0;
    if (index < fold.levels) {
      out.peer = fold.realRank(fold.newRank(rank) ^ (1 << index));
    } else {
      out.peer = rank - 1; // unfold
    }
    out.afterRecvs = f + index;
  }

  recv(rank: number, index: number, out: RecvStep): void {
    const fold = this.fold;
    out.elemStart = 0;
    out.elemCount = this.elementCount;
    if (fold.isExtra(rank)) {
      out.peer = rank + 1;
      out.peerSendIndex = fold.levels; // its unfold
      out.reduce = false;
      out.afterSends = 1;
      return;
    }
    const f = fold.isFoldReceiver(rank) ? 1 : 0;
    out.reduce = true;
    if (index < f) {
      out.peer = rank - 1;
      out.peerSendIndex = 0;
      out.afterSends = 0;
      return;
    }
    const step = index - f;
    out.peer = fold.realRank(fold.newRank(rank) ^ (1 << step));
    out.peerSendIndex = step;
    out.afterSends = step + 1;
  }
}
