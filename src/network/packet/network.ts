import type { EventHandler, Simulator } from "../../engine/index.js";
import type { CongestionView, Routing } from "../../routing/index.js";
import type { Topology } from "../../topology/index.js";
import { checkNetworkConfig, packetCount, zeroLoadLatencyNs, type NetworkConfig } from "../config.js";
import { classZeroLoadNs, hasClassTiming } from "../link-classes.js";
import type { DeliveryObserver, NetworkModel } from "../model.js";
import type { DeliveryListener } from "../transport.js";
import { SeparableRoundRobin, type ArbitrationPolicy } from "./arbitration.js";
import { CreditReturns, type CreditEvents } from "./credits.js";
import { findDeadlock, type DeadlockReport } from "./deadlock.js";
import { RouterLayout } from "./layout.js";
import { LinkStats } from "./link-stats.js";
import { Nics } from "./nic.js";
import { ARRIVE, CREDIT, DELIVER, EVENT_KINDS, NIC_PUSH, PacketState, SELF, WAKE, WATCHDOG } from "./state.js";
import { SwitchAllocator } from "./switch.js";
import { Wakeups } from "./wakeups.js";
import { Watchdog } from "./watchdog.js";

export interface PacketNetworkOptions {
  /**
   * `lazy` (default): a returning credit is an event only where its owner could act on it;
   * `every`: one event per credit. Both give the same run (tests check it); `every` is the
   * plain reference.
   */
  readonly creditEvents?: CreditEvents;
}

