import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { TorusTopology } from "../../src/topology/index.js";
import { TRAFFIC_PATTERNS, makePattern, patternProblem } from "../../src/workload/index.js";
import { arbTopology } from "../support/arbitraries.js";

const t = (shape: number[]): TorusTopology => new TorusTopology({ shape, wrap: shape.map(() => true), axes: shape.map((_, i) => `D${i}`) });

describe("traffic patterns", () => {
  it("property: every pattern picks a node of the topology other than the source, or −1", () => {
    fc.assert(
      fc.property(arbTopology(300), fc.constantFrom(...TRAFFIC_PATTERNS), fc.integer(), (topo, pattern, seed) => {
        fc.pre(patternProblem(topo, { pattern }) === undefined);
        const p = makePattern(topo, { pattern }, Rng.fromSeed(seed));
        for (let s = 0; s < topo.nodeCount; s++) {
          const d = p.destination(s);
          expect(d === -1 || (d >= 0 && d < topo.nodeCount && d !== s)).toBe(true);
        }
      }),
    );
  });

  it("property: random-permutation, bit-complement and tornado send to distinct destinations (permutations)", () => {
    fc.assert(
      fc.property(arbTopology(300), fc.constantFrom("random-permutation" as const, "bit-complement" as const, "tornado" as const), (topo, pattern) => {
        const p = makePattern(topo, { pattern }, Rng.fromSeed(1));
        const seen = new Set<number>();
        for (let s = 0; s < topo.nodeCount; s++) {
          const d = p.destination(s);
          if (d >= 0) {
            expect(seen.has(d)).toBe(false);
            seen.add(d);
          }
        }
      }),
    );
  });

  it("maps coordinates as the textbook patterns do on an 8x8 torus", () => {
    const topo = t([8, 8]);
    const dest = (pattern: (typeof TRAFFIC_PATTERNS)[number], c: number[]): number[] =>
      topo.coordsOf(makePattern(topo, { pattern }, Rng.fromSeed(1)).destination(topo.nodeAt(c)));
    expect(dest("transpose", [1, 5])).toEqual([5, 1]);
    expect(dest("bit-complement", [1, 5])).toEqual([6, 2]);
    expect(dest("tornado", [1, 5])).toEqual([4, 0]); // + ceil(8/2) − 1 = 3 on each axis
    const neighbor = makePattern(topo, { pattern: "neighbor" }, Rng.fromSeed(1));
    const src = topo.nodeAt([7, 2]);
    expect(topo.coordsOf(neighbor.destination(src))).toEqual([0, 2]);
    expect(topo.coordsOf(neighbor.destination(src))).toEqual([7, 3]);
  });

  it("sends the configured fraction of hotspot traffic to the hot node", () => {
    const topo = t([8, 8]);
    const p = makePattern(topo, { pattern: "hotspot", hotspotNode: 9, hotspotFraction: 0.3 }, Rng.fromSeed(4));
    let hot = 0;
    for (let i = 0; i < 20000; i++) if (p.destination(i % 64 === 9 ? 10 : i % 64) === 9) hot++;
    // 0.3 directly plus the uniform share 0.7/63.
    expect(hot / 20000).toBeGreaterThan(0.29);
    expect(hot / 20000).toBeLessThan(0.33);
  });

  it("refuses transpose on an odd number of axes or unequal halves", () => {
    expect(patternProblem(t([4, 4, 4]), { pattern: "transpose" })).toMatch(/even number of axes/);
    expect(patternProblem(t([4, 8]), { pattern: "transpose" })).toMatch(/equal size/);
    expect(patternProblem(t([4, 4]), { pattern: "transpose" })).toBeUndefined();
  });
});
