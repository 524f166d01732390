import type { EventHandler, Simulator } from "../../engine/index.js";
import { ARRIVED, hopPort, hopVc, type CongestionView, type Routing } from "../../routing/index.js";
import type { Topology } from "../../topology/index.js";
import { checkNetworkConfig, packetCount, zeroLoadLatencyNs, type NetworkConfig } from "../config.js";
import type { DeliveryObserver, NetworkModel } from "../model.js";
import type { DeliveryListener } from "../transport.js";
import { findDeadlock, type DeadlockReport } from "./deadlock.js";
import { RouterLayout } from "./layout.js";
import { LinkStats } from "./link-stats.js";
import { MessagePool, PacketPool } from "./pools.js";

// Local event kinds.
const ARRIVE = 0; // a: packet, b: buffer — the packet's head is at the router, routed and ready
const WAKE = 1; // a: output slot — retry switch allocation at that output
const CREDIT = 2; // a: buffer, b: bytes — buffer space returns to the upstream router
const DELIVER = 3; // a: message — the tail of its last packet has reached the destination NIC
const SELF = 4; // a: message — a message to oneself, delivered without the network
const WATCHDOG = 5; // deadlock check
const NIC_PUSH = 6; // a: NIC (endpoint × NICs + k) — the NIC may push its next packet into the router
const KINDS = 7;

/**
 * The packet-level network: routers with input buffers per (port, VC), credit-based flow
 * control, virtual cut-through, separable round-robin switch allocation per output, links
 * with bandwidth and latency, and several network interfaces (NICs) per endpoint. It runs on
 * any `Topology`: routers of any radix, with or without endpoints (see `RouterLayout`).
 *
 * Model, per hop: a packet whose head reached router n is switched after `routerLatencyNs`
 * to its output when (1) the output link is idle, (2) its input port is not streaming another
 * packet (no crossbar speedup), (3) the downstream buffer of its VC has credits for the whole
 * packet (virtual cut-through) and (4) it wins round-robin among the inputs requesting that
 * output. Its head reaches the next router `linkLatencyNs` later while the tail follows at
 * link bandwidth, so serialization is paid once per route, not per hop. The buffer it leaves
 * is freed as its tail departs, and the credit reaches the upstream router a link latency
 * after that.
 *
 * NICs: each message goes whole through one NIC (round-robin per source unless given), as a
 * Tofu put goes through one TNI. A NIC streams its packets back to back at link bandwidth
 * into its router's terminal input, which has VC buffers like a network input (so a packet
 * waiting for a busy output does not hold back the next one bound elsewhere); the destination
 * ejects them through its NIC of the same index, and the ejection side always accepts (the
 * NIC drains into memory).
 *
 * Buffers: network buffer = link × VCs + vc, addressed by the link they terminate, with their
 * credits kept upstream; injection buffers follow, (links + NIC) × VCs + vc, with their
 * credits kept by the NIC. The routing's VC classes are spread over the physical VCs: each
 * class owns ⌊VCs / classes⌋ lanes, and a packet takes the lane with the most credits when
 * switched.
 */
export class PacketNetwork implements NetworkModel, EventHandler, CongestionView {
  readonly kind = "packet" as const;
  readonly topology: Topology;
  readonly config: NetworkConfig;
  readonly routing: Routing;
  readonly sim: Simulator;
  readonly layout: RouterLayout;
  readonly links: LinkStats;

  private readonly base: number;
  private listener: DeliveryListener | undefined;
  private observer: DeliveryObserver | undefined;

  private readonly vcs: number;
  private readonly nics: number;
  private readonly lanes: number;
  /** 32-bit words of one output's request mask (one bit per input of the largest router). */
  private readonly maskWords: number;
  private readonly nsPerByte: number;
  private readonly hopDelayNs: number;
  /** First buffer of each input slot; −1 where a port has no link. */
  private readonly inputBuffers: Int32Array;
  /** Buffers below this id are network buffers, the rest injection buffers. */
  private readonly firstInjectionBuffer: number;

