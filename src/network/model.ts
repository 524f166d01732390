import type { Topology } from "../topology/index.js";
import type { DeadlockReport } from "./packet/deadlock.js";
import type { Transport } from "./transport.js";

/** The fidelity tiers behind `NetworkModel` (scenario key `network.model`). */
export const NETWORK_MODELS = ["packet", "flow", "ideal"] as const;
export type NetworkModelKind = (typeof NETWORK_MODELS)[number];

/** Told of every delivered unit (a packet; a whole message where the model has no packets). */
export interface DeliveryObserver {
  /** `token` is the message's; `latencyNs` from the message's send to this unit's arrival. */
  onUnitDelivered(token: number, latencyNs: number, hops: number): void;
}

/**
 * A network model as workloads see it: a `Transport` plus what a workload may legitimately
 * ask of any tier. Workloads and the runner depend on this and never on a concrete tier.
 */
export interface NetworkModel extends Transport {
  readonly kind: NetworkModelKind;
  readonly topology: Topology;
  /** NICs per endpoint. */
  readonly nicsPerEndpoint: number;
  /** One NIC's link bandwidth, GB/s (= bytes/ns); offered loads are fractions of it. */
  readonly linkBandwidthGBps: number;
  /** Payload rate of one long message through one NIC, headers excluded, GB/s. */
  readonly streamBandwidthGBps: number;
  /** All of an endpoint's NICs together, GB/s. */
  readonly injectionBandwidthGBps: number;
  /** Fixed latency of any message that crosses the network (NIC, first router), ns. */
  readonly baseLatencyNs: number;
  /** Latency each router-to-router hop adds (router + wire), ns. */
  readonly hopLatencyNs: number;
  /** Latency of a message's head over `hops` hops, without its transfer: base + hops × hop, ns. */
  headLatencyNs(hops: number): number;
  /** Time a lone message of `sizeBytes` takes from `src` to `dst` on an idle network, ns. */
  zeroLoadLatencyNs(src: number, dst: number, sizeBytes: number): number;
  /** Units (packets) a message of `sizeBytes` is cut into. */
  unitsPerMessage(sizeBytes: number): number;

  /** Messages sent and not yet delivered. */
  readonly messagesInFlight: number;
  readonly unitsInjected: number;
  readonly unitsDelivered: number;
  /** Links crossed by units (a packet-hop). */
  readonly unitHops: number;
  /** Time link `link` has spent transmitting up to `atNs` (at most one unit past now). */
  linkBusyUpToNs(link: number, atNs: number): number;
  /** Payload bytes delivered by `atNs` (at most one unit past now). */
  payloadDeliveredBy(atNs: number): number;
  /** Reports every delivered unit to `observer` (or nobody when undefined). */
  setObserver(observer: DeliveryObserver | undefined): void;
  /**
   * Whether the model is stuck: the deadlock report of a network that stopped moving (found by
   * its watchdog, or now because the event queue ran dry with units left), else undefined.
   */
  stuck(): DeadlockReport | undefined;
}
