import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_COLLECTIVES, balancedDims, chooseGrid, gridPrefix, gridWarning, isMultiDimensional, planAllreduce, type CollectivesConfig } from "../../src/collectives/index.js";

const isPrime = (n: number) => {
  if (n < 2) return false;
  for (let k = 2; k * k <= n; k++) if (n % k === 0) return false;
  return true;
};

describe("the grid of the grid algorithms", () => {
  it("property: the balanced factorisation has at most 3 factors, each > 1, whose product is P; it is one-dimensional exactly when P is prime (or < 4)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), (p) => {
        const dims = balancedDims(p);
        expect(dims.length).toBeLessThanOrEqual(3);
        expect(dims.reduce((a, b) => a * b, 1)).toBe(p);
        if (p > 1) expect(dims.every((d) => d > 1)).toBe(true);
        expect(isMultiDimensional(dims)).toBe(p >= 4 && !isPrime(p));
      }),
      { numRuns: 500 },
    );
  });

  it("property: no 3-factor grid of P is more balanced (largest / smallest factor, 1s included) than the chosen one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (p) => {
        const dims = balancedDims(p);
        const full = [...dims, 1, 1].slice(0, 3);
        const spread = Math.max(...full) / Math.min(...full);
        for (let a = 1; a <= p; a++) {
          if (p % a !== 0) continue;
          for (let b = 1; b <= p / a; b++) {
            if ((p / a) % b !== 0) continue;
            const c = p / a / b;
            expect(Math.max(a, b, c) / Math.min(a, b, c)).toBeGreaterThanOrEqual(spread);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("the placement's grid takes whole axes while they divide the rest, then the rest as one more axis", () => {
    expect(gridPrefix([4, 4, 4], 64)).toEqual([4, 4, 4]);
    expect(gridPrefix([4, 4, 4], 32)).toEqual([4, 4, 2]);
    expect(gridPrefix([4, 4, 4], 24)).toEqual([4, 6]);
    expect(gridPrefix([4, 6, 4], 64)).toEqual([4, 16]);
    expect(gridPrefix([24, 23, 24, 2, 3, 2], 1024)).toEqual([1024]);
    expect(gridPrefix([2, 1, 3], 6)).toEqual([2, 3]);
  });

  it("chooses the job's shape, else the placement's grid, else the balanced factorisation, else a flat ring — and only the last two are warned about", () => {
    expect(chooseGrid(64, [4, 16], [4, 4, 4])).toEqual({ dims: [4, 16], rule: "job" });
    expect(chooseGrid(64, undefined, [4, 4, 4])).toEqual({ dims: [4, 4, 4], rule: "placement" });
    expect(chooseGrid(1024, undefined, [24, 23, 24, 2, 3, 2])).toEqual({ dims: [16, 8, 8], rule: "factored" });
    expect(chooseGrid(61, undefined, [4, 4, 4])).toEqual({ dims: [61], rule: "flat" });
    expect(gridWarning("torus-ring", 64, chooseGrid(64, undefined, [4, 4, 4]))).toBeUndefined();
    expect(gridWarning("torus-ring", 1024, chooseGrid(1024, undefined, [24, 23, 24]))).toMatch(/no multi-dimensional grid; it ran on 16x8x8/);
    expect(gridWarning("trix3", 61, chooseGrid(61))).toMatch(/61 is prime.*flat ring of 61/);
  });
});

describe("auto and one-dimensional grids", () => {
  const rules: CollectivesConfig = {
    ...DEFAULT_COLLECTIVES,
    auto: [
      { maxBytes: 1024, algorithm: "recursive-doubling" },
      { maxBytes: 65536, algorithm: ["trix3", "ring"], segmentBytes: 4096 },
      { maxBytes: 1 << 20, algorithm: "torus-multiring" },
      { algorithm: "trix6" },
    ],
  };

  it("property: auto never picks a grid algorithm on a one-dimensional grid; on a multi-dimensional one it picks the rule's first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 22 }), fc.integer({ min: 2, max: 5000 }), (size, ranks) => {
        const flat = planAllreduce("auto", rules, size, ranks, { multiDimensional: false });
        expect(["torus-ring", "torus-multiring", "trix3", "trix6"]).not.toContain(flat.software);
        const grid = planAllreduce("auto", rules, size, ranks, { multiDimensional: true });
        const rule = rules.auto.find((r) => r.maxBytes === undefined || size <= r.maxBytes);
        expect(grid.software).toBe(typeof rule?.algorithm === "string" ? rule.algorithm : rule?.algorithm[0]);
      }),
    );
  });

  it("takes the list's next algorithm, or the flat counterpart, and says so", () => {
    const fallback = planAllreduce("auto", rules, 4096, 64, { multiDimensional: false });
    expect(fallback.software).toBe("ring");
    expect(fallback.segmentBytes).toBe(4096);
    expect(fallback.notes.join()).toMatch(/trix3 need a multi-dimensional grid.*ran ring/);
    expect(planAllreduce("auto", rules, 1 << 19, 64, { multiDimensional: false }).software).toBe("bidirectional-ring");
    expect(planAllreduce("auto", rules, 1 << 23, 64, { multiDimensional: false }).software).toBe("ring");
  });

  it("rules bound ranks and size per rank as Fujitsu's tree does (⌊size / ranks⌋ ≤ maxBytesPerRank)", () => {
    const tree: CollectivesConfig = {
      ...DEFAULT_COLLECTIVES,
      auto: [
        { maxRanks: 32, maxBytesPerRank: 8191, maxBytes: 32768, algorithm: "recursive-doubling" },
        { maxRanks: 32, algorithm: "ring" },
        { minRanks: 33, maxRanks: 3840, algorithm: "rabenseifner" },
        { algorithm: "binomial-tree" },
      ],
    };
    expect(planAllreduce("auto", tree, 32768, 8).software).toBe("recursive-doubling");
    expect(planAllreduce("auto", tree, 32768, 4).software).toBe("ring"); // 8192 per rank is not < 8192
    expect(planAllreduce("auto", tree, 8, 33).software).toBe("rabenseifner");
    expect(planAllreduce("auto", tree, 8, 3841).software).toBe("binomial-tree");
  });

  it("a ring with fewer elements than ranks runs the machine's ringSmallFallback, as Open MPI's ring does", () => {
    const fj: CollectivesConfig = { ...DEFAULT_COLLECTIVES, ringSmallFallback: "recursive-doubling" };
    expect(planAllreduce("ring", fj, 32, 64).software).toBe("recursive-doubling");
    expect(planAllreduce("ring", fj, 512, 64).software).toBe("ring");
    expect(planAllreduce("ring", DEFAULT_COLLECTIVES, 32, 64).software).toBe("ring");
  });
});
