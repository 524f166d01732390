import type { EventHandler } from "../engine/index.js";
import type { DeliveryListener, Transport } from "../network/index.js";
import { DEFAULT_NIC, newRecvStep, newSendStep, type CollectiveProgram } from "./program.js";
import { DataVectors } from "./verify.js";

/**
 * Time a rank's CPU spends outside the network, and the MPI point-to-point protocol. The
 * optional fields are the MPI model (`mpi-protocol.ts`); left out, messages go straight to the
 * network, a send is complete once handed over, and a collective costs nothing to call.
 */
export interface HostCosts {
  /** CPU time before each message is handed to the transport, ns. */
  readonly sendOverheadNs: number;
  /** CPU time after a message arrived before its data counts as received, ns. */
  readonly receiveOverheadNs: number;
  /** Local reduction speed in GB/s (= bytes per ns); `a += b` moves 3 bytes per byte reduced. null: free. */
  readonly reduceBandwidthGBps: number | null;
  /** Largest message sent eagerly; larger ones use the rendezvous protocol. null/absent: every message eager. */
  readonly eagerLimitBytes?: number | null;
  /** Copy rate of an eager message into (sender) and out of (receiver) MPI's buffers, GB/s, CPU time on each side. null/absent: free. */
  readonly eagerCopyGBps?: number | null;
  /** Sender's CPU time to start a rendezvous (beyond sendOverheadNs), ns. Default 0. */
  readonly rendezvousOverheadNs?: number;
  /**
   * null/absent: a send is complete when handed to the network. A number: the receiver
   * acknowledges every message once it has processed it (a header-only message back), the
   * sender's CPU spends this long on the acknowledgement, and only then is the send complete —
   * which a program's later steps wait for (`SendStep.afterSendsComplete`), ns.
   */
  readonly completionOverheadNs?: number | null;
  /** CPU time at the start of every collective call (argument checks, algorithm choice, buffers), ns. Default 0. */
  readonly callOverheadNs?: number;
  /**
   * The Tofu-specific algorithms (trix3, trix6) bypass MPI's point-to-point layer: RDMA
   * straight to the peers, no eager copies, no rendezvous. A number: each of their steps costs
   * the rank this much CPU time in all (shared among its parts' sends) instead of the
   * point-to-point costs, and their acknowledgements (RDMA completions, still waited for) cost
   * no CPU time of their own. null/absent: they pay the point-to-point costs like the others, ns.
   */
  readonly directStepOverheadNs?: number | null;
}

/** A host that costs nothing: the network alone decides. */
export const NO_HOST_COSTS: HostCosts = { sendOverheadNs: 0, receiveOverheadNs: 0, reduceBandwidthGBps: null };

export interface ExecutorOptions extends HostCosts {
  readonly elementBytes: number;
  /** Data mode: move real numbers and check every rank ends with the sum. */
  readonly verify: boolean;
  /** Seed of the data-mode vectors (stream "allreduce-data"). */
  readonly seed: number | string;
}

export interface CollectiveResult {
  /** Completion: the last rank's finish time minus the start time, ns. */
  readonly timeNs: number;
  readonly startNs: number;
  readonly endNs: number;
  /** Messages handed to the transport. */
  readonly messages: number;
  /** Payload bytes handed to the transport. */
  readonly bytes: number;
  /** True when data mode ran and every rank held the sum (a wrong result throws). */
  readonly verified: boolean;
}

const HANDOFF = 0; // a = message: its send overhead is over, give it to the transport
const RECV_DONE = 1; // a = rank, b = message: receive overhead and reduction are over
const SEND_DONE = 2; // a = rank: an acknowledgement was processed, one more send is complete
const NONE = -1;
/** `msgCount` of an acknowledgement (a message's own counts are ≥ 0). */
const ACK = -1;

/**
 * Runs any `CollectiveProgram` over any `Transport`. Ranks map to nodes through `placement`
 * (rank → node). Tokens given to the transport are message ids in a pooled table.
 *
 * Host model (as LogGOPSim's CPU): each rank has one CPU that serves, in the order they become
 * ready, send overheads, receive overheads and reductions; the network works in parallel.
 * A receive from rank p matches the messages from p to this rank in the order p sent them
 * (FIFO, MPI's non-overtaking rule; the program names the peer's send index, so a transport that
 * lets a small message overtake a larger one cannot mismatch); messages that arrive before
 * their receive wait in the rank's unexpected-message list.
 *
 * A rank finishes when it has handed its last message to the transport and applied its last
 * receive (and, under the MPI model's acknowledgements, seen its last send complete); the
 * collective's time is the latest finish.
 */
export class CollectiveExecutor implements DeliveryListener, EventHandler {
  private readonly rankCount: number;
  private readonly kind: number;
  private readonly data: DataVectors | undefined;
  private readonly sendStep = newSendStep();
  private readonly recvStep = newRecvStep();

