import type { EventHandler, Simulator } from "../engine/index.js";
import { ARRIVED, hopPort, hopVc, type Routing } from "../routing/index.js";
import type { Topology } from "../topology/index.js";
import { checkNetworkConfig, type NetworkConfig } from "./config.js";
import { findDeadlock, type DeadlockReport } from "./deadlock.js";
import { MessagePool, PacketPool } from "./pools.js";
import { PacketStats } from "./stats.js";
import type { DeliveryListener, Transport } from "./transport.js";

// Local event kinds.
const ARRIVE = 0; // a: packet, b: buffer — the packet's head is at the router, routed and ready
const WAKE = 1; // a: output — retry switch allocation at that output
const CREDIT = 2; // a: buffer, b: bytes — buffer space returns to the upstream router
const DELIVER = 3; // a: message — the tail of its last packet has reached the destination NIC
const SELF = 4; // a: message — a message to oneself, delivered without the network
const WATCHDOG = 5; // deadlock check
const NIC_PUSH = 6; // a: node × NICs + nic — the NIC may push its next packet into the router
const KINDS = 7;

/** Router ports + NICs per node: one request bit each in a 32-bit mask per output. */
export const MAX_ROUTER_INPUTS = 32;

/**
 * The packet-level network: routers with input buffers per (port, VC), credit-based flow
 * control, virtual cut-through, round-robin switch allocation per output, links with
 * bandwidth and latency, and several network interfaces (NICs) per node.
 *
 * Model, per hop: a packet whose head reached router n is switched after `routerLatencyNs`
 * to its output when (1) the output link is idle, (2) its input port is not streaming another
 * packet (no crossbar speedup), (3) the downstream buffer of its VC has credits for the whole
 * packet (virtual cut-through) and (4) it wins round-robin among the inputs requesting that
 * output. Its head reaches the next router `linkLatencyNs` later while
 * the tail follows at link bandwidth, so serialization is paid once per route, not per hop.
 * The buffer it leaves is freed as its tail departs, and the credit reaches the upstream
 * router a link latency after that.
 *
 * NICs: each message goes whole through one NIC (round-robin per source unless given), as a
 * Tofu put goes through one TNI. A NIC streams its packets back to back at link bandwidth
 * into its own router input, which has VC buffers like a network input (so a packet waiting
 * for a busy output does not hold back the next one bound elsewhere); the destination ejects
 * them through its NIC of the same index, and the ejection side always accepts (the NIC
 * drains into memory).
 *
 * Buffers: network buffer = channel × VCs + vc, addressed by the channel they terminate, with
 * their credits kept upstream; injection buffers follow, (channels + node × NICs + nic) × VCs
 * + vc, with their credits kept by the NIC. Outputs are node × (ports + NICs) + output.
 * The routing's VC classes are spread over the physical VCs: each class owns
 * ⌊VCs / classes⌋ lanes, and a packet takes the lane with the most credits when switched.
 */
export class Network implements Transport, EventHandler {
  readonly topology: Topology;
  readonly config: NetworkConfig;
  readonly routing: Routing;
  readonly stats: PacketStats;
  readonly sim: Simulator;

  private readonly base: number;
  private listener: DeliveryListener | undefined;

  private readonly ports: number;
  private readonly vcs: number;
  private readonly nics: number;
  private readonly outputsPerNode: number;
  private readonly lanes: number;
  private readonly nsPerByte: number;
  private readonly hopDelayNs: number;
  private readonly reversePort: Int16Array;
  /** First buffer of each (node, input): input = router port, then NIC; −1 where a port has no link. */
  private readonly inputBuffers: Int32Array;
  /** Buffers below this id are network buffers, the rest injection buffers. */
  private readonly firstInjectionBuffer: number;

  private readonly bufHead: Int32Array;
  private readonly bufTail: Int32Array;
  /** Free bytes of each buffer as its upstream router knows them. */
  readonly credits: Int32Array;

  private readonly outBusyUntilNs: Float64Array;
  private readonly outWakeNs: Float64Array;
  private readonly outRoundRobin: Int16Array;
  /** Per output, a bit per input port (router ports, then NICs) whose head packet wants it. */
  private readonly outRequestMask: Int32Array;
  /** Per (node, input port): the VC to look at first in the next allocation. */
  private readonly inVcRoundRobin: Uint8Array;
  /** Per (node, input port): until when it is streaming a packet through the crossbar. */
  private readonly inBusyUntilNs: Float64Array;
  /** Per (node, NIC): payload of the packet being ejected there (until its output frees). */
  private readonly ejectPayloadBytes: Int32Array;
  /** Time each channel has spent transmitting. */
  readonly channelBusyNs: Float64Array;

