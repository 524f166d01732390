import { describe, expect, it } from "vitest";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { scenarioFromData } from "../../src/scenario/scenario.js";

function run(data: Record<string, unknown>): ResultOf<"allreduce">[] {
  return scenarioFromData({ name: "grid", ...data }, "grid.yaml").points.map((p) => runPoint(p) as ResultOf<"allreduce">);
}

describe("torus-aware algorithms never silently run flat on Fugaku", () => {
  it("1,024 ranks on fugaku: a 1,024-node job whose torus-ring runs on a 3-D grid, without a warning", () => {
    const [r] = run({ topology: "fugaku", workload: { type: "allreduce", algorithm: "torus-ring", sizeBytes: 8192, ranks: 1024, verify: true } });
    expect(r.grid).toEqual([16, 8, 8]);
    expect(r.verified).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it("1,024 ranks placed linearly on all of fugaku (no grid in id order): torus-ring runs on the balanced 3-D factorisation, and the result says so", () => {
    const [r] = run({ topology: "fugaku", workload: { type: "allreduce", algorithm: "torus-ring", sizeBytes: 64, ranks: 1024, placement: "linear" } });
    expect(r.grid).toEqual([16, 8, 8]);
    expect(r.gridRule).toBe("factored");
    expect(r.warnings.join()).toMatch(/no multi-dimensional grid; it ran on 16x8x8/);
  });

  it("64 ranks of a 96-node allocation keep two grid axes", () => {
    const [r] = run({ topology: "fugaku", allocation: { shape: [2, 2, 2, 2, 3, 2] }, workload: { type: "allreduce", algorithm: "torus-multiring", sizeBytes: 4096, ranks: 64, placement: "tofu-3d", verify: true } });
    expect(r.grid).toEqual([4, 16]);
    expect(r.verified).toBe(true);
  });

  it("a prime rank count runs flat with a warning, and auto does not pick a grid algorithm for it", () => {
    const [ring, auto] = run({ topology: "fugaku", workload: { type: "allreduce", algorithm: ["torus-multiring", "auto"], sizeBytes: "1MiB", ranks: 67 } });
    expect(ring.grid).toEqual([67]);
    expect(ring.warnings.join()).toMatch(/67 is prime.*flat ring/);
    expect(["torus-ring", "torus-multiring", "trix3", "trix6"]).not.toContain(auto.algorithmUsed);
  });
});
