import { traceRoute, type Hop, type Routing } from "../routing/index.js";
import type { Topology } from "../topology/index.js";
import type { NetworkConfig } from "./config.js";

/**
 * The timing of every link when `network.linkClasses` gives its classes their own bandwidth
 * and latency (the topology names the classes: `Topology.linkClassNames`, `linkClass`).
 *
 * - A router-to-router link of class c runs at `linkClasses[c].bandwidthGBps` with wire
 *   latency `linkClasses[c].latencyNs`, each defaulting to `linkBandwidthGBps` and
 *   `linkLatencyNs`. Classes are symmetric: both directions of a link share a class.
 * - `endpoint` is the links between endpoints and their routers: its bandwidth is the NICs'
 *   injection and ejection rate, and its latency is paid at each end, injection and ejection
 *   (default 0: `nicLatencyNs` covers the NIC's own link, as without classes).
 *
 * `perLink` is undefined when every router-to-router link is alike (a torus, or no classes
 * given): the models then keep their one-rate hot path.
 */
export interface LinkTiming {
  readonly perLink?: {
    /** ns per byte of each directed link. */
    readonly nsPerByte: Float64Array;
    /** Wire latency of each directed link, ns. */
    readonly latencyNs: Float64Array;
    /** Bandwidth of each directed link, GB/s. */
    readonly bandwidthGBps: Float64Array;
  };
  /** The NICs' injection and ejection rate, GB/s. */
  readonly endpointBandwidthGBps: number;
  /** Wire latency at each end of a route (injection and ejection), ns. */
  readonly endpointLatencyNs: number;
}

/**
 * Whether `network.linkClasses` gives some router-to-router class a bandwidth or latency of its
 * own on this topology: the models then keep per-link tables (`LinkTiming.perLink`).
 */
export function hasPerLinkClasses(topology: Pick<Topology, "linkClassNames" | "linkClass">, config: Pick<NetworkConfig, "linkClasses">): boolean {
  const classes = config.linkClasses ?? {};
  const names = topology.linkClassNames;
  return names !== undefined && topology.linkClass !== undefined && names.some((n, i) => i > 0 && classes[n] !== undefined && (classes[n].bandwidthGBps !== undefined || classes[n].latencyNs !== undefined));
}

export function linkTiming(topology: Topology, config: NetworkConfig): LinkTiming {
  const classes = config.linkClasses ?? {};
  const endpoint = classes.endpoint;
  const endpointBandwidthGBps = endpoint?.bandwidthGBps ?? config.linkBandwidthGBps;
  const endpointLatencyNs = endpoint?.latencyNs ?? 0;
  const names = topology.linkClassNames;
  const classOf = topology.linkClass?.bind(topology);
  if (!hasPerLinkClasses(topology, config) || names === undefined || classOf === undefined) return { endpointBandwidthGBps, endpointLatencyNs };
  const links = topology.linkCount;
  const nsPerByte = new Float64Array(links);
  const latencyNs = new Float64Array(links);
  const bandwidthGBps = new Float64Array(links);
  const bw = names.map((n) => classes[n]?.bandwidthGBps ?? config.linkBandwidthGBps);
  const lat = names.map((n) => classes[n]?.latencyNs ?? config.linkLatencyNs);
  for (let l = 0; l < links; l++) {
    const c = classOf(l);
    bandwidthGBps[l] = bw[c];
    nsPerByte[l] = 1 / bw[c];
    latencyNs[l] = lat[c];
  }
  return { perLink: { nsPerByte, latencyNs, bandwidthGBps }, endpointBandwidthGBps, endpointLatencyNs };
}

/**
 * Zero-load latency of a message of `sizeBytes` in `packets` packets along `hops`, with link
 * classes: the NIC, a router at each end and one per hop, each link's wire latency and the
 * endpoint latency at both ends, and the bytes serialized once at the route's slowest rate.
 * Exactly the packet model's when the route's links and NICs share one bandwidth.
 */
export function routeZeroLoadNs(config: NetworkConfig, timing: LinkTiming, hops: readonly Hop[], sizeBytes: number, packets: number): number {
  let latency = config.nicLatencyNs + (hops.length + 1) * config.routerLatencyNs + 2 * timing.endpointLatencyNs;
  let slowest = timing.endpointBandwidthGBps;
  for (const h of hops) {
    latency += timing.perLink === undefined ? config.linkLatencyNs : timing.perLink.latencyNs[h.link];
    slowest = Math.min(slowest, timing.perLink === undefined ? config.linkBandwidthGBps : timing.perLink.bandwidthGBps[h.link]);
  }
  return latency + (sizeBytes + packets * config.packetHeaderBytes) / slowest;
}

/**
 * Zero-load latency of a message from `src` to `dst` with link classes (no message can take
 * less): along the route itself where the routing is minimal (its tag as the routing would
 * choose it, NIC 0); for a non-minimal routing (Valiant, UGAL), whose route a message draws,
 * over the fewest hops at the cheapest class latency, a lower bound.
 */
export function classZeroLoadNs(config: NetworkConfig, timing: LinkTiming, routing: Routing, src: number, dst: number, sizeBytes: number, packets: number): number {
  if (src === dst) return 0;
  if (routing.minimal) {
    const tag = routing.tagChoices?.(src, dst)[0] ?? routing.messageTag?.(src, dst) ?? 0;
    return routeZeroLoadNs(config, timing, traceRoute(routing, src, dst, tag), sizeBytes, packets);
  }
  const hops = routing.topology.distance(src, dst);
  let cheapest = config.linkLatencyNs;
  let fastest = config.linkBandwidthGBps;
  if (timing.perLink !== undefined) {
    cheapest = Infinity;
    fastest = 0;
    for (const l of timing.perLink.latencyNs) cheapest = Math.min(cheapest, l);
    for (const b of timing.perLink.bandwidthGBps) fastest = Math.max(fastest, b);
  }
  const rate = Math.min(timing.endpointBandwidthGBps, hops > 0 ? fastest : Infinity);
  return config.nicLatencyNs + (hops + 1) * config.routerLatencyNs + 2 * timing.endpointLatencyNs + hops * cheapest + (sizeBytes + packets * config.packetHeaderBytes) / rate;
}

/** True when link classes change any timing (else the one-rate formulas hold). */
export function hasClassTiming(config: NetworkConfig, timing: LinkTiming): boolean {
  return timing.perLink !== undefined || timing.endpointLatencyNs !== 0 || timing.endpointBandwidthGBps !== config.linkBandwidthGBps;
}