  // perf: per-rank state is a few typed-array entries (33 bytes a rank), indexed by rank.
  private readonly sendsPosted: Int32Array;
  private readonly recvsDone: Int32Array;
  private readonly sendsCompleted: Int32Array;
  private readonly recvBusy: Uint8Array;
  private readonly cpuFreeNs: Float64Array;
  private readonly lastNs: Float64Array;
  private readonly arrivalHead: Int32Array;
  private readonly arrivalTail: Int32Array;

  // perf: in-flight messages live in a pooled struct-of-arrays table with a free list; the
  // same `next` field links a rank's unexpected-message list and the free list.
  private msgSrc: Int32Array = new Int32Array(0);
  private msgDst: Int32Array = new Int32Array(0);
  // Element offsets and counts are float64 (exact to 2^53): a vector of 16 GiB has 2^31
  // elements, past what an Int32Array holds.
  private msgStart: Float64Array = new Float64Array(0);
  private msgCount: Float64Array = new Float64Array(0);
  private msgNic: Int32Array = new Int32Array(0);
  private msgSendIndex: Int32Array = new Int32Array(0);
  private msgNext: Int32Array = new Int32Array(0);
  private readonly msgData: (Float64Array | undefined)[] = [];
  private freeMsg = NONE;
  private msgCapacity = 0;
  private liveMessages = 0;

  private startNs = 0;
  private messages = 0;
  private bytes = 0;
  private started = false;

  constructor(
    readonly transport: Transport,
    readonly placement: Int32Array,
    readonly program: CollectiveProgram,
    readonly options: ExecutorOptions,
  ) {
    const p = program.rankCount;
    if (placement.length !== p) {
      throw new RangeError(`${program.name}: placement has ${placement.length} ranks, the program ${p}`);
    }
    for (let r = 0; r < p; r++) {
      const node = placement[r];
      if (node < 0 || node >= transport.endpointCount) {
        throw new RangeError(`${program.name}: rank ${r} is placed on node ${node}, outside 0..${transport.endpointCount - 1}`);
      }
    }
    checkNonNegative("sendOverheadNs", options.sendOverheadNs);
    checkNonNegative("receiveOverheadNs", options.receiveOverheadNs);
    checkRate("reduceBandwidthGBps", options.reduceBandwidthGBps);
    checkRate("eagerCopyGBps", options.eagerCopyGBps ?? null);
    checkNonNegative("rendezvousOverheadNs", options.rendezvousOverheadNs ?? 0);
    if (options.completionOverheadNs != null) checkNonNegative("completionOverheadNs", options.completionOverheadNs);
    if (options.eagerLimitBytes != null) checkNonNegative("eagerLimitBytes", options.eagerLimitBytes);
    checkNonNegative("callOverheadNs", options.callOverheadNs ?? 0);
    this.acks = options.completionOverheadNs != null;
    this.eagerLimitBytes = options.eagerLimitBytes ?? Infinity;
    this.eagerCopyGBps = options.eagerCopyGBps ?? null;
    this.rankCount = p;
    this.sendsPosted = new Int32Array(p);
    this.recvsDone = new Int32Array(p);
    this.sendsCompleted = new Int32Array(p);
    this.recvBusy = new Uint8Array(p);
    this.cpuFreeNs = new Float64Array(p);
    this.lastNs = new Float64Array(p);
    this.arrivalHead = new Int32Array(p).fill(NONE);
    this.arrivalTail = new Int32Array(p).fill(NONE);
    this.data = options.verify ? new DataVectors(p, program.elementCount, options.seed) : undefined;
    this.grow(Math.min(1024, 2 * p));
    this.kind = transport.sim.register(this, 3);
  }

  private readonly acks: boolean;
  private readonly eagerLimitBytes: number;
  private readonly eagerCopyGBps: number | null;

  /** CPU time to copy an eager message of `bytes` into or out of MPI's buffers. */
  private eagerCopyNs(bytes: number): number {
    return this.eagerCopyGBps !== null && bytes <= this.eagerLimitBytes ? bytes / this.eagerCopyGBps : 0;
  }

  /** Takes the transport's listener and posts every rank's first sends, at the current time. */
  start(): void {
    if (this.started) throw new Error(`${this.program.name}: an executor runs once`);
    this.started = true;
    this.transport.setListener(this);
    const now = this.transport.sim.nowNs;
    this.startNs = now;
    this.cpuFreeNs.fill(now + (this.options.callOverheadNs ?? 0));
    this.lastNs.fill(now);
    for (let r = 0; r < this.rankCount; r++) this.advance(r, now);
  }

