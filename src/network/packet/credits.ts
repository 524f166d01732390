import { CREDIT, type PacketState } from "./state.js";
import type { Wakeups } from "./wakeups.js";

/** How returning credits become events (see `CreditReturns`). */
export type CreditEvents = "lazy" | "every";

/**
 * Credit-based flow control's return path: when a packet's tail leaves a buffer, its bytes
 * return to the buffer's owner — the upstream output of the link (a link latency later) or,
 * for an injection buffer, the NIC (at once) — which may then send a packet it held back.
 *
 * perf: a credit is an event only when someone may act on it. Each return takes its place in
 * the order of events (`Simulator.reserve`) and waits in its owner's list; its bytes are added
 * when the owner next looks at its credits, once the clock has passed that place. It is
 * queued as a CREDIT event, in the place it reserved, only if at that place its owner could
 * do something: an output with requests that is not merely busy with a wake-up already
 * pending before its link frees, or a NIC with a message that is not merely waiting for a
 * wake-up already pending. Owners re-check after every change of those conditions
 * (`settle`), so the run is exactly the one with an event per credit (`"every"`), which
 * tests compare it with; a return after the owner's pending wake-up is decided at that
 * wake-up, when more is known.
 *
 * Owners: output slot o (0 .. slots−1) owns the network buffers of the link it drives; NIC q
 * is owner slots + q of its injection buffers.
 */
export class CreditReturns {
  private readonly slots: number;
  private readonly vcs: number;
  private readonly maskWords: number;
  private readonly firstInjectionBuffer: number;
  private readonly kind: number;
  private readonly every: boolean;
  // perf: columns of the state held directly.
  private readonly credits: Int32Array;
  private readonly linkOutput: Int32Array;
  private readonly outRequestMask: Int32Array;
  private readonly outBusyUntilNs: Float64Array;
  private readonly nicHeadMsg: Int32Array;
  private readonly nicBusyUntilNs: Float64Array;
  private readonly outWakeNs: Float64Array;
  private readonly nicWakeNs: Float64Array;

  /** First and last pending return of each owner (−1: none); returns link through `recNext`. */
  private readonly ownerHead: Int32Array;
  private readonly ownerTail: Int32Array;
  // Pending returns, struct-of-arrays with a free list.
  private recTimeNs = new Float64Array(1024);
  private recSeq = new Float64Array(1024);
  private recBuffer = new Int32Array(1024);
  private recBytes = new Int32Array(1024);
  private recNext = new Int32Array(1024);
  private recOwner = new Int32Array(1024).fill(-1);
  private recQueued = new Uint8Array(1024);
  private free = new Int32Array(1024);
  private freeCount = 0;
  private used = 0;

  constructor(
    private readonly state: PacketState,
    wakeups: Wakeups,
    mode: CreditEvents = "lazy",
  ) {
    const layout = state.layout;
    this.slots = layout.slotCount;
    this.vcs = state.vcs;
    this.maskWords = state.maskWords;
    this.firstInjectionBuffer = state.firstInjectionBuffer;
    this.kind = state.eventBase + CREDIT;
    this.every = mode === "every";
    this.credits = state.credits;
    this.linkOutput = layout.linkOutput;
    this.outRequestMask = state.outRequestMask;
    this.outBusyUntilNs = state.outBusyUntilNs;
    this.nicHeadMsg = state.nicHeadMsg;
    this.nicBusyUntilNs = state.nicBusyUntilNs;
    this.outWakeNs = wakeups.outWakeNs;
    this.nicWakeNs = wakeups.nicWakeNs;
    const owners = this.slots + layout.endpointCount * state.nics;
    // perf (memory): −1 per owner as its router becomes ready (see `PacketState.ensureRouter`).
    this.ownerHead = state.ownedColumn();
    this.ownerTail = state.ownedColumn();
  }

  /** The owner of a CREDIT event's payload that is an output slot (else a NIC: owner − slots). */
  isOutput(owner: number): boolean {
    return owner < this.slots;
  }

  /** `bytes` of `buffer` return to its owner at `atNs`, taking their place in the order of events now. */
  returnAt(buffer: number, bytes: number, atNs: number): void {
    const sim = this.state.sim;
    const owner = buffer < this.firstInjectionBuffer
      ? this.linkOutput[(buffer / this.vcs) | 0]
      : this.slots + (((buffer - this.firstInjectionBuffer) / this.vcs) | 0);
    const seq = sim.reserve(atNs);
    const r = this.allocate();
    this.recTimeNs[r] = atNs;
    this.recSeq[r] = seq;
    this.recBuffer[r] = buffer;
    this.recBytes[r] = bytes;
    this.recOwner[r] = owner;
    this.recNext[r] = -1;
    this.recQueued[r] = 0;
    const tail = this.ownerTail[owner];
    if (tail < 0) this.ownerHead[owner] = r;
    else this.recNext[tail] = r;
    this.ownerTail[owner] = r;
    this.settle(owner);
  }

