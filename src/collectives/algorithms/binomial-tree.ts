import { DEFAULT_NIC, type CollectiveProgram, type RecvStep, type SendStep } from "../program.js";

/**
 * Binomial-tree reduce to rank 0 followed by a binomial-tree broadcast from rank 0 (MPICH's
 * reduce and broadcast; Thakur, Rabenseifner & Gropp 2005, §4.2 and §4.4). A rank r ≠ 0 has
 * parent r − lowbit(r) and children r + 2^i for every 2^i < lowbit(r) with r + 2^i < P (rank 0:
 * every 2^i < P). The reduce receives from the children in increasing order then sends to the
 * parent; the broadcast receives from the parent then sends to the children in decreasing order.
 * 2·⌈lg P⌉ steps on the critical path, S bytes per message; rank 0 receives and reduces
 * ⌈lg P⌉·S bytes and sends as many.
 */
export class BinomialTreeProgram implements CollectiveProgram {
  readonly name = "binomial-tree";

  constructor(
    readonly rankCount: number,
    readonly elementCount: number,
  ) {}

  sendCount(rank: number): number {
    return this.children(rank) + (rank === 0 ? 0 : 1);
  }

  recvCount(rank: number): number {
    return this.sendCount(rank);
  }

  send(rank: number, index: number, out: SendStep): void {
    const c = this.children(rank);
    out.elemStart = 0;
    out.elemCount = this.elementCount;
    out.nic = DEFAULT_NIC;
    if (rank !== 0 && index === 0) {
      out.peer = rank - (rank & -rank); // reduce: to the parent
      out.afterRecvs = c;
      out.afterSendsComplete = 0;
      return;
    }
    // The broadcast's sends to the children go out together (Isend, then Waitall), after the
    // reduce's send completed.
    out.afterSendsComplete = rank === 0 ? 0 : 1;
    const i = rank === 0 ? index : index - 1;
    out.peer = rank + (1 << (c - 1 - i)); // broadcast: children, largest subtree first
    out.afterRecvs = rank === 0 ? c : c + 1;
  }

  recv(rank: number, index: number, out: RecvStep): void {
    const c = this.children(rank);
    out.elemStart = 0;
    out.elemCount = this.elementCount;
    if (index < c) {
      out.peer = rank + (1 << index); // reduce: children, smallest subtree first
      out.peerSendIndex = 0;
      out.reduce = true;
      out.afterSends = 0;
      return;
    }
    const mask = rank & -rank;
    const parent = rank - mask; // broadcast: from the parent, which sends mask 2^j as child C−1−j
    out.peer = parent;
    out.peerSendIndex = (parent === 0 ? 0 : 1) + this.children(parent) - 1 - Math.log2(mask);
    out.reduce = false;
    out.afterSends = 1;
  }

  /** Number of children: masks 1, 2, 4, … below lowbit(rank) (any for rank 0) that stay < P. */
  private children(rank: number): number {
    const limit = rank === 0 ? Infinity : rank & -rank;
    let count = 0;
    for (let mask = 1; mask < limit && rank + mask < this.rankCount; mask *= 2) count++;
    return count;
  }
}
