import type { EventHandler, Simulator } from "../../engine/index.js";
import { ARRIVED, NO_CONGESTION, hopPort, hopVc, type Routing } from "../../routing/index.js";
import type { Topology } from "../../topology/index.js";
import { networkConfigProblems, packetCount, zeroLoadLatencyNs, type NetworkConfig } from "../config.js";
import { classZeroLoadNs, hasClassTiming, linkTiming, type LinkTiming } from "../link-classes.js";
import type { DeliveryObserver, NetworkModel } from "../model.js";
import type { DeliveryListener } from "../transport.js";
import { CompletionGroups } from "./completion-groups.js";
import {
  ACTIVE,
  DEFERRED,
  E_FLOW,
  E_NEXT,
  E_RES,
  EL,
  F_EVENT_NS,
  F_GROUP,
  F_ELEM_COUNT,
  F_ELEM_START,
  F_HOPS,
  F_NEXT,
  F_NIC_NEXT,
  F_PAYLOAD_BYTES,
  F_POSTED_NS,
  F_RATE,
  F_REMAINING,
  F_STATE,
  F_TOKEN,
  F_UPDATED_NS,
  FF,
  FI,
  FlowTable,
  grow,
  LATENT,
  NONE,
  R_FLOWS,
  R_HEAD,
  RI,
  SELF,
  WAITING,
} from "./flow-table.js";
import { MaxMinSolver, type RateSink, type SolverStats } from "./maxmin.js";

// Busy-time fields of a link: lk[link * LK + field].
const LK = 3;
const L_UTILIZATION = 0;
const L_SINCE_NS = 1;
const L_BUSY_NS = 2;

// Local event kinds.
const ACTIVATE = 0; // a: hop count — flows of that many hops whose head latency ends now join their resources
const SOLVE = 1; // re-solve the rates where flows arrived or left this instant
const COMPLETE = 2; // a: completion group — its flows' last bytes arrive now
const DELIVER_SELF = 3; // a: flow — a message to oneself
const RETRY = 4; // a: flow — a packet it waited for is through: try to start again
const KINDS = 5;

/** The configuration fields the flow model reads (buffers, VCs and the deadlock timeout have no meaning here). */
const USED_FIELDS: readonly (keyof NetworkConfig)[] = [
  "linkBandwidthGBps",
  "linkLatencyNs",
  "routerLatencyNs",
  "packetPayloadBytes",
  "packetHeaderBytes",
  "injectionPorts",
  "nicLatencyNs",
];

/** What the flow model did, for benchmarks and reports. */
export interface FlowStats extends SolverStats {
  /** Messages that crossed the network (self-sends excluded). */
  readonly flows: number;
  /** Engine events the model handled. */
  readonly events: number;
  /** Of which: head latencies ending, solves, completions, deferred starts. */
  readonly activateEvents: number;
  readonly solveEvents: number;
  readonly completeEvents: number;
  readonly retryEvents: number;
  /** Most flows in flight at once (sent and not delivered). */
  readonly peakFlowsInFlight: number;
}

/**
 * The flow-level network: every message is one flow along exactly the route the packet model
 * would give it, and flows share bandwidth max-min fairly.
 *
 * - Route: the message's NIC (round-robin per source unless given), the routing's tag for it,
 *   and `routing.nextHop` from the router of the source's NIC to the router of the
 *   destination's NIC of the same index — as `PacketNetwork` routes each of its packets.
 * - Resources, each of link bandwidth: every directed link, every NIC's injection and every
 *   NIC's ejection. A flow crosses its source NIC's injection, its links and the
 *   destination NIC's ejection.
 * - Time: a flow first waits its head latency (NIC, a router at each end, a router and a wire
 *   per hop), then all its wire bytes — payload plus one header per packet, so one flow
 *   streams at the packet model's payload / (payload + header) of a link — flow at their
 *   max-min fair rate, recomputed whenever a flow joins or leaves a resource it shares. A lone
 *   message thus takes exactly the packet model's zero-load latency.
 * - A NIC sends one message at a time, in send order, as the packet model's NIC does: a flow
 *   past its head latency waits until the flows sent before it through its NIC have
 *   delivered their last byte. Ejection is shared: flows into one NIC split its bandwidth.
 * - A flow never cuts into another's last packet: one that would start on a resource where
 *   another flow has less than a packet left starts when that packet is through (packets are
 *   not preempted). Start times move by less than one packet; rates stay exact max-min.
 * - A flow model has no buffers, credits or arbitration, so it cannot deadlock: `stuck()` is
 *   always undefined. Nor does it show head-of-line blocking or saturation collapse.
 *
 * A unit, for the `NetworkModel` counters and the observer, is a whole message.
 *
 * Events: flows that finish their head latency at the same instant with the same hop count
 * join their resources in one event; all changes of an instant are solved in one event; flows
 * that complete at the same instant are delivered by one event (`CompletionGroups`).
 */