  // perf: the layout's tables, held directly so the hot path reads them without a hop.
  private readonly slotBase: Int32Array;
  private readonly slotRouter: Int32Array;
  private readonly slotLink: Int32Array;
  private readonly slotNic: Int32Array;
  private readonly routerRadix: Int32Array;
  private readonly linkOutput: Int32Array;
  private readonly linkTarget: Int32Array;
  private readonly linkInput: Int32Array;
  private readonly nicRouter: Int32Array;
  private readonly nicSlot: Int32Array;
  private readonly nicInput: Int32Array;

  private readonly bufHead: Int32Array;
  private readonly bufTail: Int32Array;
  /** Free bytes of each buffer as its upstream router knows them. */
  readonly credits: Int32Array;

  private readonly outBusyUntilNs: Float64Array;
  private readonly outWakeNs: Float64Array;
  private readonly outRoundRobin: Int16Array;
  /** Per output slot, `maskWords` words with a bit per input whose head packet wants it. */
  private readonly outRequestMask: Int32Array;
  /** Per input slot: the VC to look at first in the next allocation. */
  private readonly inVcRoundRobin: Uint8Array;
  /** Per input slot: until when it is streaming a packet through the crossbar. */
  private readonly inBusyUntilNs: Float64Array;
  /** Per output slot: wire bytes of the packets routed to it here and not yet sent (an adaptive routing's view of its queue). */
  private readonly outQueuedBytes: Int32Array;
  /** Per NIC: payload of the packet being ejected there (until its output frees). */
  private readonly ejectPayloadBytes: Int32Array;

  private readonly nicHeadMsg: Int32Array;
  private readonly nicTailMsg: Int32Array;
  private readonly nicBusyUntilNs: Float64Array;
  /** Time of the NIC's pending NIC_PUSH event, −1 if none. */
  private readonly nicWakeNs: Float64Array;
  private readonly nicNext: Uint8Array;

  private readonly packets = new PacketPool();
  private readonly messages = new MessagePool();

  packetsInjected = 0;
  packetsDelivered = 0;
  /** Link traversals by packets (the benchmark's unit of work). */
  packetHops = 0;
  payloadBytesDelivered = 0;
  messagesDelivered = 0;
  private lastProgressNs = 0;
  private watchdogPending = false;
  private deadlockReport: DeadlockReport | undefined;

