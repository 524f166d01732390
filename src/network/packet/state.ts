import type { Simulator } from "../../engine/index.js";
import type { Routing } from "../../routing/index.js";
import type { NetworkConfig } from "../config.js";
import { linkTiming, type LinkTiming } from "../link-classes.js";
import type { RouterLayout } from "./layout.js";
import { MessagePool, PacketPool } from "./pools.js";

/** Local event kinds of the packet network (offsets from `PacketState.eventBase`). */
export const ARRIVE = 0; // a: packet, b: buffer — the packet's head is at the router, routed and ready
export const WAKE = 1; // a: output slot — retry switch allocation at that output
export const CREDIT = 2; // a: credit owner (output slot, or slots + NIC) — returned buffer space may let it act
export const DELIVER = 3; // a: message — the tail of its last packet has reached the destination NIC
export const SELF = 4; // a: message — a message to oneself, delivered without the network
export const WATCHDOG = 5; // deadlock check
export const NIC_PUSH = 6; // a: NIC (endpoint × NICs + k) — the NIC may push its next packet into the router
export const EVENT_KINDS = 7;

/**
 * The packet network's shared state, struct-of-arrays: every buffer, input, output and NIC is
 * an integer id into these typed arrays, and each concept (NICs, switch allocation, wake-ups,
 * link statistics) reads and writes the columns it needs. Nothing here has behaviour.
 *
 * Ids: input/output slots and NICs as in `RouterLayout`; buffers are link × VCs + vc for
 * network buffers (addressed by the link they terminate) and (links + NIC) × VCs + vc for
 * injection buffers.
 *
 * perf (memory): a router's columns are made ready on its first use (`ensureRouter`: a message
 * sent from one of its NICs, or a packet arriving at it), not when the network is built. The
 * columns are allocated zeroed, which costs no memory until written (the operating system maps
 * zero pages on first touch), so a 2-node put on all of Fugaku touches the pages of a few
 * routers instead of filling ~250 MB of tables.
 */
export class PacketState {
  readonly sim: Simulator;
  readonly config: NetworkConfig;
  readonly routing: Routing;
  readonly layout: RouterLayout;
  /** Global kind of local event kind 0. */
  readonly eventBase: number;
  /** The simulator's FIFO lane for arrivals (always one hop after their grant). */
  readonly arriveLane: number;
  /** The lane for wake-ups and deliveries (mostly one packet's serialization after now). */
  readonly wakeLane: number;

  readonly vcs: number;
  readonly nics: number;
  /** Physical VCs per routing VC class. */
  readonly lanes: number;
  /** 32-bit words of one output's request mask (one bit per input of the largest router). */
  readonly maskWords: number;
  readonly nsPerByte: number;
  /** Router latency + link latency: from a grant to the packet's head being ready downstream. */
  readonly hopDelayNs: number;
  /** Link classes (`network.linkClasses`): per-link and endpoint bandwidth and latency. */
  readonly timing: LinkTiming;
  /**
   * perf: only with link classes of their own rates — ns per byte of each slot's link (a
   * terminal slot: the NIC's), else undefined and every hop uses `nsPerByte` (tori never pay).
   */
  readonly slotNsPerByte: Float64Array | undefined;
  /** Only with link classes: router latency + the link's own latency, per link. */
  readonly linkHopDelayNs: Float64Array | undefined;
  /** Only with link classes: each link's wire latency (its credits return over it). */
  readonly linkLatencyNs: Float64Array | undefined;
  /** The NICs' ns per byte (the endpoint class's rate). */
  readonly nicNsPerByte: number;
  /** The endpoint class's latency, paid at injection and at ejection (0 without classes). */
  readonly endpointLatencyNs: number;
  /** Buffers below this id are network buffers, the rest injection buffers. */
  readonly firstInjectionBuffer: number;
  /** First buffer of each input slot (set for a ready router; unset for a port with no link). */
  readonly inputBuffers: Int32Array;
  /** Per router: 1 once its columns are ready (`ensureRouter`). */
  readonly routerReady: Uint8Array;

