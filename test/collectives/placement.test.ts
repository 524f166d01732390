import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { linearPlacement, makePlacement, placementDiameterHops, randomPlacement } from "../../src/collectives/index.js";
import { torus } from "./support.js";

describe("placement", () => {
  it("linear puts rank i on node i, or on the i-th node of a given list", () => {
    expect([...linearPlacement(4, 10)]).toEqual([0, 1, 2, 3]);
    expect([...linearPlacement(2, 10, [7, 3, 5])]).toEqual([7, 3]);
  });

  it("random is a seeded shuffle of distinct nodes drawn from the stream \"placement\"", () => {
    const a = randomPlacement(20, 64, Rng.fromSeed(3));
    expect(new Set(a).size).toBe(20);
    expect([...a].every((n) => n >= 0 && n < 64)).toBe(true);
    expect([...randomPlacement(20, 64, Rng.fromSeed(3))]).toEqual([...a]);
    expect([...randomPlacement(20, 64, Rng.fromSeed(4))]).not.toEqual([...a]);
    const expected = Rng.fromSeed(3).stream("placement").shuffle(Int32Array.from({ length: 64 }, (_, i) => i)).slice(0, 20);
    expect([...a]).toEqual([...expected]);
  });

  it("a job of fewer ranks takes the first nodes in placement order", () => {
    const all = makePlacement({ kind: "random", nodeCount: 30, rng: Rng.fromSeed(9) });
    const some = makePlacement({ kind: "random", nodeCount: 30, rankCount: 12, rng: Rng.fromSeed(9) });
    expect([...some]).toEqual([...all.slice(0, 12)]);
  });

  it("rejects more ranks than nodes, repeated nodes and a random placement without rng", () => {
    expect(() => linearPlacement(5, 4)).toThrow(/1\.\.4/);
    expect(() => linearPlacement(2, 10, [1, 1])).toThrow(/node 1 appears twice/);
    expect(() => makePlacement({ kind: "random", nodeCount: 4 })).toThrow(/needs an rng/);
  });

  it("the placed ranks' diameter is the farthest pair's hop count, never more than the topology's", () => {
    const topo = torus([8, 8]);
    expect(placementDiameterHops(topo, Int32Array.of(0, 1, 2))).toBe(2);
    expect(placementDiameterHops(topo, linearPlacement(64, 64))).toBe(topo.diameter);
    const big = torus([64, 80]);
    // Above 4,096 ranks: the whole machine gives its diameter, a part a per-axis lower estimate.
    expect(placementDiameterHops(big, linearPlacement(big.nodeCount, big.nodeCount))).toBe(big.diameter);
    const part = placementDiameterHops(big, linearPlacement(5000, big.nodeCount));
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThanOrEqual(32 + 31);
  });
});