  constructor(sim: Simulator, topology: Topology, routing: Routing, config: NetworkConfig) {
    if (routing.topology !== topology) throw new Error("routing was built for another topology");
    checkNetworkConfig(config, routing.vcCount);
    this.sim = sim;
    this.topology = topology;
    this.routing = routing;
    this.config = config;
    this.base = sim.register(this, KINDS);

    this.vcs = config.virtualChannels;
    this.nics = config.injectionPorts;
    const layout = new RouterLayout(topology, this.nics);
    this.layout = layout;
    this.slotBase = layout.slotBase;
    this.slotRouter = layout.slotRouter;
    this.slotLink = layout.slotLink;
    this.slotNic = layout.slotNic;
    this.routerRadix = layout.radix;
    this.linkOutput = layout.linkOutput;
    this.linkTarget = layout.linkTarget;
    this.linkInput = layout.linkInput;
    this.nicRouter = layout.nicRouter;
    this.nicSlot = layout.nicSlot;
    this.nicInput = layout.nicInput;
    this.maskWords = Math.max(1, Math.ceil(layout.maxSlots / 32));
    this.lanes = Math.floor(this.vcs / routing.vcCount);
    this.nsPerByte = 1 / config.linkBandwidthGBps;
    this.hopDelayNs = config.linkLatencyNs + config.routerLatencyNs;

    const slots = layout.slotCount;
    const nicCount = layout.endpointCount * this.nics;
    this.firstInjectionBuffer = layout.linkCount * this.vcs;
    this.inputBuffers = new Int32Array(slots).fill(-1);
    for (let s = 0; s < slots; s++) {
      const link = layout.slotInLink[s];
      if (link >= 0) this.inputBuffers[s] = link * this.vcs;
    }
    for (let q = 0; q < nicCount; q++) this.inputBuffers[this.nicSlot[q]] = this.firstInjectionBuffer + q * this.vcs;

    const buffers = this.firstInjectionBuffer + nicCount * this.vcs;
    this.bufHead = new Int32Array(buffers).fill(-1);
    this.bufTail = new Int32Array(buffers).fill(-1);
    this.credits = new Int32Array(buffers).fill(config.bufferBytesPerVc);

    this.outBusyUntilNs = new Float64Array(slots);
    this.outWakeNs = new Float64Array(slots).fill(-1);
    this.outRoundRobin = new Int16Array(slots);
    this.outQueuedBytes = new Int32Array(slots);
    this.outRequestMask = new Int32Array(slots * this.maskWords);
    this.inVcRoundRobin = new Uint8Array(slots);
    this.inBusyUntilNs = new Float64Array(slots);
    this.ejectPayloadBytes = new Int32Array(nicCount);
    this.links = new LinkStats(layout.linkCount, this.linkOutput, this.outBusyUntilNs);

    this.nicHeadMsg = new Int32Array(nicCount).fill(-1);
    this.nicTailMsg = new Int32Array(nicCount).fill(-1);
    this.nicBusyUntilNs = new Float64Array(nicCount);
    this.nicWakeNs = new Float64Array(nicCount).fill(-1);
    this.nicNext = new Uint8Array(layout.endpointCount);
    routing.bindCongestion?.(this);
  }

  /** CongestionView: bytes routed to the output and not yet sent, plus those sent whose credits have not come back (terminals: the former). */
  outputQueueBytes(router: number, port: number): number {
    const slot = this.slotBase[router] + port;
    const link = this.slotLink[slot];
    if (link < 0) return this.outQueuedBytes[slot];
    let used = this.vcs * this.config.bufferBytesPerVc + this.outQueuedBytes[slot];
    for (let b = link * this.vcs; b < (link + 1) * this.vcs; b++) used -= this.credits[b];
    return used;
  }

  get endpointCount(): number {
    return this.topology.endpointCount;
  }

  get nicsPerEndpoint(): number {
    return this.nics;
  }

  get linkBandwidthGBps(): number {
    return this.config.linkBandwidthGBps;
  }

  get streamBandwidthGBps(): number {
    const c = this.config;
    return c.linkBandwidthGBps * (c.packetPayloadBytes / (c.packetPayloadBytes + c.packetHeaderBytes));
  }

  get injectionBandwidthGBps(): number {
    return this.nics * this.config.linkBandwidthGBps;
  }

  get baseLatencyNs(): number {
    return this.config.nicLatencyNs + this.config.routerLatencyNs;
  }

  get hopLatencyNs(): number {
    return this.config.routerLatencyNs + this.config.linkLatencyNs;
  }

  /** NIC latency, a router at each end, a router and a wire per hop (zero-load latency without the bytes). */
  headLatencyNs(hops: number): number {
    const c = this.config;
    return c.nicLatencyNs + (hops + 1) * c.routerLatencyNs + hops * c.linkLatencyNs;
  }

  zeroLoadLatencyNs(src: number, dst: number, sizeBytes: number): number {
    return src === dst ? 0 : zeroLoadLatencyNs(this.config, this.topology.distance(src, dst), sizeBytes);
  }

  unitsPerMessage(sizeBytes: number): number {
    return packetCount(this.config, sizeBytes);
  }

  get unitsInjected(): number {
    return this.packetsInjected;
  }

  get unitsDelivered(): number {
    return this.packetsDelivered;
  }

