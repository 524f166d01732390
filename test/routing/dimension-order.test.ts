import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DimensionOrderRouting } from "../../src/routing/index.js";
import { traceTorusRoute } from "../support/torus-route.js";
import { TorusTopology } from "../../src/topology/index.js";
import { arbPermutation, arbTopology } from "../support/arbitraries.js";
import { dependencyGraphHasCycle } from "../support/cdg.js";

const arbCase = arbTopology(2000).chain((topo) =>
  fc.record({
    topo: fc.constant(topo),
    order: arbPermutation(topo.axisCount),
    ties: fc.constantFrom("positive" as const, "balanced" as const),
    a: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
    b: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
  }),
);

describe("DimensionOrderRouting", () => {
  it("property: a route ends at the destination with the minimal hop count", () => {
    fc.assert(
      fc.property(arbCase, ({ topo, order, ties, a, b }) => {
        const hops = traceTorusRoute(new DimensionOrderRouting(topo, { order, ties }), a, b);
        expect(hops.length).toBe(topo.distance(a, b));
        if (hops.length > 0) {
          expect(hops[0].from).toBe(a);
          expect(hops[hops.length - 1].to).toBe(b);
        }
      }),
    );
  });

  it("property: each hop moves ±1 along one axis, wrapping only on ring axes", () => {
    fc.assert(
      fc.property(arbCase, ({ topo, order, ties, a, b }) => {
        for (const h of traceTorusRoute(new DimensionOrderRouting(topo, { order, ties }), a, b)) {
          for (let i = 0; i < topo.axisCount; i++) {
            const from = topo.coord(h.from, i);
            const to = topo.coord(h.to, i);
            if (i !== h.axis) expect(to).toBe(from);
            else {
              const k = topo.shape[i];
              const step = (((to - from) % k) + k) % k;
              expect(step === 1 || step === k - 1).toBe(true);
              if (Math.abs(to - from) !== 1) expect(topo.ring[i]).toBe(true);
            }
          }
        }
      }),
    );
  });

  it("property: axes are visited in the configured order, each in one contiguous run, no node twice", () => {
    fc.assert(
      fc.property(arbCase, ({ topo, order, ties, a, b }) => {
        const hops = traceTorusRoute(new DimensionOrderRouting(topo, { order, ties }), a, b);
        const ranks = hops.map((h) => order.indexOf(h.axis));
        for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1]);
        const nodes = [a, ...hops.map((h) => h.to)];
        expect(new Set(nodes).size).toBe(nodes.length);
      }),
    );
  });

  it("property: direction along an axis never changes, and VCs stay within the routing's count", () => {
    fc.assert(
      fc.property(arbCase, ({ topo, order, ties, a, b }) => {
        const routing = new DimensionOrderRouting(topo, { order, ties });
        const hops = traceTorusRoute(routing, a, b);
        for (let i = 1; i < hops.length; i++) {
          if (hops[i].axis === hops[i - 1].axis) expect(hops[i].direction).toBe(hops[i - 1].direction);
        }
        for (const h of hops) expect(h.vc >= 0 && h.vc < routing.vcCount).toBe(true);
      }),
    );
  });

  it("takes + at exactly half-way with ties=positive, and splits by coordinate parity with ties=balanced", () => {
    const topo = new TorusTopology({ shape: [8], wrap: [true], axes: ["X"] });
    const pos = new DimensionOrderRouting(topo, { ties: "positive" });
    const bal = new DimensionOrderRouting(topo, { ties: "balanced" });
    expect(traceTorusRoute(pos, 1, 5)[0].direction).toBe(1);
    expect(traceTorusRoute(bal, 0, 4)[0].direction).toBe(1);
    expect(traceTorusRoute(bal, 1, 5)[0].direction).toBe(-1);
  });

  it("switches to VC 1 on the wrap-around link and back to VC 0 on the next axis", () => {
    const topo = new TorusTopology({ shape: [7, 5], wrap: [true, true], axes: ["X", "Y"] });
    const r = new DimensionOrderRouting(topo);
    const hops = traceTorusRoute(r, topo.nodeAt([5, 0]), topo.nodeAt([1, 1]));
    // X: 5 → 6 → 0 (wrap) → 1, then Y: 0 → 1.
    expect(hops.map((h) => [topo.axes[h.axis], h.vc])).toEqual([["X", 0], ["X", 1], ["X", 1], ["Y", 0]]);
    expect(r.vcCount).toBe(2);
    expect(new DimensionOrderRouting(new TorusTopology({ shape: [4, 4], wrap: [false, false], axes: ["X", "Y"] })).vcCount).toBe(1);
  });

  it("rejects an order that does not name every axis once", () => {
    const topo = new TorusTopology({ shape: [3, 3], wrap: [true, true], axes: ["X", "Y"] });
    expect(() => new DimensionOrderRouting(topo, { order: [0, 0] })).toThrow(/every axis once/);
    expect(() => new DimensionOrderRouting(topo, { order: [0] })).toThrow(/every axis once/);
  });

  it("property: with dateline VCs the channel dependency graph has no cycle (deadlock freedom)", () => {
    fc.assert(
      fc.property(arbTopology(64, 4, 6).chain((topo) => fc.tuple(fc.constant(topo), arbPermutation(topo.axisCount), fc.constantFrom("positive" as const, "balanced" as const))),
        ([topo, order, ties]) => {
          expect(dependencyGraphHasCycle(new DimensionOrderRouting(topo, { order, ties }))).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });

  it.each([
    ["a 2x3x2 Tofu unit", [2, 3, 2], [false, true, false]],
    ["a 3x3 torus", [3, 3], [true, true]],
    ["a 2x3x4x2 mixed torus", [2, 3, 4, 2], [true, true, true, false]],
    ["a 6x5 torus", [6, 5], [true, true]],
  ])("has an acyclic channel dependency graph on %s", (_name, shape, wrap) => {
    const topo = new TorusTopology({ shape, wrap, axes: shape.map((_, i) => `D${i}`) });
    expect(dependencyGraphHasCycle(new DimensionOrderRouting(topo))).toBe(false);
  });

  it("has a cyclic dependency graph on a ring of 5 or more without the dateline (the check can fail)", () => {
    const topo = new TorusTopology({ shape: [5, 2], wrap: [true, false], axes: ["X", "A"] });
    expect(dependencyGraphHasCycle(new DimensionOrderRouting(topo, { dateline: false }))).toBe(true);
    expect(dependencyGraphHasCycle(new DimensionOrderRouting(topo, { dateline: true }))).toBe(false);
  });
});
