import { ARRIVED, hopPort, hopVc, type Routing } from "../../routing/index.js";
import type { ArbitrationPolicy } from "./arbitration.js";
import type { CreditReturns } from "./credits.js";
import type { LinkStats } from "./link-stats.js";
import type { MessagePool, PacketPool } from "./pools.js";
import { ARRIVE, type PacketState } from "./state.js";
import type { Wakeups } from "./wakeups.js";

/** Where packets leave the network: the destination NIC. */
export interface EjectionPort {
  /** Packet `p` starts ejecting now and is whole at its NIC at `doneNs`. */
  eject(p: number, doneNs: number): void;
}

/**
 * Switch allocation: packets wait in input buffers (FIFOs per input and VC), the head of each
 * buffer requests the output its routing chose, and an output is granted to one requester
 * when (1) its link is idle, (2) the requester's input is not streaming another packet (no
 * crossbar speedup), (3) the downstream buffer of the packet's VC class has credits for the
 * whole packet (virtual cut-through) and (4) the arbitration policy picks it. A granted packet's
 * head reaches the next router a link latency later, ready a router latency after that; its
 * tail follows at link bandwidth, and the buffer it leaves frees as the tail departs.
 */
export class SwitchAllocator {
  /** Where ejected packets go; set once by the network after the NICs exist. */
  ejection: EjectionPort | undefined;

  private readonly routing: Routing;
  // The pools' columns are replaced when they grow: always read them through the pool.
  private readonly packets: PacketPool;
  private readonly messages: MessagePool;
  private readonly vcs: number;
  private readonly lanes: number;
  private readonly nics: number;
  private readonly maskWords: number;
  private readonly nsPerByte: number;
  private readonly hopDelayNs: number;
  private readonly linkLatencyNs: number;
  private readonly slotNsPerByte: Float64Array | undefined;
  private readonly linkHopDelayNs: Float64Array | undefined;
  private readonly perLinkLatencyNs: Float64Array | undefined;
  private readonly endpointLatencyNs: number;
  private readonly firstInjectionBuffer: number;
  private readonly arriveKind: number;

  // perf: the state's and the layout's columns, held directly so the hot path reads them
  // without a hop through another object.
  private readonly inputBuffers: Int32Array;
  private readonly routerReady: Uint8Array;
  private readonly bufHead: Int32Array;
  private readonly bufTail: Int32Array;
  private readonly credits: Int32Array;
  private readonly outBusyUntilNs: Float64Array;
  private readonly outRequestMask: Int32Array;
  private readonly inBusyUntilNs: Float64Array;
  private readonly ejectPayloadBytes: Int32Array;
  private readonly slotBase: Int32Array;
  private readonly slotRouter: Int32Array;
  private readonly slotLink: Int32Array;
  private readonly slotNic: Int32Array;
  private readonly linkOutput: Int32Array;
  private readonly linkTarget: Int32Array;
  private readonly linkInput: Int32Array;
  private readonly nicInput: Int32Array;

  constructor(
    private readonly state: PacketState,
    private readonly policy: ArbitrationPolicy,
    private readonly wakeups: Wakeups,
    private readonly links: LinkStats,
    private readonly creditReturns: CreditReturns,
  ) {
    const layout = state.layout;
    this.routing = state.routing;
    this.packets = state.packets;
    this.vcs = state.vcs;
    this.lanes = state.lanes;
    this.nics = state.nics;
    this.maskWords = state.maskWords;
    this.nsPerByte = state.nsPerByte;
    this.hopDelayNs = state.hopDelayNs;
    this.linkLatencyNs = state.config.linkLatencyNs;
    this.slotNsPerByte = state.slotNsPerByte;
    this.linkHopDelayNs = state.linkHopDelayNs;
    this.perLinkLatencyNs = state.linkLatencyNs;
    this.endpointLatencyNs = state.endpointLatencyNs;
    this.firstInjectionBuffer = state.firstInjectionBuffer;
    this.arriveKind = state.eventBase + ARRIVE;
    this.inputBuffers = state.inputBuffers;
    this.routerReady = state.routerReady;
    this.bufHead = state.bufHead;
    this.bufTail = state.bufTail;
    this.credits = state.credits;
    this.outBusyUntilNs = state.outBusyUntilNs;
    this.outRequestMask = state.outRequestMask;
    this.inBusyUntilNs = state.inBusyUntilNs;
    this.ejectPayloadBytes = state.ejectPayloadBytes;
    this.slotBase = layout.slotBase;
    this.slotRouter = layout.slotRouter;
    this.slotLink = layout.slotLink;
    this.slotNic = layout.slotNic;
    this.linkOutput = layout.linkOutput;
    this.linkTarget = layout.linkTarget;
    this.linkInput = layout.linkInput;
    this.nicInput = layout.nicInput;
    this.messages = state.messages;
  }

