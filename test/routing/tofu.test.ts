import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TofuRouting } from "../../src/routing/index.js";
import { traceTorusRoute } from "../support/torus-route.js";
import { TorusTopology } from "../../src/topology/index.js";
import { dependencyGraphHasCycle } from "../support/cdg.js";

const AXES = ["X", "Y", "Z", "A", "B", "C"];

/** Random small Tofu-like machines: X, Y, Z of size 1–5 (random wrap) and a 2x3x2 unit. */
const arbTofu = fc
  .record({ x: fc.integer({ min: 1, max: 5 }), y: fc.integer({ min: 1, max: 4 }), z: fc.integer({ min: 1, max: 3 }), wrap: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }) })
  .map(({ x, y, z, wrap }) => new TorusTopology({ shape: [x, y, z, 2, 3, 2], wrap: [...wrap, false, true, false], axes: AXES }));

describe("TofuRouting", () => {
  it("property: every route ends at the destination, passes through the path position, and visits no node twice", () => {
    fc.assert(
      fc.property(
        arbTofu.chain((topo) => fc.record({ topo: fc.constant(topo), s: fc.nat(topo.nodeCount - 1), d: fc.nat(topo.nodeCount - 1), tag: fc.nat(11) })),
        ({ topo, s, d, tag }) => {
          const r = new TofuRouting(topo, { path: "spread" });
          const hops = traceTorusRoute(r, s, d, tag);
          const nodes = [s, ...hops.map((h) => h.to)];
          expect(nodes[nodes.length - 1]).toBe(d);
          expect(new Set(nodes).size).toBe(nodes.length);
          const outerDiffers = [0, 1, 2].some((a) => topo.coord(s, a) !== topo.coord(d, a));
          if (outerDiffers) {
            // Some node on the route sits at the path position with the source's X, Y, Z...
            expect(nodes.some((n) => r.positionOf(n) === tag && [0, 1, 2].every((a) => topo.coord(n, a) === topo.coord(s, a)))).toBe(true);
            // ...and the X, Y, Z part is minimal.
            const outerHops = hops.filter((h) => h.axis < 3).length;
            expect(outerHops).toBe([0, 1, 2].reduce((sum, a) => sum + topo.axisDistance(a, topo.coord(s, a), topo.coord(d, a)), 0));
          }
        },
      ),
    );
  });

  it("with path fixed, routes minimally like dimension order X, Y, Z then A, C, B", () => {
    const topo = new TorusTopology({ shape: [4, 3, 2, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: AXES });
    const r = new TofuRouting(topo, { path: "fixed" });
    for (let s = 0; s < topo.nodeCount; s += 7) {
      for (let d = 0; d < topo.nodeCount; d += 5) {
        const hops = traceTorusRoute(r, s, d, r.messageTag(s));
        expect(hops.length).toBe(topo.distance(s, d));
      }
    }
  });

  it("spreads the messages of a source over all 12 positions of the unit", () => {
    const topo = new TorusTopology({ shape: [3, 1, 1, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: AXES });
    const r = new TofuRouting(topo, { path: "spread" });
    const tags = new Set(Array.from({ length: 12 }, () => r.messageTag(5)));
    expect(tags.size).toBe(12);
  });

  it.each([
    ["2x1x1 with a 2x3x2 unit", [2, 1, 1]],
    ["3x2x1 torus with a 2x3x2 unit", [3, 2, 1]],
    ["4x1x1 ring with a 2x3x2 unit", [4, 1, 1]],
  ])("has an acyclic channel dependency graph over all paths on %s (deadlock freedom)", (_name, xyz) => {
    const topo = new TorusTopology({ shape: [...xyz, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: AXES });
    const r = new TofuRouting(topo, { path: "spread" });
    expect(dependencyGraphHasCycle(r, Array.from({ length: 12 }, (_, i) => i))).toBe(false);
  });

  it("would deadlock if phases 1 and 3 shared a VC class (the check can fail)", () => {
    const topo = new TorusTopology({ shape: [3, 1, 1, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: AXES });
    const r = new TofuRouting(topo, { path: "spread" });
    // Collapse every VC class to 0: the detour through the unit then closes cycles.
    const collapsed = { name: "collapsed", requires: "torus" as const, minimal: false, topology: topo, vcCount: 1, nextHop: (n: number, d: number, p: number, _v: number, t: number) => r.nextHop(n, d, p, 0, t) & ~15 };
    expect(dependencyGraphHasCycle(collapsed, Array.from({ length: 12 }, (_, i) => i))).toBe(true);
  });
});
