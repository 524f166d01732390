import type { EventHandler, Simulator } from "../engine/index.js";
import type { Topology } from "../topology/index.js";
import type { DeliveryListener, Transport } from "./transport.js";

export interface IdealTransportOptions {
  /** Per-hop latency (router + wire), ns. */
  readonly hopLatencyNs: number;
  /** Fixed latency added to every message, ns. */
  readonly baseLatencyNs?: number;
  readonly bandwidthBytesPerNs: number;
}

/**
 * A contention-free network: a message of S bytes over h minimal hops arrives after
 * base + h·hopLatency + S/bandwidth. The α-β model as a transport — for testing what sits
 * above the network and as a fast estimate; it never models queueing.
 */
export class IdealTransport implements Transport, EventHandler {
  private listener: DeliveryListener | undefined;
  private readonly kind: number;

  constructor(
    readonly sim: Simulator,
    readonly topology: Topology,
    readonly options: IdealTransportOptions,
  ) {
    this.kind = sim.register(this, 1);
  }

  get nodeCount(): number {
    return this.topology.nodeCount;
  }

  setListener(listener: DeliveryListener): void {
    this.listener = listener;
  }

  send(src: number, dst: number, sizeBytes: number, token: number): void {
    const hops = this.topology.distance(src, dst);
    const delay =
      src === dst ? 0 : (this.options.baseLatencyNs ?? 0) + hops * this.options.hopLatencyNs + sizeBytes / this.options.bandwidthBytesPerNs;
    this.sim.scheduleIn(delay, this.kind, token);
  }

  handleEvent(_kind: number, token: number, _b: number, nowNs: number): void {
    if (this.listener === undefined) throw new Error("IdealTransport: no listener set");
    this.listener.onDelivered(token, nowNs);
  }
}