export class FlowNetwork implements NetworkModel, EventHandler, RateSink {
  readonly kind = "flow" as const;
  readonly sim: Simulator;
  readonly topology: Topology;
  readonly routing: Routing;
  readonly config: NetworkConfig;
  readonly table: FlowTable;
  readonly solver: MaxMinSolver;

  private readonly base: number;
  private listener: DeliveryListener | undefined;
  private observer: DeliveryObserver | undefined;
  private readonly nics: number;
  private readonly linkCount: number;
  /** Resource id of NIC q's injection is firstInjection + q, of its ejection firstEjection + q. */
  private readonly firstInjection: number;
  private readonly firstEjection: number;
  /** Router each NIC (endpoint × NICs + k) attaches to. */
  private readonly nicRouter: Int32Array;
  private readonly nicNext: Uint8Array;
  /** Per NIC: its flows not yet delivered, in send order (linked through F_NIC_NEXT); only the first streams. */
  private readonly nicQueueHead: Int32Array;
  private readonly nicQueueTail: Int32Array;
  private readonly groups: CompletionGroups;

  /** Per hop count: the flows paying their head latency, in send order (= activation order). */
  private latentHead: Int32Array = new Int32Array(16).fill(NONE);
  private latentTail: Int32Array = new Int32Array(16).fill(NONE);

  private route: Int32Array = new Int32Array(64);
  /**
   * Per link: its utilization (Σ rates / capacity) since a time, that time, and its busy time
   * before it: lk[link * LK + field]. NIC sides are resources too but nobody asks their busy
   * time, so they are not booked.
   */
  private readonly lk: Float64Array;
  /** Wire bytes of the largest packet: a flow with less left is in its last packet. */
  private readonly lastPacketBytes: number;
  private solvePending = false;
  /** Link classes' timing; `classLatency`: each link's latency, only where classes change it. */
  private readonly timing: LinkTiming;
  private readonly classLatency: Float64Array | undefined;
  /** With link classes: the latent queue of each distinct head latency. */
  private readonly latentQueueOf = new Map<number, number>();

  messagesInFlight = 0;
  unitsInjected = 0;
  unitsDelivered = 0;
  unitHops = 0;
  private payloadDelivered = 0;
  private eventCount = 0;
  private readonly eventsByKind = new Float64Array(KINDS);
  private peakInFlight = 0;

  constructor(sim: Simulator, topology: Topology, routing: Routing, config: NetworkConfig) {
    if (routing.topology !== topology) throw new Error("routing was built for another topology");
    const [problem] = networkConfigProblems(config, 0).filter((p) => USED_FIELDS.includes(p.field));
    if (problem !== undefined) throw new RangeError(`network.${problem.field} ${problem.message}`);
    this.sim = sim;
    this.topology = topology;
    this.routing = routing;
    routing.bindCongestion?.(NO_CONGESTION);
    this.config = config;
    this.base = sim.register(this, KINDS);
    this.nics = config.injectionPorts;
    const endpoints = topology.endpointCount;
    const nicCount = endpoints * this.nics;
    this.linkCount = topology.linkCount;
    this.firstInjection = this.linkCount;
    this.firstEjection = this.linkCount + nicCount;
    const resources = this.linkCount + 2 * nicCount;
    // Link classes: each link at its class's rate, the NICs at the endpoint class's.
    this.timing = linkTiming(topology, config);
    const capacity = new Float64Array(resources).fill(config.linkBandwidthGBps);
    if (this.timing.perLink !== undefined) capacity.set(this.timing.perLink.bandwidthGBps);
    capacity.fill(this.timing.endpointBandwidthGBps, this.linkCount);
    this.classLatency = hasClassTiming(config, this.timing) ? this.timing.perLink?.latencyNs : undefined;
    this.table = new FlowTable(capacity);
    this.solver = new MaxMinSolver(this.table);
    this.groups = new CompletionGroups(this.table);
    // NIC k of endpoint e enters the network at its attachment k mod attachments (the Topology contract).
    this.nicRouter = new Int32Array(nicCount);
    for (let e = 0; e < endpoints; e++) {
      const attachments = topology.endpointAttachments(e);
      for (let k = 0; k < this.nics; k++) this.nicRouter[e * this.nics + k] = topology.endpointRouter(e, k % attachments);
    }
    this.nicNext = new Uint8Array(endpoints);
    this.nicQueueHead = new Int32Array(nicCount).fill(NONE);
    this.nicQueueTail = new Int32Array(nicCount).fill(NONE);
    this.lastPacketBytes = config.packetPayloadBytes + config.packetHeaderBytes;
    this.lk = new Float64Array(this.linkCount * LK);
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
    return this.nics * this.timing.endpointBandwidthGBps;
  }