  /** Head and tail packet of each buffer's FIFO (−1: empty); packets link through `packets.next`. */
  readonly bufHead: Int32Array;
  readonly bufTail: Int32Array;
  /** Free bytes of each buffer as its upstream router (or NIC) knows them. */
  readonly credits: Int32Array;

  /** Per output slot: until when its link (or ejection port) is sending. */
  readonly outBusyUntilNs: Float64Array;
  /** Per output slot, `maskWords` words with a bit per input whose head packet wants it. */
  readonly outRequestMask: Int32Array;
  /** Per input slot: until when it is streaming a packet through the crossbar. */
  readonly inBusyUntilNs: Float64Array;
  /** Per output slot: wire bytes of the packets routed to it here and not yet sent (an adaptive routing's view of its queue). */
  readonly outQueuedBytes: Int32Array;

  /** Per NIC: its queue of messages (head, tail; linked through `messages.next`). */
  readonly nicHeadMsg: Int32Array;
  readonly nicTailMsg: Int32Array;
  /** Per NIC: until when it is streaming a packet into its router. */
  readonly nicBusyUntilNs: Float64Array;
  /** Per NIC: payload of the packet being ejected there (until its output frees). */
  readonly ejectPayloadBytes: Int32Array;
  /** Time of each output's pending WAKE event, −1 if none (see `Wakeups`). */
  readonly outWakeNs: Float64Array;
  /** Time of each NIC's pending NIC_PUSH event, −1 if none. */
  readonly nicWakeNs: Float64Array;
  /** Columns of other parts whose empty value is −1, per owner: slot o, or `slots` + NIC q (see `ownedColumn`). */
  private readonly ownerColumns: Int32Array[] = [];

  readonly packets = new PacketPool();
  readonly messages = new MessagePool();

  packetsInjected = 0;
  packetsDelivered = 0;
  /** Link traversals by packets (the benchmark's unit of work). */
  packetHops = 0;
  payloadBytesDelivered = 0;
  messagesDelivered = 0;
  /** Latest time at which some packet was known to be moving (for the deadlock watchdog). */
  lastProgressNs = 0;

  constructor(sim: Simulator, routing: Routing, config: NetworkConfig, layout: RouterLayout, eventBase: number) {
    this.sim = sim;
    this.config = config;
    this.routing = routing;
    this.layout = layout;
    this.eventBase = eventBase;
    this.arriveLane = sim.openLane();
    this.wakeLane = sim.openLane();
    this.vcs = config.virtualChannels;
    this.nics = config.injectionPorts;
    this.lanes = Math.floor(this.vcs / routing.vcCount);
    this.maskWords = Math.max(1, Math.ceil(layout.maxSlots / 32));
    this.nsPerByte = 1 / config.linkBandwidthGBps;
    this.hopDelayNs = config.linkLatencyNs + config.routerLatencyNs;
    this.timing = linkTiming(routing.topology, config);
    this.nicNsPerByte = 1 / this.timing.endpointBandwidthGBps;
    this.endpointLatencyNs = this.timing.endpointLatencyNs;
    const perLink = this.timing.perLink;
    const slots = layout.slotCount;
    if (perLink !== undefined || this.nicNsPerByte !== this.nsPerByte) {
      this.slotNsPerByte = new Float64Array(slots).fill(this.nicNsPerByte);
      for (let s = 0; s < slots; s++) {
        const link = layout.slotLink[s];
        if (link >= 0) this.slotNsPerByte[s] = perLink === undefined ? this.nsPerByte : perLink.nsPerByte[link];
      }
    }
    if (perLink !== undefined) {
      this.linkLatencyNs = perLink.latencyNs;
      this.linkHopDelayNs = perLink.latencyNs.map((l) => l + config.routerLatencyNs);
    }

    const nicCount = layout.endpointCount * this.nics;
    this.firstInjectionBuffer = layout.linkCount * this.vcs;
    this.inputBuffers = new Int32Array(slots);
    this.routerReady = new Uint8Array(layout.routerCount);

    const buffers = this.firstInjectionBuffer + nicCount * this.vcs;
    this.bufHead = new Int32Array(buffers);
    this.bufTail = new Int32Array(buffers);
    this.credits = new Int32Array(buffers);

    this.outBusyUntilNs = new Float64Array(slots);
    this.outRequestMask = new Int32Array(slots * this.maskWords);
    this.inBusyUntilNs = new Float64Array(slots);
    this.outQueuedBytes = new Int32Array(slots);

    this.nicHeadMsg = new Int32Array(nicCount).fill(-1);
    this.nicTailMsg = new Int32Array(nicCount).fill(-1);
    this.nicBusyUntilNs = new Float64Array(nicCount);
    this.ejectPayloadBytes = new Int32Array(nicCount);
    this.outWakeNs = new Float64Array(slots);
    this.nicWakeNs = new Float64Array(nicCount);
  }