  private readonly nicHeadMsg: Int32Array;
  private readonly nicTailMsg: Int32Array;
  private readonly nicBusyUntilNs: Float64Array;
  /** Time of the NIC's pending NIC_PUSH event, −1 if none. */
  private readonly nicWakeNs: Float64Array;
  private readonly nicNext: Uint8Array;

  private readonly packets = new PacketPool();
  private readonly messages = new MessagePool();

  /** Messages sent while this is true count in `stats`. */
  measureNewMessages = true;
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
    this.stats = new PacketStats();

    const nodes = topology.nodeCount;
    this.ports = topology.portCount;
    this.vcs = config.virtualChannels;
    this.nics = config.injectionPorts;
    this.outputsPerNode = this.ports + this.nics;
    if (this.outputsPerNode > MAX_ROUTER_INPUTS) {
      throw new RangeError(`a router has ${this.ports} ports + ${this.nics} NICs; at most ${MAX_ROUTER_INPUTS} in all`);
    }
    this.lanes = Math.floor(this.vcs / routing.vcCount);
    this.nsPerByte = 1 / config.linkBandwidthGBps;
    this.hopDelayNs = config.linkLatencyNs + config.routerLatencyNs;

    this.reversePort = new Int16Array(this.ports);
    for (let p = 0; p < this.ports; p++) {
      const dir = topology.portDirection[p];
      this.reversePort[p] = dir === 0 ? p : topology.portFor(topology.portAxis[p], dir > 0 ? -1 : 1);
    }
    this.firstInjectionBuffer = topology.channelCount * this.vcs;
    this.inputBuffers = new Int32Array(nodes * this.outputsPerNode);
    for (let n = 0; n < nodes; n++) {
      for (let p = 0; p < this.ports; p++) {
        const m = topology.neighbor(n, p);
        this.inputBuffers[n * this.outputsPerNode + p] = m < 0 ? -1 : (m * this.ports + this.reversePort[p]) * this.vcs;
      }
      for (let i = 0; i < this.nics; i++) {
        this.inputBuffers[n * this.outputsPerNode + this.ports + i] = this.firstInjectionBuffer + (n * this.nics + i) * this.vcs;
      }
    }

    const buffers = this.firstInjectionBuffer + nodes * this.nics * this.vcs;
    this.bufHead = new Int32Array(buffers).fill(-1);
    this.bufTail = new Int32Array(buffers).fill(-1);
    this.credits = new Int32Array(buffers).fill(config.bufferBytesPerVc);

    const outputs = nodes * this.outputsPerNode;
    this.outBusyUntilNs = new Float64Array(outputs);
    this.outWakeNs = new Float64Array(outputs).fill(-1);
    this.outRoundRobin = new Int16Array(outputs);
    this.outRequestMask = new Int32Array(outputs);
    this.inVcRoundRobin = new Uint8Array(nodes * this.outputsPerNode);
    this.inBusyUntilNs = new Float64Array(nodes * this.outputsPerNode);
    this.ejectPayloadBytes = new Int32Array(nodes * this.nics);
    this.channelBusyNs = new Float64Array(topology.channelCount);

