import { describe, expect, it } from "vitest";
import { errorOf } from "../support/files.js";
import { runScenario } from "../../src/scenario/runner.js";
import { scenarioFromData } from "../../src/scenario/scenario.js";

function allreduce(topology: string, workload: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return runScenario(scenarioFromData({ name: "a", topology, ...extra, workload: { type: "allreduce", verify: true, ...workload } }, "a.yaml")).results;
}

const traffic = (pattern: string) => ({ type: "traffic", pattern, offeredLoad: 0.1, messageBytes: 512, warmupNs: 2000, measureNs: 4000 });

describe("collectives on any topology kind", () => {
  for (const topology of ["fat-tree-64", "dragonfly-small"]) {
    it(`ring, recursive-doubling, rabenseifner, binomial-tree and bidirectional-ring give every rank the sum on ${topology} (data mode, 48 ranks)`, () => {
      const results = allreduce(topology, { algorithm: ["ring", "recursive-doubling", "rabenseifner", "binomial-tree", "bidirectional-ring"], sizeBytes: "4KiB", ranks: 48 });
      expect(results).toHaveLength(5);
      for (const r of results) {
        expect(r.workload === "allreduce" && r.verified).toBe(true);
        expect(r.workload === "allreduce" && r.warnings).toEqual([]);
      }
    });
  }

  it("refuses torus-ring and torus-multiring on a fat tree or dragonfly without a named grid, naming workload.grid (never a flat ring)", () => {
    for (const [topology, algorithm] of [["fat-tree-64", "torus-ring"], ["dragonfly-small", "torus-multiring"]]) {
      const e = errorOf(() => scenarioFromData({ name: "a", topology, workload: { type: "allreduce", algorithm, sizeBytes: 4096, ranks: 64 } }, "a.yaml"));
      expect(e.issues[0]).toMatchObject({ code: "unsupported", path: "workload.algorithm" });
      expect(e.issues[0].message).toMatch(/without coordinates, so name a logical grid of the rank order \(workload.grid, e.g. "4x4x4"\)/);
    }
  });

  it("runs torus-ring and torus-multiring over the logical grid the scenario names, with the right sum and that grid in the result", () => {
    const ft = allreduce("fat-tree-64", { algorithm: ["torus-ring", "torus-multiring"], sizeBytes: "8KiB", ranks: 64, grid: "8x8" });
    const df = allreduce("dragonfly-small", { algorithm: "torus-ring", sizeBytes: "8KiB", ranks: 72, grid: "8x9" });
    for (const r of [...ft, ...df]) {
      if (r.workload !== "allreduce") throw new Error("expected an allreduce");
      expect(r.verified).toBe(true);
      expect(r.gridRule).toBe("named");
      expect(r.warnings).toEqual([]);
    }
    expect(ft.map((r) => (r.workload === "allreduce" ? r.grid : []))).toEqual([[8, 8], [8, 8]]);
    expect(df[0].workload === "allreduce" && df[0].grid).toEqual([8, 9]);
  });

  it("refuses a named grid whose product is not the rank count", () => {
    const e = errorOf(() => scenarioFromData({ name: "a", topology: "fat-tree-64", workload: { type: "allreduce", algorithm: "torus-ring", sizeBytes: 8, ranks: 64, grid: "4x4" } }, "a.yaml"));
    expect(e.issues[0]).toMatchObject({ path: "workload.grid" });
    expect(e.issues[0].message).toMatch(/product is the rank count 64, found 4x4 \(16\)/);
  });

  it("auto whose rule names a grid algorithm runs its flat counterpart on a fat tree, and says so", () => {
    const results = allreduce("fat-tree-64", { algorithm: "auto", sizeBytes: "64KiB", ranks: 64 }, { collectives: { auto: [{ algorithm: "torus-multiring" }] } });
    const r = results[0];
    if (r.workload !== "allreduce") throw new Error("expected an allreduce");
    expect(r.algorithmUsed).toBe("bidirectional-ring");
    expect(r.warnings.join(" ")).toMatch(/need a multi-dimensional grid/);
  });
});

describe("traffic on any topology kind", () => {
  it("runs uniform, random-permutation and hotspot on a fat tree and a dragonfly", () => {
    for (const topology of ["fat-tree-64", "dragonfly-small"]) {
      const results = runScenario(scenarioFromData({ name: "t", topology, workload: traffic("uniform") }, "t.yaml")).results;
      const more = runScenario(scenarioFromData({ name: "t", topology, workload: { ...traffic("random-permutation"), pattern: ["random-permutation", "hotspot"] } }, "t.yaml")).results;
      for (const r of [...results, ...more]) {
        if (r.workload !== "traffic") throw new Error("expected traffic");
        expect(r.acceptedLoad).toBeGreaterThan(0.05);
        expect(r.saturated).toBe(false);
      }
    }
  });

  it("refuses coordinate patterns on a fat tree or dragonfly, saying which patterns run there", () => {
    for (const pattern of ["neighbor", "transpose", "bit-complement", "tornado"]) {
      const e = errorOf(() => scenarioFromData({ name: "t", topology: "dragonfly-small", workload: traffic(pattern) }, "t.yaml"));
      expect(e.issues[0].path).toBe("workload.pattern");
      expect(e.issues[0].message).toMatch(/needs a mesh\/torus.*uniform, hotspot and random-permutation run anywhere/);
    }
  });

  it("runs group-shift on a dragonfly and digit-transpose on a fat tree, and refuses each elsewhere", () => {
    for (const [topology, pattern] of [["dragonfly-small", "group-shift"], ["fat-tree-64", "digit-transpose"]]) {
      const r = runScenario(scenarioFromData({ name: "t", topology, workload: traffic(pattern) }, "t.yaml")).results[0];
      expect(r.workload === "traffic" && r.acceptedLoad).toBeGreaterThan(0.05);
    }
    expect(errorOf(() => scenarioFromData({ name: "t", topology: "fat-tree-64", workload: traffic("group-shift") }, "t.yaml")).issues[0].message).toMatch(/needs a dragonfly; this topology is a fat-tree/);
    expect(errorOf(() => scenarioFromData({ name: "t", topology: "torus-4x4x4", workload: traffic("digit-transpose") }, "t.yaml")).issues[0].message).toMatch(/needs a fat tree; this topology is a torus/);
  });
});