  /** After the simulator ran dry: checks every rank finished, verifies data mode, sums up. */
  finish(): CollectiveResult {
    const program = this.program;
    let endNs = this.startNs;
    for (let r = 0; r < this.rankCount; r++) {
      const sends = program.sendCount(r);
      const recvs = program.recvCount(r);
      if (this.sendsPosted[r] !== sends || this.recvsDone[r] !== recvs || (this.acks && this.sendsCompleted[r] !== sends)) {
        throw new Error(
          `${program.name}: rank ${r} stopped after ${this.sendsPosted[r]} of ${sends} sends and ` +
            `${this.recvsDone[r]} of ${recvs} receives (the program deadlocks, or the simulation was stopped early)`,
        );
      }
      if (this.lastNs[r] > endNs) endNs = this.lastNs[r];
    }
    if (this.liveMessages !== 0) {
      throw new Error(`${program.name}: ${this.liveMessages} messages were never received (sends without a matching receive)`);
    }
    this.data?.check(program.name);
    return {
      timeNs: endNs - this.startNs,
      startNs: this.startNs,
      endNs,
      messages: this.messages,
      bytes: this.bytes,
      verified: this.data !== undefined,
    };
  }

  onDelivered(token: number, nowNs: number): void {
    const rank = this.msgDst[token];
    if (this.msgCount[token] === ACK) {
      this.release(token);
      const endNs = Math.max(nowNs, this.cpuFreeNs[rank]) + (this.options.completionOverheadNs ?? 0);
      this.cpuFreeNs[rank] = endNs;
      this.transport.sim.schedule(endNs, this.kind + SEND_DONE, rank);
      return;
    }
    this.msgNext[token] = NONE;
    const tail = this.arrivalTail[rank];
    if (tail === NONE) this.arrivalHead[rank] = token;
    else this.msgNext[tail] = token;
    this.arrivalTail[rank] = token;
    if (this.recvBusy[rank] === 0) this.advance(rank, nowNs);
  }

  handleEvent(kind: number, a: number, b: number, nowNs: number): void {
    if (kind === HANDOFF) {
      this.handOff(a, nowNs);
    } else if (kind === SEND_DONE) {
      this.sendsCompleted[a]++;
      if (nowNs > this.lastNs[a]) this.lastNs[a] = nowNs;
      this.advance(a, nowNs);
    } else {
      this.completeRecv(a, b, nowNs);
      this.advance(a, nowNs);
    }
  }

  /** Posts every send whose dependencies are met and applies receives until blocked. */
  private advance(rank: number, nowNs: number): void {
    do this.postReadySends(rank, nowNs);
    while (this.startRecv(rank, nowNs));
  }

  private postReadySends(rank: number, nowNs: number): void {
    const program = this.program;
    const step = this.sendStep;
    const total = program.sendCount(rank);
    // sendsPosted is re-read every turn: a synchronous delivery inside transport.send may
    // re-enter advance() for this rank.
    for (let k = this.sendsPosted[rank]; k < total; k = this.sendsPosted[rank]) {
      program.send(rank, k, step);
      if (this.recvsDone[rank] < step.afterRecvs) return;
      if (this.acks && this.sendsCompleted[rank] < step.afterSendsComplete) return;
      const msg = this.allocate();
      this.msgSrc[msg] = rank;
      this.msgDst[msg] = step.peer;
      this.msgStart[msg] = step.elemStart;
      this.msgCount[msg] = step.elemCount;
      this.msgNic[msg] = step.nic;
      this.msgSendIndex[msg] = k;
      if (this.data !== undefined) this.msgData[msg] = this.data.snapshot(rank, step.elemStart, step.elemCount);
      this.sendsPosted[rank] = k + 1;
      const bytes = step.elemCount * this.options.elementBytes;
      const protocolNs = bytes > this.eagerLimitBytes ? (this.options.rendezvousOverheadNs ?? 0) : this.eagerCopyNs(bytes);
      const endNs = Math.max(nowNs, this.cpuFreeNs[rank]) + this.options.sendOverheadNs + protocolNs;
      this.cpuFreeNs[rank] = endNs;
      if (endNs > nowNs) this.transport.sim.schedule(endNs, this.kind + HANDOFF, msg);
      else this.handOff(msg, nowNs);
    }
  }