    this.nicHeadMsg = new Int32Array(nodes * this.nics).fill(-1);
    this.nicTailMsg = new Int32Array(nodes * this.nics).fill(-1);
    this.nicBusyUntilNs = new Float64Array(nodes * this.nics);
    this.nicWakeNs = new Float64Array(nodes * this.nics).fill(-1);
    this.nicNext = new Uint8Array(nodes);
  }

  get nodeCount(): number {
    return this.topology.nodeCount;
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

  send(src: number, dst: number, sizeBytes: number, token: number, nic = -1): void {
    const now = this.sim.nowNs;
    const msgs = this.messages;
    const m = msgs.allocate();
    msgs.src[m] = src;
    msgs.dst[m] = dst;
    msgs.token[m] = token;
    msgs.measured[m] = this.measureNewMessages ? 1 : 0;
    msgs.postedNs[m] = now;
    if (src === dst) {
      msgs.undeliveredPackets[m] = 0;
      this.sim.scheduleIn(0, this.base + SELF, m);
      return;
    }
    if (!(sizeBytes >= 0)) throw new RangeError(`message size must be ≥ 0 bytes, got ${sizeBytes}`);
    let i = nic;
    if (i < 0) {
      i = this.nicNext[src];
      this.nicNext[src] = i + 1 === this.nics ? 0 : i + 1;
    } else i %= this.nics;
    msgs.nic[m] = i;
    msgs.tag[m] = this.routing.messageTag !== undefined ? this.routing.messageTag(src, dst) : 0;
    msgs.unsentBytes[m] = sizeBytes;
    msgs.undeliveredPackets[m] = Math.max(1, Math.ceil(sizeBytes / this.config.packetPayloadBytes));
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
        const channel = (a / this.vcs) | 0;
        const node = (channel / this.ports) | 0;
        const o = node * this.outputsPerNode + (channel - node * this.ports);
        if (this.outRequestMask[o] !== 0) this.tryAllocate(o);
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
   * NIC `q` (= node × NICs + nic) cuts the next packet of its head message and streams it
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
    const node = (q / this.nics) | 0;
    const pk = this.packets;
    const p = pk.allocate();
    pk.msg[p] = m;
    pk.dst[p] = msgs.dst[m];
    pk.node[p] = node;
    pk.payloadBytes[p] = payload;
    pk.wireBytes[p] = wire;
    pk.nic[p] = q - node * this.nics;
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
    this.enqueue(p, buffer, node, this.ports + pk.nic[p]);
    if (this.nicHeadMsg[q] >= 0) this.nicWakeAt(q, now + serNs);
  }

  private nicWakeAt(q: number, atNs: number): void {
    const pending = this.nicWakeNs[q];
    if (pending >= this.sim.nowNs && pending <= atNs) return;
    this.nicWakeNs[q] = atNs;
    this.sim.schedule(atNs, this.base + NIC_PUSH, q);
  }

  /** Sets the packet's requested output at `node` and its VC class for the next hop. */
  private route(p: number, node: number): void {
    const pk = this.packets;
    const code = this.routing.nextHop(node, pk.dst[p], pk.inPort[p], pk.vcClass[p], this.messages.tag[pk.msg[p]]);
    if (code === ARRIVED) {
      pk.outPort[p] = this.ports + pk.nic[p];
    } else {
      pk.outPort[p] = hopPort(code);
      pk.vcClass[p] = hopVc(code);
    }
  }

  /** A packet became the head of a buffer of `input` and asks for output `o`. */
  private request(o: number, input: number, readyNs: number): void {
    this.outRequestMask[o] |= 1 << input;
    if (readyNs <= this.sim.nowNs) this.tryAllocate(o);
    else this.wakeAt(o, readyNs);
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
    const channel = (buffer / this.vcs) | 0;
    const input = this.reversePort[channel % this.ports];
    this.enqueue(p, buffer, this.packets.node[p], input);
  }

  /** Routes packet `p` at `node` and appends it to `buffer` of `input`; a new head requests its output. */
  private enqueue(p: number, buffer: number, node: number, input: number): void {
    const pk = this.packets;
    this.route(p, node);
    pk.next[p] = -1;
    const tail = this.bufTail[buffer];
    this.bufTail[buffer] = p;
    if (tail >= 0) {
      pk.next[tail] = p;
      return;
    }
    this.bufHead[buffer] = p;
    this.request(node * this.outputsPerNode + pk.outPort[p], input, pk.readyNs[p]);
  }

  /**
   * Switch allocation at output `o`: round-robin over the input ports (router ports, then
   * NICs) whose head packet wants it, and within a port round-robin over its VCs — a
   * separable allocator, so a stream spread over four VCs gets one turn, not four.
   */
  private tryAllocate(o: number): void {
    const mask = this.outRequestMask[o];
    if (mask === 0) return;
    const now = this.sim.nowNs;
    const busyUntil = this.outBusyUntilNs[o];
    if (busyUntil > now) {
      this.wakeAt(o, busyUntil);
      return;
    }
    const pk = this.packets;
    const node = (o / this.outputsPerNode) | 0;
    const out = o - node * this.outputsPerNode;
    const vcs = this.vcs;
    const outChannel = out < this.ports ? node * this.ports + out : -1;
    let minReadyNs = Infinity;
    // perf: visit only the inputs whose bit is set, in round-robin order: those after the
    // last winner first, then the rest (the bits below and including it).
    const start = this.outRoundRobin[o] + 1;
    const below = start >= 32 ? -1 : (1 << start) - 1;
    for (let pass = 0; pass < 2; pass++) {
      let bits = pass === 0 ? mask & ~below : mask & below;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const input = 31 - Math.clz32(low);
        const slot = node * this.outputsPerNode + input;
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
          const target = outChannel >= 0 ? this.freeLane(outChannel, p) : -1;
          if (outChannel >= 0 && target < 0) continue; // the credit's return retries this output
          this.outRoundRobin[o] = input;
          this.inVcRoundRobin[slot] = vc + 1 === vcs ? 0 : vc + 1;
          this.grant(o, node, out, p, buffer, input, target);
          return;
        }
      }
    }
    if (minReadyNs !== Infinity) this.wakeAt(o, minReadyNs);
  }

  /**
   * Virtual cut-through: the downstream buffer of `channel` that can take all of packet `p`
   * among the lanes of its VC class, the emptiest first; −1 if none can.
   */
  private freeLane(channel: number, p: number): number {
    const first = channel * this.vcs + this.packets.vcClass[p] * this.lanes;
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
   * Sends packet `p` from input `buffer` through output `out` of `node` now; `target` is
   * the downstream buffer (−1: ejection).
   */
  private grant(o: number, node: number, out: number, p: number, buffer: number, input: number, target: number): void {
    const pk = this.packets;
    const now = this.sim.nowNs;
    const wire = pk.wireBytes[p];
    const serNs = wire * this.nsPerByte;
    this.outBusyUntilNs[o] = now + serNs;
    this.inBusyUntilNs[node * this.outputsPerNode + input] = now + serNs;
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
    const firstBuffer = this.inputBuffers[node * this.outputsPerNode + input];
    let stillWanted = false;
    for (let vc = 0; vc < this.vcs; vc++) {
      const h = this.bufHead[firstBuffer + vc];
      if (h >= 0 && h !== next && pk.outPort[h] === out) {
        stillWanted = true;
        break;
      }
    }
    if (!stillWanted) this.outRequestMask[o] &= ~(1 << input);
    if (next >= 0) this.request(node * this.outputsPerNode + pk.outPort[next], input, pk.readyNs[next]);

    if (target >= 0) {
      this.credits[target] -= wire;
      const channel = node * this.ports + out;
      this.channelBusyNs[channel] += serNs;
      pk.inPort[p] = out;
      pk.node[p] = this.topology.neighbor(node, out);
      pk.hops[p]++;
      this.packetHops++;
      pk.readyNs[p] = now + this.hopDelayNs;
      this.sim.schedule(now + this.hopDelayNs, this.base + ARRIVE, p, target);
    } else {
      this.ejectPayloadBytes[node * this.nics + out - this.ports] = pk.payloadBytes[p];
      this.eject(p, now + serNs);
    }
    if (this.outRequestMask[o] !== 0) this.wakeAt(o, now + serNs);
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
    if (msgs.measured[m] === 1) this.stats.record(doneNs - pk.createdNs[p], pk.hops[p]);
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
   * Call when the event queue has run dry: packets still in the network then can never
   * move again. Returns the deadlock report (also kept in `deadlock`), or undefined.
   */
  checkStuck(): DeadlockReport | undefined {
    if (this.deadlockReport === undefined && this.packets.live > 0 && this.sim.pendingEvents === 0) {
      this.deadlockReport = this.describeDeadlock();
    }
    return this.deadlockReport;
  }

  private describeDeadlock(): DeadlockReport {
    return findDeadlock({
      topology: this.topology,
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

  /** Time `channel` has spent transmitting up to time `atNs` (≤ now + one packet). */
  channelBusyUpTo(channel: number, atNs: number): number {
    const node = (channel / this.ports) | 0;
    const o = node * this.outputsPerNode + (channel - node * this.ports);
    // A grant books the packet's whole serialization; the part after `atNs` is not yet spent.
    return this.channelBusyNs[channel] - Math.max(0, this.outBusyUntilNs[o] - atNs);
  }

  /** Payload bytes whose tails reached their NIC by `atNs` (≤ now + one packet). */
  payloadDeliveredBy(atNs: number): number {
    let pending = 0;
    for (let node = 0; node < this.topology.nodeCount; node++) {
      for (let nic = 0; nic < this.nics; nic++) {
        if (this.outBusyUntilNs[node * this.outputsPerNode + this.ports + nic] > atNs) pending += this.ejectPayloadBytes[node * this.nics + nic];
      }
    }
    return this.payloadBytesDelivered - pending;
  }

  /** Bytes of simulator state per node (typed arrays sized by the topology). */
  bytesPerNode(): number {
    const arrays = [
      this.inputBuffers, this.bufHead, this.bufTail, this.credits, this.outBusyUntilNs, this.outWakeNs,
      this.outRoundRobin, this.outRequestMask, this.inVcRoundRobin, this.inBusyUntilNs, this.ejectPayloadBytes, this.channelBusyNs, this.nicHeadMsg, this.nicTailMsg,
      this.nicBusyUntilNs, this.nicWakeNs, this.nicNext,
    ];
    const own = arrays.reduce((sum, a) => sum + a.byteLength, 0);
    return own / this.topology.nodeCount + this.topology.bytesPerNode();
  }
}
