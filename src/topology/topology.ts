/** The kinds of topology tofusim knows; routings and coordinate-based features name the kind they need. */
export type TopologyKind = "torus" | "fat-tree" | "dragonfly" | "custom";

/**
 * A network of routers (switches) joined by links, with endpoints (where ranks run) attached
 * to routers.
 *
 * - Routers are 0..routerCount−1. Router r has `radix(r)` network ports (0..radix−1), each
 *   leading to one port of another router or unconnected; radices may differ between routers.
 *   Links are bidirectional: the link leaving r through p arrives at `neighbor(r, p)` on
 *   `arrivalPort(r, p)`, and the reverse link leaves from there back to (r, p).
 * - Directed links that exist have dense integer ids 0..linkCount−1, numbered router by
 *   router, port by port (so iterating links visits channels in (router, port) order).
 * - Endpoints are 0..endpointCount−1. An endpoint attaches to `endpointAttachments(e)` routers
 *   (its network interfaces: NIC k of endpoint e enters the network at
 *   `endpointRouter(e, k mod attachments)`), through terminal ports outside the radix.
 *   A router may have no endpoint (a spine switch) or several (a dragonfly router).
 * - Hop counts are router-to-router links crossed.
 */
export interface Topology {
  readonly kind: TopologyKind;
  readonly endpointCount: number;
  readonly routerCount: number;
  /** Largest radix of any router. */
  readonly maxRadix: number;
  /** Directed router-to-router links. */
  readonly linkCount: number;
  /** Largest `distance` between two endpoints. */
  readonly diameter: number;

  /** Network ports of `router` (terminal ports excluded). */
  radix(router: number): number;
  /** The router reached from `router` through `port`, or −1 where the port has no link. */
  neighbor(router: number, port: number): number;
  /** The port of `neighbor(router, port)` the link arrives on, or −1 where there is no link. */
  arrivalPort(router: number, port: number): number;
  /** Id of the directed link leaving `router` through `port`, or −1 where there is none. */
  linkId(router: number, port: number): number;
  /** The router a link leaves from, and its port there. */
  linkSource(link: number): number;
  linkPort(link: number): number;

  /** How many routers `endpoint` attaches to (≥ 1). */
  endpointAttachments(endpoint: number): number;
  /** The `i`-th router `endpoint` attaches to (0 ≤ i < endpointAttachments). */
  endpointRouter(endpoint: number, i: number): number;

  /**
   * Fewest hops between the routers of two endpoints over any NIC index k: the minimum over k
   * of the hops between their k-th attachments (`endpointRouter(·, k mod attachments)`, the
   * routers a message through NIC k leaves from and arrives at), so no message between them
   * can take fewer. With one attachment each, the hops between their routers.
   */
  distance(a: number, b: number): number;

  /** A port in the topology's words, for reports: `X+`, `up 3`, `global 5`. */
  describePort(router: number, port: number): string;
  /** A router's position in the topology's words (torus coordinates; level and index; group and router). */
  routerCoordinates(router: number): number[];
  /** An endpoint's position in the topology's words. */
  endpointCoordinates(endpoint: number): number[];
  /** One line: `24x23x24x2x3x2`, `XGFT(2; 8,8; 1,8)`. */
  describeShape(): string;
  /** Bytes of the topology's own tables per endpoint. */
  bytesPerEndpoint(): number;

  /**
   * Names of the link classes (per-class bandwidth and latency: `network.linkClasses`), index
   * 0 `endpoint` (endpoint to router); absent where every link is alike (a mesh/torus).
   */
  readonly linkClassNames?: readonly string[];
  /** Class of a router-to-router link (an index into `linkClassNames`, never 0). */
  linkClass?(link: number): number;
}

/** Throws a RangeError unless `endpoint` is an endpoint id of `topology`. */
export function checkEndpoint(topology: Topology, endpoint: number): void {
  if (!Number.isInteger(endpoint) || endpoint < 0 || endpoint >= topology.endpointCount) {
    throw new RangeError(`endpoint ${endpoint} is outside 0..${topology.endpointCount - 1}`);
  }
}

/** A topology feature that needs another kind: what it was, what it needs, what it got. */
export class TopologyKindError extends RangeError {
  constructor(
    readonly what: string,
    readonly needs: TopologyKind,
    readonly found: TopologyKind,
  ) {
    super(`${what} needs a ${needs === "torus" ? "mesh/torus" : needs} topology; this one is a ${found}`);
    this.name = "TopologyKindError";
  }
}
