import type { EventHandler, Simulator } from "../engine/index.js";
import type { Topology } from "../topology/index.js";
import { packetCount } from "./config.js";
import type { DeliveryObserver, NetworkModel } from "./model.js";
import type { DeliveryListener } from "./transport.js";

export interface IdealNetworkOptions {
  /** Per-hop latency (router + wire), ns. */
  readonly hopLatencyNs: number;
  /** Fixed latency added to every message, ns. */
  readonly baseLatencyNs?: number;
  readonly bandwidthBytesPerNs: number;
  /**
   * NICs per endpoint, each sending one message at a time at `bandwidthBytesPerNs` (a message
   * waits for its NIC to finish the previous one). Default: unlimited — every message gets the
   * full bandwidth however many its endpoint has in flight.
   */
  readonly injectionPorts?: number;
  /**
   * Head latency of a message from `src` to `dst` (everything but the bytes), where it is not
   * base + hops·hopLatency: link classes with latencies of their own.
   */
  readonly pathLatencyNs?: (src: number, dst: number) => number;
  /** Cut messages into packets of this payload, each carrying `headerBytes` more on the wire. Default: no packets. */
  readonly packets?: { readonly payloadBytes: number; readonly headerBytes: number };
}

/** Messages waiting for their NIC at most, before an event is needed to hand each on. */
const INITIAL_PENDING = 1024;

/**
 * A contention-free network, the α-β model as a `NetworkModel`: a message of S bytes (plus
 * packet headers, when packets are set) over h minimal hops arrives
 * base + h·hopLatency + wire(S)/bandwidth after its NIC starts it. With `injectionPorts`, a
 * NIC starts a message only when it has pushed out the previous one's bytes; otherwise at
 * once. Links never queue, so it never deadlocks. For testing what sits above the network,
 * and as a fast estimate.
 */
export class IdealNetwork implements NetworkModel, EventHandler {
  readonly kind = "ideal" as const;
  private listener: DeliveryListener | undefined;
  private observer: DeliveryObserver | undefined;
  private readonly base: number;
  private readonly nicBusyUntilNs: Float64Array | undefined;
  private readonly nicNext: Uint8Array | undefined;
  readonly nicsPerEndpoint: number;
  // perf: messages in flight live in typed columns indexed by a recycled id, not objects.
  private token = new Int32Array(INITIAL_PENDING);
  private postedNs = new Float64Array(INITIAL_PENDING);
  private hops = new Int32Array(INITIAL_PENDING);
  private payload = new Float64Array(INITIAL_PENDING);
  private free: number[] = [];
  private used = 0;
  messagesInFlight = 0;
  unitsInjected = 0;
  unitsDelivered = 0;
  unitHops = 0;
  private payloadDelivered = 0;

  constructor(
    readonly sim: Simulator,
    readonly topology: Topology,
    readonly options: IdealNetworkOptions,
  ) {
    if (!(options.bandwidthBytesPerNs > 0)) throw new RangeError(`bandwidth must be positive, got ${options.bandwidthBytesPerNs}`);
    this.base = sim.register(this, 1);
    const nics = options.injectionPorts;
    this.nicsPerEndpoint = nics ?? 1;
    if (nics !== undefined) {
      this.nicBusyUntilNs = new Float64Array(topology.endpointCount * nics);
      this.nicNext = new Uint8Array(topology.endpointCount);
    }
  }

  get endpointCount(): number {
    return this.topology.endpointCount;
  }

  get linkBandwidthGBps(): number {
    return this.options.bandwidthBytesPerNs;
  }

  get streamBandwidthGBps(): number {
    const p = this.options.packets;
    return p === undefined ? this.options.bandwidthBytesPerNs : this.options.bandwidthBytesPerNs * (p.payloadBytes / (p.payloadBytes + p.headerBytes));
  }

  get injectionBandwidthGBps(): number {
    return this.options.injectionPorts === undefined ? Infinity : this.options.injectionPorts * this.options.bandwidthBytesPerNs;
  }

  get baseLatencyNs(): number {
    return this.options.baseLatencyNs ?? 0;
  }

  get hopLatencyNs(): number {
    return this.options.hopLatencyNs;
  }

  headLatencyNs(hops: number): number {
    return this.baseLatencyNs + hops * this.options.hopLatencyNs;
  }

  unitsPerMessage(sizeBytes: number): number {
    const p = this.options.packets;
    return p === undefined ? 1 : packetCount({ packetPayloadBytes: p.payloadBytes }, sizeBytes);
  }

  private wireBytes(sizeBytes: number): number {
    const p = this.options.packets;
    return p === undefined ? sizeBytes : sizeBytes + this.unitsPerMessage(sizeBytes) * p.headerBytes;
  }

  zeroLoadLatencyNs(src: number, dst: number, sizeBytes: number): number {
    if (src === dst) return 0;
    const head = this.options.pathLatencyNs?.(src, dst) ?? this.headLatencyNs(this.topology.distance(src, dst));
    return head + this.wireBytes(sizeBytes) / this.options.bandwidthBytesPerNs;
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
    const id = this.allocate();
    this.token[id] = token;
    this.postedNs[id] = now;
    this.messagesInFlight++;
    if (src === dst) {
      this.hops[id] = -1;
      this.sim.scheduleIn(0, this.base, id);
      return;
    }
    let startNs = now;
    const transferNs = this.wireBytes(sizeBytes) / this.options.bandwidthBytesPerNs;
    if (this.nicBusyUntilNs !== undefined && this.nicNext !== undefined) {
      const nics = this.nicsPerEndpoint;
      let k = nic;
      if (k < 0) {
        k = this.nicNext[src];
        this.nicNext[src] = k + 1 === nics ? 0 : k + 1;
      } else k %= nics;
      const slot = src * nics + k;
      startNs = Math.max(now, this.nicBusyUntilNs[slot]);
      this.nicBusyUntilNs[slot] = startNs + transferNs;
    }
    const hops = this.topology.distance(src, dst);
    this.hops[id] = hops;
    this.payload[id] = sizeBytes;
    this.unitsInjected += this.unitsPerMessage(sizeBytes);
    const head = this.options.pathLatencyNs === undefined ? this.headLatencyNs(hops) : this.options.pathLatencyNs(src, dst);
    this.sim.schedule(startNs + head + transferNs, this.base, id);
  }

  handleEvent(_kind: number, id: number, _b: number, nowNs: number): void {
    if (this.listener === undefined) throw new Error("IdealNetwork: no listener set");
    const token = this.token[id];
    const hops = this.hops[id];
    if (hops >= 0) {
      const units = this.unitsPerMessage(this.payload[id]);
      this.unitsDelivered += units;
      this.unitHops += units * hops;
      this.payloadDelivered += this.payload[id];
      if (this.observer !== undefined) this.observer.onUnitDelivered(token, nowNs - this.postedNs[id], hops);
    }
    this.free.push(id);
    this.messagesInFlight--;
    this.listener.onDelivered(token, nowNs);
  }

  /** Links are not modelled: no link is ever busy. */
  linkBusyUpToNs(_link: number, _atNs: number): number {
    return 0;
  }

  payloadDeliveredBy(_atNs: number): number {
    return this.payloadDelivered;
  }

  /** A contention-free network cannot deadlock. */
  stuck(): undefined {
    return undefined;
  }

  private allocate(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    if (this.used === this.token.length) {
      const n = this.token.length * 2;
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(n);
        b.set(a);
        return b;
      };
      this.token = grow(this.token);
      this.postedNs = grow(this.postedNs);
      this.hops = grow(this.hops);
      this.payload = grow(this.payload);
    }
    return this.used++;
  }
}