  get unitHops(): number {
    return this.packetHops;
  }

  /** Packets created and not yet delivered (in NICs, buffers or on links). */
  get packetsInFlight(): number {
    return this.packets.live;
  }

  /** Messages sent and not yet delivered. */
  get messagesInFlight(): number {
    return this.messages.live;
  }

  /** Set when the watchdog found no packet moving for `deadlockTimeoutNs`. */
  get deadlock(): DeadlockReport | undefined {
    return this.deadlockReport;
  }

  setListener(listener: DeliveryListener): void {
    this.listener = listener;
  }

  setObserver(observer: DeliveryObserver | undefined): void {
    this.observer = observer;
  }

  send(src: number, dst: number, sizeBytes: number, token: number, nic = -1): void {
    if (!(sizeBytes >= 0)) throw new RangeError(`message size must be ≥ 0 bytes, got ${sizeBytes}`);
    const now = this.sim.nowNs;
    const msgs = this.messages;
    const m = msgs.allocate();
    msgs.dst[m] = dst;
    msgs.token[m] = token;
    msgs.postedNs[m] = now;
    if (src === dst) {
      msgs.undeliveredPackets[m] = 0;
      this.sim.scheduleIn(0, this.base + SELF, m);
      return;
    }
    let i = nic;
    if (i < 0) {
      i = this.nicNext[src];
      this.nicNext[src] = i + 1 === this.nics ? 0 : i + 1;
    } else i %= this.nics;
    msgs.nic[m] = i;
    msgs.tag[m] = this.routing.messageTag !== undefined ? this.routing.messageTag(src, dst) : 0;
    // The destination router: where the destination's NIC of the same index attaches.
    msgs.dstRouter[m] = this.nicRouter[dst * this.nics + i];
    msgs.unsentBytes[m] = sizeBytes;
    msgs.undeliveredPackets[m] = packetCount(this.config, sizeBytes);
    msgs.readyNs[m] = now + this.config.nicLatencyNs;
    msgs.next[m] = -1;
    const q = src * this.nics + i;
    if (this.nicTailMsg[q] < 0) this.nicHeadMsg[q] = m;
    else msgs.next[this.nicTailMsg[q]] = m;
    this.nicTailMsg[q] = m;
    if (this.nicHeadMsg[q] === m) this.nicPush(q);
    if (!this.watchdogPending) {
      this.watchdogPending = true;
      this.lastProgressNs = Math.max(this.lastProgressNs, now);
      this.sim.scheduleIn(this.config.deadlockTimeoutNs, this.base + WATCHDOG);
    }
  }

  handleEvent(kind: number, a: number, b: number, nowNs: number): void {
    switch (kind) {
      case ARRIVE:
        this.arrive(a, b);
        break;
      case WAKE:
        if (this.outWakeNs[a] === nowNs) this.outWakeNs[a] = -1;
        this.tryAllocate(a);
        break;
      case CREDIT: {
        this.credits[a] += b;
        if (nowNs > this.lastProgressNs) this.lastProgressNs = nowNs;
        if (a >= this.firstInjectionBuffer) {
          this.nicPush(((a - this.firstInjectionBuffer) / this.vcs) | 0);
          break;
        }
        const o = this.linkOutput[(a / this.vcs) | 0];
        if (this.wantsOutput(o)) this.tryAllocate(o);
        break;
      }
      case DELIVER:
      case SELF:
        if (nowNs > this.lastProgressNs) this.lastProgressNs = nowNs;
        this.messagesDelivered++;
        this.finishMessage(a, nowNs);
        break;
      case WATCHDOG:
        this.watchdog(nowNs);
        break;
      case NIC_PUSH:
        if (this.nicWakeNs[a] === nowNs) this.nicWakeNs[a] = -1;
        this.nicPush(a);
        break;
    }
  }

