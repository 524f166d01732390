/**
 * A collective algorithm as a per-rank program (in the spirit of LogGOPSim's GOAL schedules).
 *
 * Each rank runs two ordered streams: its sends and its receives. A send names the peer rank,
 * the element range it carries and the network interface to use; a receive names the peer, the
 * element range it expects and whether it adds the data into the rank's vector (reduce) or
 * copies it (allgather, broadcast). Dependencies are prefix counts, which is all the algorithms
 * need and keeps the executor's per-rank state at a few integers:
 *
 * - send k is posted once the rank has completed `afterRecvs` receives (the data it carries is
 *   then final); sends are posted in order;
 * - under the MPI point-to-point model (`HostCosts.completionOverheadNs`), send k also waits
 *   until `afterSendsComplete` of the rank's sends have completed (acknowledged by their
 *   receivers): MPI_Waitall at the end of a step, or a blocking MPI_Send; without that model
 *   a send is complete when it is handed to the network and the field is ignored;
 * - receive k is applied once the rank has posted `afterSends` sends (so a reduce never
 *   overwrites data an earlier send still has to read) and the matching message has arrived;
 *   receives are applied in order, one at a time. A message that arrives first waits in the
 *   rank's unexpected-message list.
 *
 * Sends and receives of one rank whose dependencies allow it run concurrently, so a "phase" of
 * several sends and receives (bidirectional ring, pipelined segments) needs no special case: a
 * segmented ring's send of segment j at step s depends on the receive of segment j at step s−1
 * only, not on the whole previous step.
 *
 * Programs are generated lazily: `send(rank, k, out)` and `recv(rank, k, out)` are pure
 * functions of (rank, k), so no rank's steps are ever stored. They fill a caller-owned scratch
 * record instead of returning one.
 */

/** Use the transport's default network interface. */
export const DEFAULT_NIC = -1;

export interface SendStep {
  peer: number;
  elemStart: number;
  elemCount: number;
  /** Network interface to send on, or DEFAULT_NIC. */
  nic: number;
  /** Receives this rank must have completed before posting this send. */
  afterRecvs: number;
  /**
   * Sends of this rank that must have completed before posting this send (a count: programs
   * post a step's sends only after every earlier step's sends completed, so the first ones are
   * the ones counted). Used only under the MPI model's acknowledgements.
   */
  afterSendsComplete: number;
}

export interface RecvStep {
  peer: number;
  /**
   * Which of the peer's sends this receive takes (its index in the peer's send stream). Receives
   * from one peer take its messages in the order they were sent (MPI's non-overtaking rule),
   * even when the transport delivers a small message before a larger one sent earlier; the
   * program states the match because it knows it, so the executor needs no per-pair counters.
   */
  peerSendIndex: number;
  elemStart: number;
  elemCount: number;
  /** Add the data into the vector (true) or copy it over (false). */
  reduce: boolean;
  /** Sends this rank must have posted before this receive is applied. */
  afterSends: number;
}

export interface CollectiveProgram {
  /** Algorithm name, for error messages. */
  readonly name: string;
  readonly rankCount: number;
  /** Length of every rank's vector in elements. */
  readonly elementCount: number;
  sendCount(rank: number): number;
  recvCount(rank: number): number;
  // perf: steps are written into a reused scratch record: no object per step at 158,976 ranks.
  send(rank: number, index: number, out: SendStep): void;
  recv(rank: number, index: number, out: RecvStep): void;
}

export function newSendStep(): SendStep {
  return { peer: 0, elemStart: 0, elemCount: 0, nic: DEFAULT_NIC, afterRecvs: 0, afterSendsComplete: 0 };
}

export function newRecvStep(): RecvStep {
  return { peer: 0, peerSendIndex: 0, elemStart: 0, elemCount: 0, reduce: false, afterSends: 0 };
}