  get baseLatencyNs(): number {
    return this.config.nicLatencyNs + this.config.routerLatencyNs;
  }

  get hopLatencyNs(): number {
    return this.config.routerLatencyNs + this.config.linkLatencyNs;
  }

  /** NIC latency, a router at each end, a router and a wire per hop: what a flow waits before its bytes flow. */
  headLatencyNs(hops: number): number {
    const c = this.config;
    return c.nicLatencyNs + (hops + 1) * c.routerLatencyNs + hops * c.linkLatencyNs;
  }

  zeroLoadLatencyNs(src: number, dst: number, sizeBytes: number): number {
    if (hasClassTiming(this.config, this.timing)) return classZeroLoadNs(this.config, this.timing, this.routing, src, dst, sizeBytes, packetCount(this.config, sizeBytes));
    return src === dst ? 0 : zeroLoadLatencyNs(this.config, this.topology.distance(src, dst), sizeBytes);
  }

  /** With link classes: the head latency of the route in `this.route` (h links), each link at its own latency. */
  private routeHeadLatencyNs(h: number): number {
    const c = this.config;
    let ns = c.nicLatencyNs + (h + 1) * c.routerLatencyNs + 2 * this.timing.endpointLatencyNs;
    for (let k = 0; k < h; k++) ns += this.classLatency === undefined ? c.linkLatencyNs : this.classLatency[this.route[k]];
    return ns;
  }

  /** A message is one unit: the flow model has no packets. */
  unitsPerMessage(_sizeBytes: number): number {
    return 1;
  }

  setListener(listener: DeliveryListener): void {
    this.listener = listener;
  }

  setObserver(observer: DeliveryObserver | undefined): void {
    this.observer = observer;
  }

  /** A flow model has no buffers to fill and cannot deadlock. */
  stuck(): undefined {
    return undefined;
  }

  get stats(): FlowStats {
    const k = this.eventsByKind;
    return {
      ...this.solver.stats,
      flows: this.unitsInjected,
      events: this.eventCount,
      activateEvents: k[ACTIVATE],
      solveEvents: k[SOLVE],
      completeEvents: k[COMPLETE],
      retryEvents: k[RETRY],
      peakFlowsInFlight: this.peakInFlight,
    };
  }