  /**
   * NIC `q` (= endpoint × NICs + k) cuts the next packet of its head message and streams it
   * into an injection buffer of its router, when its link is free and a buffer can take the
   * whole packet; otherwise it waits for that (a NIC_PUSH event, or the buffer's credit).
   */
  private nicPush(q: number): void {
    const m = this.nicHeadMsg[q];
    if (m < 0) return;
    const now = this.sim.nowNs;
    const msgs = this.messages;
    const startNs = Math.max(this.nicBusyUntilNs[q], msgs.readyNs[m]);
    if (startNs > now) {
      this.nicWakeAt(q, startNs);
      return;
    }
    const payload = Math.min(this.config.packetPayloadBytes, msgs.unsentBytes[m]);
    const wire = payload + this.config.packetHeaderBytes;
    // The emptiest injection VC that can take the whole packet.
    const first = this.firstInjectionBuffer + q * this.vcs;
    let buffer = -1;
    let best = wire - 1;
    for (let vc = 0; vc < this.vcs; vc++) {
      if (this.credits[first + vc] > best) {
        best = this.credits[first + vc];
        buffer = first + vc;
      }
    }
    if (buffer < 0) return; // a credit returning to this NIC pushes again
    msgs.unsentBytes[m] -= payload;
    if (msgs.unsentBytes[m] <= 0) {
      // Last packet of this message: the NIC moves on to the next message.
      const next = msgs.next[m];
      this.nicHeadMsg[q] = next;
      if (next < 0) this.nicTailMsg[q] = -1;
    }
    const router = this.nicRouter[q];
    const pk = this.packets;
    const p = pk.allocate();
    pk.msg[p] = m;
    pk.dst[p] = msgs.dstRouter[m];
    pk.node[p] = router;
    pk.payloadBytes[p] = payload;
    pk.wireBytes[p] = wire;
    pk.nic[p] = msgs.nic[m];
    pk.vcClass[p] = 0;
    pk.inPort[p] = -1;
    pk.hops[p] = 0;
    pk.createdNs[p] = msgs.postedNs[m];
    pk.readyNs[p] = now + this.config.routerLatencyNs;
    this.credits[buffer] -= wire;
    this.packetsInjected++;
    this.lastProgressNs = Math.max(this.lastProgressNs, now + wire * this.nsPerByte + this.config.routerLatencyNs);
    const serNs = wire * this.nsPerByte;
    this.nicBusyUntilNs[q] = now + serNs;
    this.enqueue(p, buffer, router, this.nicInput[q]);
    if (this.nicHeadMsg[q] >= 0) this.nicWakeAt(q, now + serNs);
  }

  private nicWakeAt(q: number, atNs: number): void {
    const pending = this.nicWakeNs[q];
    if (pending >= this.sim.nowNs && pending <= atNs) return;
    this.nicWakeNs[q] = atNs;
    this.sim.schedule(atNs, this.base + NIC_PUSH, q);
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
    this.outQueuedBytes[this.slotBase[router] + pk.outPort[p]] += pk.wireBytes[p];
  }

  /** A packet became the head of a buffer of `input` and asks for output slot `o`. */
  private request(o: number, input: number, readyNs: number): void {
    this.outRequestMask[o * this.maskWords + (input >>> 5)] |= 1 << (input & 31);
    if (readyNs <= this.sim.nowNs) this.tryAllocate(o);
    else this.wakeAt(o, readyNs);
  }

  private wantsOutput(o: number): boolean {
    const w = this.maskWords;
    for (let i = o * w; i < o * w + w; i++) if (this.outRequestMask[i] !== 0) return true;
    return false;
  }

  private wakeAt(o: number, atNs: number): void {
    const pending = this.outWakeNs[o];
    // perf: one pending wake per output is enough when it is no later than the one asked for.
    if (pending >= this.sim.nowNs && pending <= atNs) return;
    this.outWakeNs[o] = atNs;
    this.sim.schedule(atNs, this.base + WAKE, o);
  }

