import { ARRIVED, encodeHop, type Routing } from "../../src/routing/index.js";
import { checkEndpoint, type Topology } from "../../src/topology/index.js";

/**
 * Test-only: a star of `leaves` leaf routers, each with one endpoint and one port to a hub
 * router (router 0) that has a port per leaf and no endpoint. Mixed radix (the hub has
 * `leaves` ports, a leaf 1), a router without endpoints, and as many hub ports as wanted:
 * what a fat-tree switch or a dragonfly router asks of the packet network.
 */
export class StarTopology implements Topology {
  readonly kind = "custom" as const;
  readonly routerCount: number;
  readonly endpointCount: number;
  readonly maxRadix: number;
  readonly linkCount: number;
  readonly diameter: number;

  constructor(readonly leaves: number) {
    if (!Number.isInteger(leaves) || leaves < 1) throw new RangeError(`a star needs at least one leaf, got ${leaves}`);
    this.routerCount = leaves + 1;
    this.endpointCount = leaves;
    this.maxRadix = Math.max(leaves, 1);
    this.linkCount = 2 * leaves;
    this.diameter = leaves > 1 ? 2 : 0;
  }

  radix(router: number): number {
    return router === 0 ? this.leaves : 1;
  }

  neighbor(router: number, port: number): number {
    return router === 0 ? port + 1 : 0;
  }

  arrivalPort(router: number, port: number): number {
    return router === 0 ? 0 : router - 1;
  }

  // Links: the hub's ports first (0..leaves−1), then each leaf's single port.
  linkId(router: number, port: number): number {
    return router === 0 ? port : this.leaves + router - 1;
  }

  linkSource(link: number): number {
    return link < this.leaves ? 0 : link - this.leaves + 1;
  }

  linkPort(link: number): number {
    return link < this.leaves ? link : 0;
  }

  endpointAttachments(_endpoint: number): number {
    return 1;
  }

  endpointRouter(endpoint: number, _i: number): number {
    return endpoint + 1;
  }

  distance(a: number, b: number): number {
    checkEndpoint(this, a);
    checkEndpoint(this, b);
    return a === b ? 0 : 2;
  }

  describePort(router: number, port: number): string {
    return router === 0 ? `spoke ${port}` : "hub";
  }

  routerCoordinates(router: number): number[] {
    return [router];
  }

  endpointCoordinates(endpoint: number): number[] {
    return [endpoint];
  }

  describeShape(): string {
    return `star(${this.leaves})`;
  }

  bytesPerEndpoint(): number {
    return 0;
  }
}

/** Up to the hub, down to the destination's leaf: minimal, one VC class, acyclic. */
export class StarRouting implements Routing {
  readonly name = "star";
  readonly requires = "custom" as const;
  readonly vcCount = 1;
  readonly minimal = true;

  constructor(readonly topology: StarTopology) {}

  nextHop(router: number, dest: number): number {
    if (router === dest) return ARRIVED;
    return router === 0 ? encodeHop(dest - 1, 0) : encodeHop(0, 0);
  }
}
