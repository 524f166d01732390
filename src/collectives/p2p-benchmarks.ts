import type { CollectiveProgram, RecvStep, SendStep } from "./program.js";
import { DEFAULT_NIC } from "./program.js";

/**
 * The Intel MPI Benchmarks' two-rank point-to-point tests as programs, to calibrate and check
 * the MPI point-to-point model against published IMB figures. Both move `elementCount`
 * elements per message, `iterations` times; rank 0 and rank 1 are the two processes.
 *
 * - `pingpong`: rank 0 sends, rank 1 receives and sends back (blocking MPI_Send: each send
 *   waits for the previous one to complete). IMB reports half the round trip: time / (2 ·
 *   iterations).
 * - `pingping`: both ranks send and receive at once (MPI_Isend, MPI_Recv, MPI_Wait), the
 *   pattern of a collective's exchange step. IMB reports time / iterations.
 */
export class P2pBenchmarkProgram implements CollectiveProgram {
  readonly rankCount = 2;
  readonly name: string;

  constructor(
    readonly kind: "pingpong" | "pingping",
    readonly elementCount: number,
    readonly iterations: number,
  ) {
    if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
    this.name = kind;
  }

  sendCount(): number {
    return this.iterations;
  }

  recvCount(): number {
    return this.iterations;
  }

  send(rank: number, index: number, out: SendStep): void {
    out.peer = 1 - rank;
    out.elemStart = 0;
    out.elemCount = this.elementCount;
    out.nic = DEFAULT_NIC;
    // Ping-pong: rank 0 sends iteration i after receiving reply i−1; rank 1 replies after receiving ping i.
    // Ping-ping: each rank's send i follows its receive i−1.
    out.afterRecvs = this.kind === "pingpong" && rank === 1 ? index + 1 : index;
    out.afterSendsComplete = index;
  }

  recv(rank: number, index: number, out: RecvStep): void {
    out.peer = 1 - rank;
    out.peerSendIndex = index;
    out.elemStart = 0;
    out.elemCount = this.elementCount;
    out.reduce = false;
    // Rank 1 of a ping-pong receives ping i before it replies; every other receive follows the rank's own send i.
    out.afterSends = this.kind === "pingpong" && rank === 1 ? index : index + 1;
  }

  /** What IMB reports from the program's total time: µs per one-way message (pingpong) or per exchange (pingping). */
  reportedUs(totalNs: number): number {
    return totalNs / 1000 / (this.kind === "pingpong" ? 2 * this.iterations : this.iterations);
  }
}