  send(src: number, dst: number, sizeBytes: number, token: number, nic = -1): void {
    if (!(sizeBytes >= 0)) throw new RangeError(`message size must be ≥ 0 bytes, got ${sizeBytes}`);
    const now = this.sim.nowNs;
    this.messagesInFlight++;
    if (this.messagesInFlight > this.peakInFlight) this.peakInFlight = this.messagesInFlight;
    const t = this.table;
    if (src === dst) {
      const f = t.allocate(0);
      t.fi[f * FI + F_STATE] = SELF;
      t.fi[f * FI + F_TOKEN] = token;
      this.sim.scheduleIn(0, this.base + DELIVER_SELF, f);
      return;
    }
    let i = nic;
    if (i < 0) {
      i = this.nicNext[src];
      this.nicNext[src] = i + 1 === this.nics ? 0 : i + 1;
    } else i %= this.nics;
    const tag = this.routing.messageTag !== undefined ? this.routing.messageTag(src, dst) : 0;
    const h = this.traceRoute(this.nicRouter[src * this.nics + i], this.nicRouter[dst * this.nics + i], tag);
    const f = t.allocate(h + 2);
    const fi = t.fi;
    const ff = t.ff;
    const el = t.el;
    const first = fi[f * FI + F_ELEM_START];
    el[first * EL + E_RES] = this.firstInjection + src * this.nics + i;
    for (let k = 0; k < h; k++) el[(first + 1 + k) * EL + E_RES] = this.route[k];
    el[(first + 1 + h) * EL + E_RES] = this.firstEjection + dst * this.nics + i;
    fi[f * FI + F_STATE] = LATENT;
    fi[f * FI + F_NIC_NEXT] = NONE;
    const q = src * this.nics + i;
    const last = this.nicQueueTail[q];
    if (last === NONE) this.nicQueueHead[q] = f;
    else fi[last * FI + F_NIC_NEXT] = f;
    this.nicQueueTail[q] = f;
    fi[f * FI + F_TOKEN] = token;
    fi[f * FI + F_HOPS] = h;
    ff[f * FF + F_REMAINING] = this.wireBytesOf(sizeBytes);
    ff[f * FF + F_PAYLOAD_BYTES] = sizeBytes;
    ff[f * FF + F_POSTED_NS] = now;
    this.unitsInjected++;
    if (this.classLatency === undefined && this.timing.endpointLatencyNs === 0) this.enqueueLatent(f, h, now + this.headLatencyNs(h));
    else {
      // Link classes: routes of equal length may differ in latency, and a latent queue must
      // hold one latency (its flows activate in order), so queues go by latency, not length.
      const latency = this.routeHeadLatencyNs(h);
      let queue = this.latentQueueOf.get(latency);
      if (queue === undefined) this.latentQueueOf.set(latency, (queue = this.latentQueueOf.size));
      this.enqueueLatent(f, queue, now + latency);
    }
  }

  /** Payload plus one header per packet. */
  private wireBytesOf(sizeBytes: number): number {
    return sizeBytes + packetCount(this.config, sizeBytes) * this.config.packetHeaderBytes;
  }

  handleEvent(kind: number, a: number, _b: number, nowNs: number): void {
    this.eventCount++;
    this.eventsByKind[kind]++;
    switch (kind) {
      case ACTIVATE:
        this.activate(a, nowNs);
        break;
      case SOLVE:
        this.solvePending = false;
        this.solver.solve(this);
        break;
      case COMPLETE: {
        const groups = this.groups;
        groups.close(a);
        const ff = this.table.ff;
        for (let f = groups.first(a); f !== NONE; f = groups.first(a)) {
          groups.remove(f);
          // A flow slowed since it joined this group is due later: it waits in a later one.
          if (ff[f * FF + F_EVENT_NS] > nowNs) this.completeAt(f, ff[f * FF + F_EVENT_NS]);
          else this.finish(f, nowNs);
        }
        groups.release(a);
        break;
      }
      case DELIVER_SELF:
        this.deliver(a, nowNs);
        break;
      case RETRY:
        this.stream(a, nowNs);
        break;
    }
  }

  /** The solver changed flow f's rate now: bring its bytes and its resources' loads up to now, and move its completion. */
  rateChanged(f: number, oldRate: number, newRate: number): void {
    const ff = this.table.ff;
    const now = this.sim.nowNs;
    const j = f * FF;
    let remaining = ff[j + F_REMAINING] - oldRate * (now - ff[j + F_UPDATED_NS]);
    if (remaining < 0) remaining = 0;
    ff[j + F_REMAINING] = remaining;
    ff[j + F_UPDATED_NS] = now;
    this.addLoad(f, newRate - oldRate, now);
    const doneNs = now + remaining / newRate;
    ff[j + F_EVENT_NS] = doneNs;
    // perf: a flow due later than the group it is in stays there and moves on when that group
    // fires; only one due earlier needs an event now. Congestion mostly slows flows down, so
    // this spares most of the engine events rate changes would cost.
    const g = this.table.fi[f * FI + F_GROUP];
    if (g === NONE || this.groups.timeOf(g) > doneNs) this.completeAt(f, doneNs);
  }