/**
 * The packet-level network: routers with input buffers per (port, VC), credit-based flow
 * control, virtual cut-through, switch allocation per output under an arbitration policy
 * (separable round-robin), links with bandwidth and latency, and several network interfaces
 * (NICs) per endpoint. It runs on any `Topology`: routers of any radix, with or without
 * endpoints (see `RouterLayout`).
 *
 * Model, per hop: a packet whose head reached a router is switched after `routerLatencyNs`
 * to its output when the output link is idle, its input is free, the downstream buffer has
 * credits for the whole packet and it wins arbitration (`SwitchAllocator`). Its head reaches
 * the next router `linkLatencyNs` later while the tail follows at link bandwidth, so
 * serialization is paid once per route, not per hop. The buffer it leaves is freed as its
 * tail departs, and the credit reaches the upstream router a link latency after that.
 *
 * The parts, one concept each, over one struct-of-arrays `PacketState`: `Nics` (messages,
 * packetisation, ejection and delivery), `SwitchAllocator` (buffers, requests, grants) with
 * its `ArbitrationPolicy`, `Wakeups` (retries at known times), `LinkStats` (busy time) and
 * the deadlock `Watchdog`. This class wires them, dispatches their events and answers the
 * `NetworkModel` questions.
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
  readonly arbitration: ArbitrationPolicy;

  private readonly state: PacketState;
  private readonly wakeups: Wakeups;
  private readonly switches: SwitchAllocator;
  private readonly nics: Nics;
  private readonly watchdog: Watchdog;
  private readonly creditReturns: CreditReturns;
  private deadlockReport: DeadlockReport | undefined;

  constructor(sim: Simulator, topology: Topology, routing: Routing, config: NetworkConfig, options: PacketNetworkOptions = {}) {
    if (routing.topology !== topology) throw new Error("routing was built for another topology");
    checkNetworkConfig(config, routing.vcCount, "packet");
    this.sim = sim;
    this.topology = topology;
    this.routing = routing;
    this.config = config;
    const base = sim.register(this, EVENT_KINDS);
    const layout = new RouterLayout(topology, config.injectionPorts);
    this.layout = layout;
    const state = new PacketState(sim, routing, config, layout, base);
    this.state = state;
    this.links = new LinkStats(layout.linkCount, layout.linkOutput, state.outBusyUntilNs);
    this.arbitration = new SeparableRoundRobin(layout.slotCount, state.maskWords * 32, state.vcs);
    this.wakeups = new Wakeups(state);
    this.creditReturns = new CreditReturns(state, this.wakeups, options.creditEvents);
    this.switches = new SwitchAllocator(state, this.arbitration, this.wakeups, this.links, this.creditReturns);
    this.watchdog = new Watchdog(state);
    this.nics = new Nics(state, this.switches, this.wakeups, this.creditReturns, this.watchdog);
    this.switches.ejection = this.nics;
    routing.bindCongestion?.(this);
  }

  /**
   * CongestionView: bytes routed to the output and not yet sent, plus, for a link, those sent
   * whose buffer space downstream has not been credited back yet (credits due by now are
   * applied first, as the router would see them).
   */
  outputQueueBytes(router: number, port: number): number {
    const state = this.state;
    const slot = state.layout.slotBase[router] + port;
    const link = state.layout.slotLink[slot];
    if (link < 0) return state.outQueuedBytes[slot];
    state.ensureRouter(router);
    this.creditReturns.drain(slot);
    let used = state.vcs * this.config.bufferBytesPerVc + state.outQueuedBytes[slot];
    for (let b = link * state.vcs; b < (link + 1) * state.vcs; b++) used -= state.credits[b];
    return used;
  }

  get endpointCount(): number {
    return this.topology.endpointCount;
  }

  get nicsPerEndpoint(): number {
    return this.state.nics;
  }

  get linkBandwidthGBps(): number {
    return this.config.linkBandwidthGBps;
  }

  get streamBandwidthGBps(): number {
    const c = this.config;
    return c.linkBandwidthGBps * (c.packetPayloadBytes / (c.packetPayloadBytes + c.packetHeaderBytes));
  }

  get injectionBandwidthGBps(): number {
    return this.state.nics * this.state.timing.endpointBandwidthGBps;
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
    if (hasClassTiming(this.config, this.state.timing)) return classZeroLoadNs(this.config, this.state.timing, this.routing, src, dst, sizeBytes, packetCount(this.config, sizeBytes));
    return src === dst ? 0 : zeroLoadLatencyNs(this.config, this.topology.distance(src, dst), sizeBytes);
  }

  unitsPerMessage(sizeBytes: number): number {
    return packetCount(this.config, sizeBytes);
  }

  /** Free bytes of each buffer as its upstream router (or NIC) knows them now (see `PacketState`). */
  get credits(): Int32Array {
    this.state.ensureAll();
    this.creditReturns.drainAll();
    return this.state.credits;
  }

  get packetsInjected(): number {
    return this.state.packetsInjected;
  }

  get packetsDelivered(): number {
    return this.state.packetsDelivered;
  }

  /** Link traversals by packets (the benchmark's unit of work). */
  get packetHops(): number {
    return this.state.packetHops;
  }

  get payloadBytesDelivered(): number {
    return this.state.payloadBytesDelivered;
  }

  get messagesDelivered(): number {
    return this.state.messagesDelivered;
  }

  get unitsInjected(): number {
    return this.state.packetsInjected;
  }

  get unitsDelivered(): number {
    return this.state.packetsDelivered;
  }

  get unitHops(): number {
    return this.state.packetHops;
  }

  /** Packets created and not yet delivered (in NICs, buffers or on links). */
  get packetsInFlight(): number {
    return this.state.packets.live;
  }

  /** Routers whose state is in use (made ready on first use: a NIC's send, a packet's arrival). */
  get routersInUse(): number {
    let n = 0;
    for (const ready of this.state.routerReady) n += ready;
    return n;
  }

  /** Messages sent and not yet delivered. */
  get messagesInFlight(): number {
    return this.state.messages.live;
  }

  /** Set when the watchdog found no packet moving for `deadlockTimeoutNs`. */
  get deadlock(): DeadlockReport | undefined {
    return this.deadlockReport;
  }

  setListener(listener: DeliveryListener): void {
    this.nics.setListener(listener);
  }

  setObserver(observer: DeliveryObserver | undefined): void {
    this.nics.setObserver(observer);
  }

  send(src: number, dst: number, sizeBytes: number, token: number, nic = -1): void {
    if (!(sizeBytes >= 0)) throw new RangeError(`message size must be ≥ 0 bytes, got ${sizeBytes}`);
    this.nics.send(src, dst, sizeBytes, token, nic);
  }

  handleEvent(kind: number, a: number, b: number, nowNs: number): void {
    switch (kind) {
      case ARRIVE:
        this.switches.arrive(a, b);
        break;
      case WAKE:
        this.wakeups.outputWoken(a, nowNs);
        this.switches.tryAllocate(a);
        break;
      case CREDIT:
        if (this.creditReturns.isOutput(a)) this.switches.creditReturned(a);
        else this.nics.creditReturned(a - this.layout.slotCount);
        break;
      case DELIVER:
      case SELF:
        this.nics.delivered(a, nowNs);
        break;
      case WATCHDOG:
        // Credits that returned since count as progress.
        this.creditReturns.drainAll();
        if (this.watchdog.check(nowNs)) {
          this.deadlockReport = this.describeDeadlock();
          this.sim.stop();
        }
        break;
      case NIC_PUSH:
        this.wakeups.nicWoken(a, nowNs);
        this.nics.push(a);
        break;
    }
  }

  /**
   * The deadlock report: the watchdog's, or, when the event queue has run dry with packets
   * still in the network (they can never move again), one made now; undefined if neither —
   * nor when the run was cut short by an exception in an event (that is no deadlock, whatever
   * the queue holds).
   */
  stuck(): DeadlockReport | undefined {
    if (this.deadlockReport === undefined && this.state.packets.live > 0 && this.sim.pendingEvents === 0 && !this.sim.inEvent) {
      this.deadlockReport = this.describeDeadlock();
    }
    return this.deadlockReport;
  }

  private describeDeadlock(): DeadlockReport {
    const state = this.state;
    this.creditReturns.drainAll();
    return findDeadlock({
      topology: this.topology,
      layout: this.layout,
      nowNs: this.sim.nowNs,
      vcs: state.vcs,
      lanes: state.lanes,
      packetsInFlight: state.packets.live,
      networkBuffers: state.firstInjectionBuffer,
      routerReady: state.routerReady,
      bufferHead: state.bufHead,
      credits: state.credits,
      packetOutPort: state.packets.outPort,
      packetVcClass: state.packets.vcClass,
      packetWireBytes: state.packets.wireBytes,
    });
  }

  linkBusyUpToNs(link: number, atNs: number): number {
    return this.links.busyUpToNs(link, atNs);
  }

  /** Payload bytes whose tails reached their NIC by `atNs` (≤ now + one packet). */
  payloadDeliveredBy(atNs: number): number {
    const state = this.state;
    const nicSlot = this.layout.nicSlot;
    let pending = 0;
    for (let q = 0; q < state.ejectPayloadBytes.length; q++) {
      if (state.outBusyUntilNs[nicSlot[q]] > atNs) pending += state.ejectPayloadBytes[q];
    }
    return state.payloadBytesDelivered - pending;
  }

  /** Bytes of simulator state per endpoint (typed arrays sized by the topology). */
  bytesPerEndpoint(): number {
    const own = this.state.byteLength + this.arbitration.byteLength + this.wakeups.byteLength + this.links.byteLength + this.nics.byteLength + this.layout.byteLength;
    return own / this.topology.endpointCount + this.topology.bytesPerEndpoint();
  }
}
