import { describe, expect, it } from "vitest";
import { DimensionOrderRouting, DragonflyRouting, checkRouting, encodeHop, type Routing } from "../../src/routing/index.js";
import { Dragonfly, TorusTopology } from "../../src/topology/index.js";

const dragonfly = new Dragonfly({ groups: 9, routersPerGroup: 4, endpointsPerRouter: 2, globalLinksPerRouter: 2 });

describe("checkRouting finds each kind of broken routing", () => {
  it("reports a routing that claims minimality it lacks (Valiant claiming minimal) with the failing pair's route", () => {
    const valiant = new DragonflyRouting(dragonfly, { algorithm: "valiant" });
    const liar: Routing = Object.assign(Object.create(valiant) as Routing, { minimal: true });
    const r = checkRouting(liar);
    expect(r.passed).toBe(false);
    expect(r.failure?.check).toBe("minimal");
    if (r.failure?.check === "minimal") expect(r.failure.route.hops.length).toBeGreaterThan(r.failure.minimalHops);
  });

  it("reports a route that never arrives (always port 0) as not delivered", () => {
    const torus = new TorusTopology({ shape: [4, 4], wrap: [true, true], axes: ["X", "Y"] });
    const base = new DimensionOrderRouting(torus);
    const lost: Routing = { ...base, name: "lost", requires: "torus", topology: torus, vcCount: 1, minimal: false, nextHop: (router, dest) => (router === dest ? -1 : encodeHop(0, 0)) };
    const r = checkRouting(lost);
    expect(r.failure?.check).toBe("delivered");
  });

  it("reports the cycle of a ring without dateline classes, closed and on one ring", () => {
    const ring = new TorusTopology({ shape: [6], wrap: [true], axes: ["X"] });
    const r = checkRouting(new DimensionOrderRouting(ring, { dateline: false, ties: "positive" }));
    expect(r.failure?.check).toBe("acyclic");
    if (r.failure?.check === "acyclic") {
      const c = r.failure.cycle;
      c.forEach((ch, i) => expect(ring.neighbor(ring.linkSource(ch.link), ring.linkPort(ch.link))).toBe(ring.linkSource(c[(i + 1) % c.length].link)));
    }
    expect(checkRouting(new DimensionOrderRouting(ring, { dateline: true, ties: "positive" })).passed).toBe(true);
  });

  it("samples with the seed given: the same seed, the same report", () => {
    const ugal = () => new DragonflyRouting(dragonfly, { algorithm: "ugal" });
    const a = checkRouting(ugal(), { maxAllRoutes: 10, samples: 300, seed: 5 });
    const b = checkRouting(ugal(), { maxAllRoutes: 10, samples: 300, seed: 5 });
    expect(a.mode).toBe("sample");
    expect(a).toEqual(b);
  });
});