  /** Packet `p`'s head reached the router of `buffer`'s link and is ready to be switched. */
  arrive(p: number, buffer: number): void {
    const state = this.state;
    if (state.sim.nowNs > state.lastProgressNs) state.lastProgressNs = state.sim.nowNs;
    const router = this.packets.node[p];
    if (this.routerReady[router] === 0) state.ensureRouter(router);
    this.enqueue(p, buffer, router, this.linkInput[(buffer / this.vcs) | 0]);
  }

  /** Routes packet `p` at `router` and appends it to `buffer` of `input`; a new head requests its output. */
  enqueue(p: number, buffer: number, router: number, input: number): void {
    const pk = this.packets;
    this.route(p, router);
    pk.next[p] = -1;
    const tail = this.bufTail[buffer];
    this.bufTail[buffer] = p;
    if (tail >= 0) {
      pk.next[tail] = p;
      return;
    }
    this.bufHead[buffer] = p;
    this.request(this.slotBase[router] + pk.outPort[p], input, pk.readyNs[p]);
  }

  /** A CREDIT event of output slot `o`: space returned downstream, so it may now be able to send. */
  creditReturned(o: number): void {
    this.creditReturns.drain(o);
    if (this.wantsOutput(o)) this.tryAllocate(o);
  }

  /** Sets the packet's requested output at `router` and its VC class for the next hop. */
  private route(p: number, router: number): void {
    const pk = this.packets;
    const m = pk.msg[p];
    const code = this.routing.nextHop(router, pk.dst[p], pk.inPort[p], pk.vcClass[p], this.messages.tag[m]);
    if (code === ARRIVED) {
      // Eject through the destination endpoint's NIC of the message's index.
      pk.outPort[p] = this.nicInput[this.messages.dst[m] * this.nics + pk.nic[p]];
    } else {
      pk.outPort[p] = hopPort(code);
      pk.vcClass[p] = hopVc(code);
    }
    this.state.outQueuedBytes[this.slotBase[router] + pk.outPort[p]] += pk.wireBytes[p];
  }

  /** A packet became the head of a buffer of `input` and asks for output slot `o`. */
  private request(o: number, input: number, readyNs: number): void {
    this.outRequestMask[o * this.maskWords + (input >>> 5)] |= 1 << (input & 31);
    if (readyNs <= this.state.sim.nowNs) this.tryAllocate(o);
    else {
      this.wakeups.output(o, readyNs);
      this.creditReturns.settle(o);
    }
  }

  wantsOutput(o: number): boolean {
    const w = this.maskWords;
    for (let i = o * w; i < o * w + w; i++) if (this.outRequestMask[i] !== 0) return true;
    return false;
  }

  /**
   * Switch allocation at output slot `o`: over the input ports whose head packet wants it, in
   * the policy's order, and within a port over its VCs; grants the first packet that can go,
   * or asks to be woken when a requester becomes ready.
   */
  tryAllocate(o: number): void {
    if (!this.wantsOutput(o)) return;
    this.allocate(o);
    // The output's requests, busy time or wake-up changed: credit returns may matter now.
    this.creditReturns.settle(o);
  }