  /** A column of −1 per credit owner (output slots, then NICs), made ready with each router. */
  ownedColumn(): Int32Array {
    const column = new Int32Array(this.layout.slotCount + this.layout.endpointCount * this.nics);
    this.ownerColumns.push(column);
    return column;
  }

  /**
   * Makes router `r`'s columns ready: its input buffers empty, the credits it keeps (for the
   * buffers its links feed, and its NICs' injection buffers) full, no wake-up pending, its
   * NICs idle. perf: callers test `routerReady[r]` first; this runs once per router.
   */
  ensureRouter(r: number): void {
    if (this.routerReady[r] !== 0) return;
    this.routerReady[r] = 1;
    const layout = this.layout;
    const vcs = this.vcs;
    const full = this.config.bufferBytesPerVc;
    const slots = layout.slotCount;
    for (let s = layout.slotBase[r]; s < layout.slotBase[r + 1]; s++) {
      this.outWakeNs[s] = -1;
      for (const column of this.ownerColumns) column[s] = -1;
      const inLink = layout.slotInLink[s];
      const q = layout.slotNic[s];
      const first = inLink >= 0 ? inLink * vcs : q >= 0 ? this.firstInjectionBuffer + q * vcs : -1;
      this.inputBuffers[s] = first;
      if (first >= 0) {
        this.bufHead.fill(-1, first, first + vcs);
        this.bufTail.fill(-1, first, first + vcs);
      }
      const outLink = layout.slotLink[s];
      if (outLink >= 0) this.credits.fill(full, outLink * vcs, outLink * vcs + vcs);
      if (q >= 0) {
        // The NIC's injection buffers, whose credits it keeps.
        this.credits.fill(full, first, first + vcs);
        this.nicHeadMsg[q] = -1;
        this.nicTailMsg[q] = -1;
        this.nicWakeNs[q] = -1;
        for (const column of this.ownerColumns) column[slots + q] = -1;
      }
    }
  }

  /** Makes every router ready (for whole-network views: tests, reports). */
  ensureAll(): void {
    for (let r = 0; r < this.layout.routerCount; r++) this.ensureRouter(r);
  }

  /** Bytes of the fixed-size columns, as allocated (pools excluded: they grow with the traffic); a router's pages are touched only once it is used. */
  get byteLength(): number {
    return [
      this.inputBuffers, this.bufHead, this.bufTail, this.credits, this.outBusyUntilNs, this.outRequestMask,
      this.inBusyUntilNs, this.outQueuedBytes, this.nicHeadMsg, this.nicTailMsg, this.nicBusyUntilNs, this.ejectPayloadBytes,
      this.routerReady, this.outWakeNs, this.nicWakeNs, ...this.ownerColumns,
    ].reduce((sum, a) => sum + a.byteLength, 0);
  }
}