  /** Flow f's last byte is due at `atNs` (as things stand): it joins the group that fires then. */
  private completeAt(f: number, atNs: number): void {
    this.table.ff[f * FF + F_EVENT_NS] = atNs;
    const g = this.groups.place(f, atNs);
    if (g !== NONE) this.sim.schedule(atNs, this.base + COMPLETE, g);
  }

  /** Time `link` has spent transmitting up to `atNs` (exact for any time since its last rate change). */
  linkBusyUpToNs(link: number, atNs: number): number {
    const y = link * LK;
    return this.lk[y + L_BUSY_NS] + this.lk[y + L_UTILIZATION] * (atNs - this.lk[y + L_SINCE_NS]);
  }

  /**
   * Payload delivered by `atNs` (no later than now): whole messages delivered, plus, for each
   * flow still streaming, its payload in proportion to the wire bytes it has sent (its head
   * latency is behind it, so what it sends arrives).
   */
  payloadDeliveredBy(atNs: number): number {
    const t = this.table;
    const at = Math.min(atNs, this.sim.nowNs);
    let streaming = 0;
    for (let f = 0; f < t.flowIdCapacity; f++) {
      if (t.fi[f * FI + F_STATE] !== ACTIVE) continue;
      const j = f * FF;
      const payload = t.ff[j + F_PAYLOAD_BYTES];
      const wire = this.wireBytesOf(payload);
      if (wire === 0) continue;
      const left = Math.max(0, t.ff[j + F_REMAINING] - t.ff[j + F_RATE] * Math.max(0, at - t.ff[j + F_UPDATED_NS]));
      streaming += (payload * (wire - left)) / wire;
    }
    return this.payloadDelivered + streaming;
  }

  /**
   * Bytes of model state: per resource (every directed link and both sides of every NIC),
   * per flow id (the most flows in flight at once), and per element (each resource a flow in
   * flight crosses: its links + 2).
   */
  static readonly BYTES_PER_RESOURCE = FlowTable.BYTES_PER_RESOURCE + MaxMinSolver.BYTES_PER_RESOURCE;
  /** Links also keep their busy time. */
  static readonly BYTES_PER_LINK = FlowNetwork.BYTES_PER_RESOURCE + LK * 8;
  static readonly BYTES_PER_FLOW_ID = FlowTable.BYTES_PER_FLOW_ID + CompletionGroups.BYTES_PER_FLOW_ID;
  static readonly BYTES_PER_ELEMENT = FlowTable.BYTES_PER_ELEMENT;

  /** Resources (links, NIC injections, NIC ejections) this model shares bandwidth over. */
  get resourceCount(): number {
    return this.table.resourceCount;
  }

  /** Follows the routing from router `from` to `to`; leaves the links in `this.route` and returns their count. */
  private traceRoute(from: number, to: number, tag: number): number {
    const topo = this.topology;
    let router = from;
    let inPort = -1;
    let inVc = 0;
    let h = 0;
    while (router !== to) {
      const code = this.routing.nextHop(router, to, inPort, inVc, tag);
      if (code === ARRIVED) throw new Error(`routing ${this.routing.name} stopped at router ${router} before ${to}`);
      const port = hopPort(code);
      const link = topo.linkId(router, port);
      if (link < 0) throw new Error(`routing ${this.routing.name} chose unconnected port ${port} at router ${router}`);
      if (h === this.route.length) {
        if (h > topo.linkCount) throw new Error(`routing ${this.routing.name} loops between routers ${from} and ${to}`);
        this.route = grow(this.route, 2 * h);
      }
      this.route[h++] = link;
      router = topo.neighbor(router, port);
      inPort = port;
      inVc = hopVc(code);
    }
    return h;
  }