  private allocate(o: number): void {
    const words = this.maskWords;
    const maskBase = o * words;
    const now = this.state.sim.nowNs;
    const busyUntil = this.outBusyUntilNs[o];
    if (busyUntil > now) {
      this.wakeups.output(o, busyUntil);
      return;
    }
    const pk = this.packets;
    const policy = this.policy;
    const router = this.slotRouter[o];
    const slotBase = this.slotBase[router];
    const out = o - slotBase;
    const vcs = this.vcs;
    const outLink = this.slotLink[o];
    if (outLink >= 0) this.creditReturns.drain(o);
    let minReadyNs = Infinity;
    // perf: visit only the inputs whose bit is set, in the policy's order: those from the
    // first input on (from its word on), then the rest, ending with the bits of the start
    // word below it.
    const start = policy.firstInput(o);
    const startWord = start >>> 5;
    const startBit = start & 31;
    const below = startBit === 0 ? 0 : (1 << startBit) - 1;
    for (let k = 0; k <= words; k++) {
      let w = startWord + k;
      if (w >= words) w -= words;
      let bits = this.outRequestMask[maskBase + w];
      if (k === 0) bits &= ~below;
      else if (k === words) bits &= below;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const input = (w << 5) + 31 - Math.clz32(low);
        const slot = slotBase + input;
        // An input streams one packet at a time (no crossbar speedup): a busy one waits.
        const inputFreeNs = this.inBusyUntilNs[slot];
        if (inputFreeNs > now) {
          if (inputFreeNs < minReadyNs) minReadyNs = inputFreeNs;
          continue;
        }
        const firstBuffer = this.inputBuffers[slot];
        const vcStart = policy.firstVc(slot);
        for (let j = 0; j < vcs; j++) {
          let vc = vcStart + j;
          if (vc >= vcs) vc -= vcs;
          const buffer = firstBuffer + vc;
          const p = this.bufHead[buffer];
          if (p < 0 || pk.outPort[p] !== out) continue;
          if (pk.readyNs[p] > now) {
            if (pk.readyNs[p] < minReadyNs) minReadyNs = pk.readyNs[p];
            continue;
          }
          const target = outLink >= 0 ? this.freeLane(outLink, p) : -1;
          if (outLink >= 0 && target < 0) continue; // the credit's return retries this output
          policy.granted(o, input, slot, vc);
          this.grant(o, router, out, p, buffer, input, target);
          return;
        }
      }
    }
    if (minReadyNs !== Infinity) this.wakeups.output(o, minReadyNs);
  }

  /**
   * Virtual cut-through: the downstream buffer of `link` that can take all of packet `p`
   * among the lanes of its VC class, the emptiest first; −1 if none can.
   */
  private freeLane(link: number, p: number): number {
    const first = link * this.vcs + this.packets.vcClass[p] * this.lanes;
    let best = this.packets.wireBytes[p] - 1;
    let target = -1;
    for (let lane = 0; lane < this.lanes; lane++) {
      const c = this.credits[first + lane];
      if (c > best) {
        best = c;
        target = first + lane;
      }
    }
    return target;
  }

  /**
   * Sends packet `p` from input `buffer` through output `out` of `router` now; `target` is
   * the downstream buffer (−1: ejection).
   */
  private grant(o: number, router: number, out: number, p: number, buffer: number, input: number, target: number): void {
    const state = this.state;
    const pk = this.packets;
    const now = state.sim.nowNs;
    const wire = pk.wireBytes[p];
    const slotBase = this.slotBase[router];
    // With link classes the tail moves at the slower of the link it came in on and the one it
    // leaves on (classes are symmetric: an input slot's link runs at its output slot's rate).
    const slotRate = this.slotNsPerByte;
    const serNs = slotRate === undefined ? wire * this.nsPerByte : wire * Math.max(slotRate[o], slotRate[slotBase + input]);
    this.outBusyUntilNs[o] = now + serNs;
    state.outQueuedBytes[o] -= wire;
    this.inBusyUntilNs[slotBase + input] = now + serNs;
    // The packet is moving until its head arrives downstream and its tail has left: no event
    // may come before then, and that is not a deadlock.
    state.lastProgressNs = Math.max(state.lastProgressNs, now + Math.max(serNs, this.hopDelayNs));

    const next = pk.next[p];
    this.bufHead[buffer] = next;
    if (next < 0) this.bufTail[buffer] = -1;
    // The buffer frees as the tail leaves; a network buffer's credit then crosses the link back.
    const creditDelayNs = buffer < this.firstInjectionBuffer ? serNs + (this.perLinkLatencyNs === undefined ? this.linkLatencyNs : this.perLinkLatencyNs[(buffer / this.vcs) | 0]) : serNs;
    this.creditReturns.returnAt(buffer, wire, now + creditDelayNs);
    // Does another VC of this input still want `out`?
    const firstBuffer = this.inputBuffers[slotBase + input];
    let stillWanted = false;
    for (let vc = 0; vc < this.vcs; vc++) {
      const h = this.bufHead[firstBuffer + vc];
      if (h >= 0 && h !== next && pk.outPort[h] === out) {
        stillWanted = true;
        break;
      }
    }
    if (!stillWanted) this.outRequestMask[o * this.maskWords + (input >>> 5)] &= ~(1 << (input & 31));
    if (next >= 0) this.request(slotBase + pk.outPort[next], input, pk.readyNs[next]);

    if (target >= 0) {
      this.credits[target] -= wire;
      const link = this.slotLink[o];
      this.links.book(link, now, serNs);
      pk.inPort[p] = out;
      pk.node[p] = this.linkTarget[link];
      pk.hops[p]++;
      state.packetHops++;
      // Link classes may give links different delays; a lane takes an event only when it is no
      // earlier than the lane's last, so the order stays exactly the heap's either way.
      const hopDelayNs = this.linkHopDelayNs === undefined ? this.hopDelayNs : this.linkHopDelayNs[link];
      pk.readyNs[p] = now + hopDelayNs;
      state.sim.scheduleInLane(state.arriveLane, now + hopDelayNs, this.arriveKind, p, target);
    } else {
      this.ejectPayloadBytes[this.slotNic[o]] = pk.payloadBytes[p];
      (this.ejection as EjectionPort).eject(p, now + serNs + this.endpointLatencyNs);
    }
    if (this.wantsOutput(o)) this.wakeups.output(o, now + serNs);
  }
}