  /** Adds to the credits every return of `owner` whose place the run has passed. */
  drain(owner: number): void {
    let r = this.ownerHead[owner];
    if (r < 0) return;
    const sim = this.state.sim;
    const state = this.state;
    while (r >= 0 && sim.hasPassed(this.recTimeNs[r], this.recSeq[r])) {
      this.credits[this.recBuffer[r]] += this.recBytes[r];
      // A returning credit is progress for the watchdog (the packet's tail moved on).
      if (this.recTimeNs[r] > state.lastProgressNs) state.lastProgressNs = this.recTimeNs[r];
      const next = this.recNext[r];
      this.release(r);
      r = next;
    }
    this.ownerHead[owner] = r;
    if (r < 0) this.ownerTail[owner] = -1;
  }

  /** Drains every owner (for the watchdog, deadlock reports and tests). */
  drainAll(): void {
    for (let r = 0; r < this.used; r++) {
      const owner = this.recOwner[r];
      if (owner >= 0 && this.ownerHead[owner] === r) this.drain(owner);
    }
  }

  /**
   * Queues, in their reserved places, the pending returns of `owner` at which it could act
   * as things stand now. Called after every change of what decides that (see the class).
   *
   * At a return's time t the owner acts unless it has nothing to send, or it is busy until
   * some F > t with a wake-up pending at w ∈ [t, F] (it would only renew that wake-up). A
   * return after a pending wake-up (t > w) can wait: the wake-up settles again first.
   */
  settle(owner: number): void {
    let r = this.ownerHead[owner];
    if (r < 0) return;
    const now = this.state.sim.nowNs;
    let busyUntilNs: number;
    let wakeNs: number;
    if (this.every) {
      busyUntilNs = wakeNs = -Infinity;
    } else if (owner < this.slots) {
      if (!this.wants(owner)) return;
      busyUntilNs = this.outBusyUntilNs[owner];
      wakeNs = this.outWakeNs[owner];
    } else {
      const q = owner - this.slots;
      const m = this.nicHeadMsg[q];
      if (m < 0) return;
      busyUntilNs = Math.max(this.nicBusyUntilNs[q], this.state.messages.readyNs[m]);
      wakeNs = this.nicWakeNs[q];
    }
    // Returns at t ≤ upToNs must be queued now: all of them without a pending wake-up; with
    // one at w, those up to w when w is past the busy time, else one exactly at w = F.
    let upToNs = Infinity;
    let exactNs = NaN;
    if (wakeNs >= now) {
      if (wakeNs > busyUntilNs) upToNs = wakeNs;
      else {
        upToNs = -Infinity;
        if (wakeNs === busyUntilNs) exactNs = wakeNs;
      }
    }
    const sim = this.state.sim;
    for (; r >= 0; r = this.recNext[r]) {
      if (this.recQueued[r] !== 0) continue;
      const t = this.recTimeNs[r];
      if (!(t <= upToNs || t === exactNs)) continue;
      if (sim.hasPassed(t, this.recSeq[r])) continue;
      this.recQueued[r] = 1;
      sim.scheduleReserved(t, this.recSeq[r], this.kind, owner);
    }
  }

  private wants(o: number): boolean {
    const w = this.maskWords;
    for (let i = o * w; i < o * w + w; i++) if (this.outRequestMask[i] !== 0) return true;
    return false;
  }

  private allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.recTimeNs.length) {
      // Returns the clock has passed wait for their owner to look; most owners look again
      // soon, but those that do not would hold the table: reclaim them before growing it.
      // (perf: grow anyway when that frees under a quarter, so sweeps stay amortised O(1).)
      this.drainAll();
      if (this.freeCount < this.used / 4) this.grow();
      if (this.freeCount > 0) return this.free[--this.freeCount];
    }
    return this.used++;
  }

  private release(r: number): void {
    this.recOwner[r] = -1;
    this.free[this.freeCount++] = r;
  }

  private grow(): void {
    const n = this.recTimeNs.length * 2;
    const grown = <T extends Float64Array | Int32Array | Uint8Array>(a: T, fill = 0): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      if (fill !== 0) b.fill(fill, a.length);
      return b;
    };
    this.recTimeNs = grown(this.recTimeNs);
    this.recSeq = grown(this.recSeq);
    this.recBuffer = grown(this.recBuffer);
    this.recBytes = grown(this.recBytes);
    this.recNext = grown(this.recNext);
    this.recOwner = grown(this.recOwner, -1);
    this.recQueued = grown(this.recQueued);
    this.free = grown(this.free);
  }

  /** Bytes of its own tables (the owners' list heads are the state's columns; the pending returns grow with the traffic). */
  get byteLength(): number {
    return 0;
  }
}