  /**
   * Queues flow f until its head latency ends at `atNs`. Flows of one hop count end their
   * latency in send order, so each hop count is a FIFO, and one event serves every flow of the
   * FIFO that ends at the same instant.
   */
  private enqueueLatent(f: number, h: number, atNs: number): void {
    if (h >= this.latentHead.length) {
      const n = Math.max(h + 1, 2 * this.latentHead.length);
      const head = new Int32Array(n).fill(NONE);
      const tail = new Int32Array(n).fill(NONE);
      head.set(this.latentHead);
      tail.set(this.latentTail);
      this.latentHead = head;
      this.latentTail = tail;
    }
    const t = this.table;
    t.ff[f * FF + F_EVENT_NS] = atNs;
    t.fi[f * FI + F_NEXT] = NONE;
    const tail = this.latentTail[h];
    if (tail === NONE) this.latentHead[h] = f;
    else t.fi[tail * FI + F_NEXT] = f;
    this.latentTail[h] = f;
    // perf: an event only for the first flow of each instant.
    if (tail === NONE || t.ff[tail * FF + F_EVENT_NS] !== atNs) this.sim.schedule(atNs, this.base + ACTIVATE, h);
  }

  /** Flows of `h` hops whose head latency ends now start streaming. */
  private activate(h: number, nowNs: number): void {
    const t = this.table;
    for (let f = this.latentHead[h]; f !== NONE && t.ff[f * FF + F_EVENT_NS] === nowNs; f = this.latentHead[h]) {
      const next = t.fi[f * FI + F_NEXT];
      this.latentHead[h] = next;
      if (next === NONE) this.latentTail[h] = NONE;
      // Its NIC sends one message at a time, in send order.
      if (this.nicQueueHead[this.nicOf(f)] === f) this.stream(f, nowNs);
      else t.fi[f * FI + F_STATE] = WAITING;
    }
  }

  /** The NIC (endpoint × NICs + k) flow f is sent through: its first resource is that NIC's injection. */
  private nicOf(f: number): number {
    const t = this.table;
    return t.el[t.fi[f * FI + F_ELEM_START] * EL + E_RES] - this.firstInjection;
  }

  /**
   * Flow f, its head latency paid and its NIC's turn come, starts streaming now: it joins its
   * resources and gets a rate — unless one of its resources carries the last packet of
   * another flow, which it waits for (a packet is never preempted: in the packet model a
   * message arriving at a busy output waits for the packet on it, and the one finishing is
   * not slowed). Without that rule a fluid model makes flows that barely overlap both late,
   * and neighbours in a bulk-synchronous collective, whose messages differ by a few bytes,
   * drift apart step by step.
   */
  private stream(f: number, nowNs: number): void {
    const t = this.table;
    const remaining = t.ff[f * FF + F_REMAINING];
    if (remaining === 0) {
      // No bytes on the wire (no payload, no header): done once its head latency is paid.
      t.fi[f * FI + F_STATE] = ACTIVE;
      t.ff[f * FF + F_UPDATED_NS] = nowNs;
      this.completeAt(f, nowNs);
      return;
    }
    const waitNs = this.lastPacketWaitNs(f, nowNs);
    if (nowNs + waitNs > nowNs) {
      t.fi[f * FI + F_STATE] = DEFERRED;
      this.sim.schedule(nowNs + waitNs, this.base + RETRY, f);
      return;
    }
    t.fi[f * FI + F_STATE] = ACTIVE;
    t.ff[f * FF + F_UPDATED_NS] = nowNs;
    const alone = this.alone(f);
    t.attach(f);
    if (alone) {
      // perf: a flow that finds all its resources idle is a component of its own: it gets
      // its narrowest capacity without waiting for the instant's solve. Should another flow
      // join one of them this instant, that solve revises the rate before any time passes,
      // so the result is the same as solving both together.
      this.solver.solveAlone(f, this);
    } else {
      this.solver.markDirty(t.el[t.fi[f * FI + F_ELEM_START] * EL + E_RES]);
      this.requestSolve();
    }
  }

  /** How long until no flow on flow f's resources is in its last packet (0: none is). */
  private lastPacketWaitNs(f: number, nowNs: number): number {
    const t = this.table;
    const el = t.el;
    const ff = t.ff;
    let waitNs = 0;
    const start = t.fi[f * FI + F_ELEM_START];
    const end = start + t.fi[f * FI + F_ELEM_COUNT];
    for (let e = start; e < end; e++) {
      for (let x = t.ri[el[e * EL + E_RES] * RI + R_HEAD]; x !== NONE; x = el[x * EL + E_NEXT]) {
        const j = el[x * EL + E_FLOW] * FF;
        const rate = ff[j + F_RATE];
        if (rate === 0) continue; // joined this instant, not solved yet: not finishing
        const left = ff[j + F_REMAINING] - rate * (nowNs - ff[j + F_UPDATED_NS]);
        if (left < this.lastPacketBytes && left / rate > waitNs) waitNs = left / rate;
      }
    }
    return waitNs;
  }