  /** Starts the next receive if possible; true if it also completed at once. */
  private startRecv(rank: number, nowNs: number): boolean {
    if (this.recvBusy[rank] !== 0) return false;
    const k = this.recvsDone[rank];
    const program = this.program;
    if (k >= program.recvCount(rank)) return false;
    const step = this.recvStep;
    program.recv(rank, k, step);
    if (this.sendsPosted[rank] < step.afterSends) return false;
    const msg = this.takeArrival(rank, step.peer, step.peerSendIndex);
    if (msg === NONE) return false;
    if (this.msgStart[msg] !== step.elemStart || this.msgCount[msg] !== step.elemCount) {
      throw new Error(
        `${program.name}: rank ${rank} receive ${k} expects elements [${step.elemStart}, +${step.elemCount}) ` +
          `from rank ${step.peer}, but the message carries [${this.msgStart[msg]}, +${this.msgCount[msg]})`,
      );
    }
    const bytes = step.elemCount * this.options.elementBytes;
    const reduceBw = this.options.reduceBandwidthGBps;
    const costNs = this.options.receiveOverheadNs + this.eagerCopyNs(bytes) + (step.reduce && reduceBw !== null ? (3 * bytes) / reduceBw : 0);
    const endNs = Math.max(nowNs, this.cpuFreeNs[rank]) + costNs;
    this.cpuFreeNs[rank] = endNs;
    if (endNs > nowNs) {
      this.recvBusy[rank] = 1;
      this.transport.sim.schedule(endNs, this.kind + RECV_DONE, rank, msg);
      return false;
    }
    this.completeRecv(rank, msg, nowNs);
    return true;
  }

  private completeRecv(rank: number, msg: number, nowNs: number): void {
    const data = this.data;
    if (data !== undefined) {
      const step = this.recvStep;
      this.program.recv(rank, this.recvsDone[rank], step);
      data.apply(rank, this.msgStart[msg], this.msgData[msg] as Float64Array, step.reduce);
      this.msgData[msg] = undefined;
    }
    const sender = this.msgSrc[msg];
    this.release(msg);
    if (this.acks) this.acknowledge(rank, sender);
    this.recvsDone[rank]++;
    this.recvBusy[rank] = 0;
    if (nowNs > this.lastNs[rank]) this.lastNs[rank] = nowNs;
  }

  /** Sends the header-only acknowledgement of a processed message back to its sender. */
  private acknowledge(rank: number, sender: number): void {
    const ack = this.allocate();
    this.msgSrc[ack] = rank;
    this.msgDst[ack] = sender;
    this.msgStart[ack] = 0;
    this.msgCount[ack] = ACK;
    this.msgNic[ack] = DEFAULT_NIC;
    this.msgSendIndex[ack] = NONE;
    this.transport.send(this.placement[rank], this.placement[sender], 0, ack);
  }

  private handOff(msg: number, nowNs: number): void {
    const src = this.msgSrc[msg];
    const sizeBytes = this.msgCount[msg] * this.options.elementBytes;
    this.messages++;
    this.bytes += sizeBytes;
    if (nowNs > this.lastNs[src]) this.lastNs[src] = nowNs;
    const nic = this.msgNic[msg];
    const srcNode = this.placement[src];
    const dstNode = this.placement[this.msgDst[msg]];
    if (nic === DEFAULT_NIC) this.transport.send(srcNode, dstNode, sizeBytes, msg);
    else this.transport.send(srcNode, dstNode, sizeBytes, msg, nic);
  }

  /** Unlinks and returns the unexpected message `peer` sent as its send `sendIndex`, or NONE. */
  private takeArrival(rank: number, peer: number, sendIndex: number): number {
    let prev = NONE;
    for (let m = this.arrivalHead[rank]; m !== NONE; prev = m, m = this.msgNext[m]) {
      if (this.msgSrc[m] !== peer || this.msgSendIndex[m] !== sendIndex) continue;
      const next = this.msgNext[m];
      if (prev === NONE) this.arrivalHead[rank] = next;
      else this.msgNext[prev] = next;
      if (this.arrivalTail[rank] === m) this.arrivalTail[rank] = prev;
      return m;
    }
    return NONE;
  }

  private allocate(): number {
    if (this.freeMsg === NONE) this.grow(2 * this.msgCapacity);
    const msg = this.freeMsg;
    this.freeMsg = this.msgNext[msg];
    this.liveMessages++;
    return msg;
  }

  private release(msg: number): void {
    this.msgNext[msg] = this.freeMsg;
    this.freeMsg = msg;
    this.liveMessages--;
  }

  private grow(capacity: number): void {
    const n = Math.max(capacity, 16);
    const old = this.msgCapacity;
    this.msgSrc = grow(this.msgSrc, n);
    this.msgDst = grow(this.msgDst, n);
    this.msgStart = grow(this.msgStart, n);
    this.msgCount = grow(this.msgCount, n);
    this.msgNic = grow(this.msgNic, n);
    this.msgSendIndex = grow(this.msgSendIndex, n);
    this.msgNext = grow(this.msgNext, n);
    // New slots join the free list in index order.
    for (let i = n - 1; i >= old; i--) {
      this.msgNext[i] = this.freeMsg;
      this.freeMsg = i;
    }
    this.msgCapacity = n;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

function checkRate(name: string, value: number | null): void {
  if (value !== null && !(value > 0 && value < Infinity)) throw new RangeError(`${name} must be a positive number or null, got ${value}`);
}

function checkNonNegative(name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
}