  private arrive(p: number, buffer: number): void {
    if (this.sim.nowNs > this.lastProgressNs) this.lastProgressNs = this.sim.nowNs;
    this.enqueue(p, buffer, this.packets.node[p], this.linkInput[(buffer / this.vcs) | 0]);
  }

  /** Routes packet `p` at `router` and appends it to `buffer` of `input`; a new head requests its output. */
  private enqueue(p: number, buffer: number, router: number, input: number): void {
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

  /**
   * Switch allocation at output slot `o`, a separable round-robin policy: over the input ports
   * (network ports, then terminals) whose head packet wants it, starting after the last
   * winner, and within a port round-robin over its VCs — so a stream spread over four VCs gets
   * one turn, not four.
   */
  private tryAllocate(o: number): void {
    if (!this.wantsOutput(o)) return;
    const words = this.maskWords;
    const maskBase = o * words;
    const now = this.sim.nowNs;
    const busyUntil = this.outBusyUntilNs[o];
    if (busyUntil > now) {
      this.wakeAt(o, busyUntil);
      return;
    }
    const pk = this.packets;
    const router = this.slotRouter[o];
    const slotBase = this.slotBase[router];
    const out = o - slotBase;
    const vcs = this.vcs;
    const outLink = this.slotLink[o];
    let minReadyNs = Infinity;
    // perf: visit only the inputs whose bit is set, in round-robin order: those after the
    // last winner first (from its word on), then the rest, ending with the bits of the start
    // word below it.
    let start = this.outRoundRobin[o] + 1;
    if (start >= words * 32) start = 0;
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
        const vcStart = this.inVcRoundRobin[slot];
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
          this.outRoundRobin[o] = input;
          this.inVcRoundRobin[slot] = vc + 1 === vcs ? 0 : vc + 1;
          this.grant(o, router, out, p, buffer, input, target);
          return;
        }
      }
    }
    if (minReadyNs !== Infinity) this.wakeAt(o, minReadyNs);
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
    const pk = this.packets;
    const now = this.sim.nowNs;
    const wire = pk.wireBytes[p];
    const serNs = wire * this.nsPerByte;
    const slotBase = this.slotBase[router];
    this.outBusyUntilNs[o] = now + serNs;
    this.outQueuedBytes[o] -= wire;
    this.inBusyUntilNs[slotBase + input] = now + serNs;
    // The packet is moving until its head arrives downstream and its tail has left: no event
    // may come before then, and that is not a deadlock.
    this.lastProgressNs = Math.max(this.lastProgressNs, now + Math.max(serNs, this.hopDelayNs));

    const next = pk.next[p];
    this.bufHead[buffer] = next;
    if (next < 0) this.bufTail[buffer] = -1;
    // The buffer frees as the tail leaves; a network buffer's credit then crosses the link back.
    const creditDelayNs = buffer < this.firstInjectionBuffer ? serNs + this.config.linkLatencyNs : serNs;
    this.sim.schedule(now + creditDelayNs, this.base + CREDIT, buffer, wire);
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
      this.links.busyNs[link] += serNs;
      pk.inPort[p] = out;
      pk.node[p] = this.linkTarget[link];
      pk.hops[p]++;
      this.packetHops++;
      pk.readyNs[p] = now + this.hopDelayNs;
      this.sim.schedule(now + this.hopDelayNs, this.base + ARRIVE, p, target);
    } else {
      this.ejectPayloadBytes[this.slotNic[o]] = pk.payloadBytes[p];
      this.eject(p, now + serNs);
    }
    if (this.wantsOutput(o)) this.wakeAt(o, now + serNs);
  }

  /**
   * Packet `p` starts ejecting now and is whole at the NIC at `doneNs`. perf: its statistics
   * are recorded and its slot freed now; only a message's last packet schedules an event.
   * A message's packets eject one after another through the same NIC, so the last to start
   * is the last to finish.
   */
  private eject(p: number, doneNs: number): void {
    const pk = this.packets;
    const msgs = this.messages;
    const m = pk.msg[p];
    this.packetsDelivered++;
    this.payloadBytesDelivered += pk.payloadBytes[p];
    if (this.observer !== undefined) this.observer.onUnitDelivered(msgs.token[m], doneNs - pk.createdNs[p], pk.hops[p]);
    pk.release(p);
    if (--msgs.undeliveredPackets[m] === 0) this.sim.schedule(doneNs, this.base + DELIVER, m);
  }

  private finishMessage(m: number, nowNs: number): void {
    const token = this.messages.token[m];
    this.messages.release(m);
    if (this.listener !== undefined) this.listener.onDelivered(token, nowNs);
  }

  private watchdog(nowNs: number): void {
    // Messages waiting at a NIC keep the watchdog alive too: their packets are yet to come.
    if (this.messages.live === 0) {
      this.watchdogPending = false;
      return;
    }
    // The deadline is computed once and compared as is: `now − last ≥ timeout` can be false
    // at `last + timeout` by one rounding step, which would reschedule the check forever.
    const deadlineNs = this.lastProgressNs + this.config.deadlockTimeoutNs;
    if (nowNs >= deadlineNs && this.packets.live > 0) {
      this.watchdogPending = false;
      this.deadlockReport = this.describeDeadlock();
      this.sim.stop();
      return;
    }
    this.sim.schedule(nowNs >= deadlineNs ? nowNs + this.config.deadlockTimeoutNs : deadlineNs, this.base + WATCHDOG);
  }

  /**
   * The deadlock report: the watchdog's, or, when the event queue has run dry with packets
   * still in the network (they can never move again), one made now; undefined if neither.
   */
  stuck(): DeadlockReport | undefined {
    if (this.deadlockReport === undefined && this.packets.live > 0 && this.sim.pendingEvents === 0) {
      this.deadlockReport = this.describeDeadlock();
    }
    return this.deadlockReport;
  }

  private describeDeadlock(): DeadlockReport {
    return findDeadlock({
      topology: this.topology,
      layout: this.layout,
      nowNs: this.sim.nowNs,
      vcs: this.vcs,
      lanes: this.lanes,
      packetsInFlight: this.packets.live,
      networkBuffers: this.firstInjectionBuffer,
      bufferHead: this.bufHead,
      credits: this.credits,
      packetOutPort: this.packets.outPort,
      packetVcClass: this.packets.vcClass,
      packetWireBytes: this.packets.wireBytes,
    });
  }

  linkBusyUpToNs(link: number, atNs: number): number {
    return this.links.busyUpToNs(link, atNs);
  }

  /** Payload bytes whose tails reached their NIC by `atNs` (≤ now + one packet). */
  payloadDeliveredBy(atNs: number): number {
    let pending = 0;
    for (let q = 0; q < this.ejectPayloadBytes.length; q++) {
      if (this.outBusyUntilNs[this.nicSlot[q]] > atNs) pending += this.ejectPayloadBytes[q];
    }
    return this.payloadBytesDelivered - pending;
  }

  /** Bytes of simulator state per endpoint (typed arrays sized by the topology). */
  bytesPerEndpoint(): number {
    const arrays = [
      this.inputBuffers, this.bufHead, this.bufTail, this.credits, this.outBusyUntilNs, this.outWakeNs,
      this.outRoundRobin, this.outQueuedBytes, this.outRequestMask, this.inVcRoundRobin, this.inBusyUntilNs, this.ejectPayloadBytes, this.links.busyNs, this.nicHeadMsg, this.nicTailMsg,
      this.nicBusyUntilNs, this.nicWakeNs, this.nicNext,
    ];
    const own = arrays.reduce((sum, a) => sum + a.byteLength, 0) + this.layout.byteLength;
    return own / this.topology.endpointCount + this.topology.bytesPerEndpoint();
  }
}
