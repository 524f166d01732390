import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DRAGONFLY_ALGORITHMS, DimensionOrderRouting, DragonflyRouting, TofuRouting, UP_PORT_POLICIES, UpDownRouting } from "../../src/routing/index.js";
import { TorusTopology } from "../../src/topology/index.js";
import { arbTopology } from "../support/arbitraries.js";
import { RandomCongestion } from "../support/congestion.js";
import { StarRouting, StarTopology } from "../support/star.js";
import { arbDragonfly, arbFatTree } from "../support/switched-arbitraries.js";
import { TOPOLOGY_LAWS, type TopologySubject } from "../support/topology-contract.js";

/**
 * Every topology kind with its routings, as fast-check arbitraries of small instances (all
 * pairs are routed, so instances stay small), and how many to try.
 */
const KINDS: Record<string, { arb: fc.Arbitrary<TopologySubject>; runs: number }> = {
  "mesh/torus, dimension-order": { arb: arbTopology(96, 4, 5).map((topology) => ({ topology, routing: new DimensionOrderRouting(topology) })), runs: 12 },
  "Tofu units, tofu routing (spread paths, all 12 path positions)": {
    arb: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([x, ring]) => {
      const topology = new TorusTopology({ shape: [x, 1, 2, 2, 3, 2], wrap: [ring, true, true, false, true, false], axes: ["X", "Y", "Z", "A", "B", "C"] });
      return { topology, routing: new TofuRouting(topology, { path: "spread" }), tags: Array.from({ length: 12 }, (_, i) => i) };
    }),
    runs: 2,
  },
  "star (test-only: mixed radix, a router without endpoints)": {
    arb: fc.integer({ min: 1, max: 12 }).map((n) => {
      const topology = new StarTopology(n);
      return { topology, routing: new StarRouting(topology) };
    }),
    runs: 12,
  },
  // Tags are endpoint ids (every up-port choice the tags can make); random and adaptive
  // choices (the latter over a view with random loads) are traced several times.
  "fat tree (XGFT, tapered, parallel links, several leaves per endpoint), up*/down* with each up-port policy": {
    arb: fc.tuple(arbFatTree(24, 48), fc.constantFrom(...UP_PORT_POLICIES), fc.integer()).map(([topology, upPort, seed]) => {
      const routing = new UpDownRouting(topology, { upPort });
      if (upPort === "adaptive") routing.bindCongestion(new RandomCongestion(seed));
      return { topology, routing, tags: Array.from({ length: topology.endpointCount }, (_, i) => i), passes: upPort === "random" || upPort === "adaptive" ? 3 : 1 };
    }),
    runs: 24,
  },
  // Tags are intermediate groups (every one, plus the degenerate ones); UGAL decides over a
  // view with random loads, so both its choices appear.
  "dragonfly (maximal or fewer groups, each arrangement), minimal / valiant / ugal": {
    arb: fc.tuple(arbDragonfly(32), fc.constantFrom(...DRAGONFLY_ALGORITHMS), fc.integer()).map(([topology, algorithm, seed]) => {
      const routing = new DragonflyRouting(topology, { algorithm });
      if (algorithm === "ugal") routing.bindCongestion(new RandomCongestion(seed));
      const tags = algorithm === "minimal" ? [0] : Array.from({ length: topology.groups + 1 }, (_, i) => i - 1);
      return { topology, routing, tags, passes: algorithm === "ugal" ? 2 : 1 };
    }),
    runs: 30,
  },
};

for (const [kind, { arb, runs }] of Object.entries(KINDS)) {
  describe(`Topology contract: ${kind}`, () => {
    for (const [law, check] of Object.entries(TOPOLOGY_LAWS)) {
      it(`property: ${law}`, () => {
        fc.assert(fc.property(arb, (s) => check(s)), { numRuns: runs });
      });
    }
  });
}

/** A torus whose link arrival ports are off by one on one router: links are no longer symmetric. */
class AsymmetricTorus extends TorusTopology {
  override arrivalPort(node: number, port: number): number {
    const q = super.arrivalPort(node, port);
    return node === 0 && q >= 0 ? (q + 1) % this.portCount : q;
  }
}

/** A torus that reports one hop too few between distinct nodes. */
class ShortSightedTorus extends TorusTopology {
  override distance(a: number, b: number): number {
    return Math.max(0, super.distance(a, b) - 1);
  }
}

describe("Topology contract: a deliberately broken implementation fails it", () => {
  const spec = { shape: [5, 3], wrap: [true, true], axes: ["X", "Y"] };
  it("rejects asymmetric links", () => {
    const topology = new AsymmetricTorus(spec);
    const law = TOPOLOGY_LAWS["links are symmetric: the neighbour's arrival port leads back, and link ids name each (router, port) once, densely, in order"];
    expect(() => law({ topology, routing: new DimensionOrderRouting(topology) })).toThrow();
  });
  it("rejects a distance that differs from breadth-first search", () => {
    const topology = new ShortSightedTorus(spec);
    const law = TOPOLOGY_LAWS["every endpoint attaches to existing routers and reaches every other; distance equals breadth-first search between the attachments of each NIC index, at its fewest; diameter is the largest distance"];
    expect(() => law({ topology, routing: new DimensionOrderRouting(topology) })).toThrow();
  });
  it("rejects a routing whose dependency graph is cyclic (a torus without datelines)", () => {
    const topology = new TorusTopology(spec);
    const law = TOPOLOGY_LAWS["the channel dependency graph over all routes is acyclic with the routing's VC classes (deadlock freedom)"];
    expect(() => law({ topology, routing: new DimensionOrderRouting(topology, { dateline: false }) })).toThrow();
  });
});