  /** Flow f has delivered its last byte: its NIC starts the next message sent through it, if that one's head latency is paid. */
  private releaseNic(f: number, nowNs: number): void {
    const t = this.table;
    const q = this.nicOf(f);
    const after = t.fi[f * FI + F_NIC_NEXT];
    this.nicQueueHead[q] = after;
    if (after === NONE) this.nicQueueTail[q] = NONE;
    else if (t.fi[after * FI + F_STATE] === WAITING) this.stream(after, nowNs);
  }

  /** Whether no active flow crosses any resource of flow f. */
  private alone(f: number): boolean {
    const t = this.table;
    const start = t.fi[f * FI + F_ELEM_START];
    const end = start + t.fi[f * FI + F_ELEM_COUNT];
    for (let e = start; e < end; e++) if (t.ri[t.el[e * EL + E_RES] * RI + R_FLOWS] !== 0) return false;
    return true;
  }

  private requestSolve(): void {
    if (this.solvePending) return;
    this.solvePending = true;
    // perf: one solve per instant, after every arrival and departure already queued for it.
    this.sim.schedule(this.sim.nowNs, this.base + SOLVE);
  }

  /** Flow f's last byte arrived: it leaves its resources, whose remaining flows get re-solved. */
  private finish(f: number, nowNs: number): void {
    const t = this.table;
    const rate = t.ff[f * FF + F_RATE];
    // A flow with no wire bytes never joined its resources (its rate stayed 0).
    if (rate > 0) {
      this.addLoad(f, -rate, nowNs);
      t.detach(f);
      const start = t.fi[f * FI + F_ELEM_START];
      const end = start + t.fi[f * FI + F_ELEM_COUNT];
      let dirty = false;
      for (let e = start; e < end; e++) {
        const r = t.el[e * EL + E_RES];
        if (t.ri[r * RI + R_FLOWS] > 0) {
          this.solver.markDirty(r);
          dirty = true;
        } else if (r < this.linkCount) {
          // Idle now: clear the rounding that adding and removing rates leaves behind.
          this.lk[r * LK + L_UTILIZATION] = 0;
        }
      }
      if (dirty) this.requestSolve();
    }
    this.releaseNic(f, nowNs);
    const hops = t.fi[f * FI + F_HOPS];
    this.payloadDelivered += t.ff[f * FF + F_PAYLOAD_BYTES];
    this.unitsDelivered++;
    this.unitHops += hops;
    if (this.observer !== undefined) this.observer.onUnitDelivered(t.fi[f * FI + F_TOKEN], nowNs - t.ff[f * FF + F_POSTED_NS], hops);
    this.deliver(f, nowNs);
  }

  /** Frees flow f and tells the listener. */
  private deliver(f: number, nowNs: number): void {
    const token = this.table.fi[f * FI + F_TOKEN];
    this.table.release(f);
    this.messagesInFlight--;
    if (this.listener !== undefined) this.listener.onDelivered(token, nowNs);
  }

  /** Adds `deltaRate` to the load of every link flow f crosses, booking their busy time up to now first. */
  private addLoad(f: number, deltaRate: number, nowNs: number): void {
    const t = this.table;
    const el = t.el;
    const lk = this.lk;
    // A route block is [injection, links…, ejection].
    const start = t.fi[f * FI + F_ELEM_START] + 1;
    const end = start + t.fi[f * FI + F_HOPS];
    for (let e = start; e < end; e++) {
      const r = el[e * EL + E_RES];
      const y = r * LK;
      lk[y + L_BUSY_NS] += lk[y + L_UTILIZATION] * (nowNs - lk[y + L_SINCE_NS]);
      lk[y + L_SINCE_NS] = nowNs;
      lk[y + L_UTILIZATION] += deltaRate / t.capacity[r];
    }
  }
}
