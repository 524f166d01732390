import { describe, expect, it } from "vitest";
import { InputError } from "../../src/input/errors.js";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { scenarioFromData } from "../../src/scenario/scenario.js";
import { requireTorus } from "../../src/topology/index.js";

function scenario(data: Record<string, unknown>) {
  return scenarioFromData({ name: "job", ...data }, "job.yaml");
}

function run(data: Record<string, unknown>): ResultOf<"allreduce">[] {
  return scenario(data).points.map((p) => runPoint(p) as ResultOf<"allreduce">);
}

function problems(data: Record<string, unknown>): string[] {
  try {
    scenario(data);
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error("expected an InputError");
}

const allreduce = { type: "allreduce", algorithm: "torus-ring", sizeBytes: 4096, verify: true };

describe("the job key", () => {
  it("runs a 4x4x4 torus job with rank map XZY on its 64-node block, and the result names the job's shape, mode and rank map", () => {
    const [r] = run({ topology: "fugaku", job: { nodes: [4, 4, 4], mode: "torus", rankMap: "XZY" }, workload: allreduce });
    expect(r.topology).toBe("fugaku[job 4x4x4:torus XZY on 2x2x2x2x2x2]");
    expect([r.ranks, r.jobShape, r.jobMode, r.rankMap, r.grid, r.gridRule]).toEqual([64, [4, 4, 4], "torus", "XZY", [4, 4, 4], "job"]);
    expect(r.placement).toBe("job");
    expect(r.verified).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it("accepts the shape as PJM writes it (\"64x64\") and defaults the rank map to XY for 2-D", () => {
    const s = scenario({ topology: "fugaku", job: { nodes: "8x6" }, workload: { ...allreduce, sizeBytes: 64 } });
    expect(s.points[0].job?.shape).toEqual([8, 6]);
    expect(s.points[0].job?.rankMap).toBe("XY");
    expect(s.points[0].job?.grid).toEqual([8, 6]);
  });

  it("on a Tofu preset, ranks: N alone is an N-node job with a compact block, not the first N nodes in id order", () => {
    const [r] = run({ topology: "fugaku", workload: { ...allreduce, ranks: 64 } });
    expect(r.jobShape).toEqual([64]);
    expect(r.rankMap).toBeNull();
    expect(r.grid).toEqual([4, 4, 4]);
    expect(r.topology).toBe("fugaku[job 64:torus on 2x2x2x2x2x2]");
    const block = scenario({ topology: "tofu-small", workload: { ...allreduce, ranks: 64 } }).points[0].machine.topology;
    expect(requireTorus(block, "test").shape).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it("keeps the old meaning where a placement or an allocation is given, and on non-Tofu machines", () => {
    expect(scenario({ topology: "fugaku", workload: { ...allreduce, ranks: 64, placement: "linear" } }).points[0].job).toBeUndefined();
    expect(scenario({ topology: "fugaku", allocation: { shape: [2, 2, 2, 2, 3, 2] }, workload: { ...allreduce, ranks: 64 } }).points[0].job).toBeUndefined();
    expect(scenario({ topology: "torus-4x4x4", workload: { ...allreduce, ranks: 32 } }).points[0].job).toBeUndefined();
  });

  it("sweeps over jobs like other keys", () => {
    const s = scenario({ topology: "fugaku", job: [{ nodes: [2, 2, 2] }, { nodes: [4, 4, 4], rankMap: "ZYX" }], workload: allreduce });
    expect(s.points.map((p) => p.sweep.job)).toEqual(["2x2x2 torus", "4x4x4 torus ZYX"]);
  });

  it("warns that a noncont job's nodes are synthetic, and places its ranks on distinct nodes of the whole machine", () => {
    const [r] = run({ topology: "tofu-small", job: { nodes: 16, mode: "noncont" }, workload: { ...allreduce, algorithm: "recursive-doubling" } });
    expect(r.verified).toBe(true);
    expect(r.warnings.join()).toMatch(/noncont.*random/);
    expect(r.topology).toBe("tofu-small[job 16:noncont]");
  });

  it("refuses, naming the field: a shape that does not fit, a rank map on a 1-D job, a placement or another rank count beside a job, a job on a machine without Tofu axes", () => {
    expect(problems({ topology: "tofu-small", job: { nodes: [4, 4, 5] }, workload: allreduce }).join("\n")).toMatch(/^job\.nodes: logical z of 5 does not fit/m);
    expect(problems({ topology: "fugaku", job: { nodes: 64, rankMap: "XY" }, workload: allreduce }).join("\n")).toMatch(/^job\.rankMap: .*1-D job has no rank map/m);
    expect(problems({ topology: "fugaku", job: { nodes: [4, 4, 4] }, workload: { ...allreduce, placement: "tofu-3d" } }).join("\n")).toMatch(/^workload\.placement: expected no placement with a job/m);
    expect(problems({ topology: "fugaku", job: { nodes: [4, 4, 4] }, workload: { ...allreduce, ranks: 32 } }).join("\n")).toMatch(/^workload\.ranks: expected 64 .* or "all", found 32/m);
    expect(problems({ topology: "torus-4x4x4", job: { nodes: 8 }, workload: allreduce }).join("\n")).toMatch(/^job: a Tofu job needs a machine with exactly the axes X, Y, Z, A, B, C/m);
    expect(problems({ topology: "fugaku", job: { nodes: "4x4x4x4" }, workload: allreduce }).join("\n")).toMatch(/job\.nodes/);
  });
});
