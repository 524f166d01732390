import { checkEndpoint, type Topology, type TopologyKind } from "../topology/index.js";
import type { CongestionView } from "./congestion.js";

/**
 * A routing function: where a packet at router `router`, bound for router `dest`, goes next.
 *
 * perf: called once per packet per hop, so it answers with one small integer rather than
 * an object: `encodeHop(port, vc)`, or `ARRIVED` when `router === dest`. `inPort` is the
 * output port of the previous hop at the upstream router (−1 at injection) and `inVc` the
 * virtual channel class it used there. `tag` is per-message routing state chosen at
 * injection (0 for routings that need none).
 */
export interface Routing {
  readonly name: string;
  /** The topology kind this routing works on. */
  readonly requires: TopologyKind;
  readonly topology: Topology;
  /** Virtual channel classes this routing needs for deadlock freedom (0 .. vcCount-1). */
  readonly vcCount: number;
  /** True when every route takes a minimal number of hops. */
  readonly minimal: boolean;
  nextHop(router: number, dest: number, inPort: number, inVc: number, tag: number): number;
  /** Per-message routing state chosen when a message from endpoint `src` to `dst` is sent (default 0). */
  messageTag?(src: number, dst: number): number;
  /** Every tag `messageTag` may choose for a message from `src` to `dst` (for checkers; default: the one it gives). */
  tagChoices?(src: number, dst: number): readonly number[];
  /**
   * Called once by a network model built on this routing that can show its queues (the packet
   * tier); an adaptive routing reads them from then on. It also marks the start of a run: a
   * routing with random choices restarts its random stream from its seed here, so every
   * model built on the same routing sees the same choices. Routings never bound (on the
   * ideal and flow tiers) make their oblivious choice.
   */
  bindCongestion?(view: CongestionView): void;
}

export const ARRIVED = -1;
const VC_BITS = 4;
export const MAX_ROUTING_VCS = 1 << VC_BITS;

export function encodeHop(port: number, vc: number): number {
  return (port << VC_BITS) | vc;
}

export function hopPort(code: number): number {
  return code >> VC_BITS;
}

export function hopVc(code: number): number {
  return code & (MAX_ROUTING_VCS - 1);
}

/** One hop of a traced route: from router `from` through `port` (link `link`) to router `to`, on VC class `vc`. */
export interface Hop {
  readonly from: number;
  readonly to: number;
  readonly port: number;
  readonly link: number;
  readonly vc: number;
}

/**
 * Follows `routing` from endpoint `src` to endpoint `dst` (NIC `nic` of each, which picks
 * their routers) and returns every hop. Not for the hot path: the network calls `nextHop`
 * directly. Throws if the route stops early, takes a missing link, or runs longer than
 * there are links (a routing bug, never expected).
 */
export function traceRoute(routing: Routing, src: number, dst: number, tag = 0, nic = 0): Hop[] {
  const topo = routing.topology;
  checkEndpoint(topo, src);
  checkEndpoint(topo, dst);
  const dest = topo.endpointRouter(dst, nic % topo.endpointAttachments(dst));
  let router = topo.endpointRouter(src, nic % topo.endpointAttachments(src));
  const hops: Hop[] = [];
  let inPort = -1;
  let inVc = 0;
  const limit = topo.linkCount + 1;
  while (router !== dest) {
    const code = routing.nextHop(router, dest, inPort, inVc, tag);
    if (code === ARRIVED) throw new Error(`routing ${routing.name} stopped at router ${router} before ${dest}`);
    const port = hopPort(code);
    const vc = hopVc(code);
    const next = topo.neighbor(router, port);
    if (next < 0) throw new Error(`routing ${routing.name} chose unconnected port ${port} at router ${router}`);
    hops.push({ from: router, to: next, port, link: topo.linkId(router, port), vc });
    if (hops.length > limit) throw new Error(`routing ${routing.name} loops between ${src} and ${dst}`);
    router = next;
    inPort = port;
    inVc = vc;
  }
  return hops;
}
