import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/input/errors.js";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { loadScenario } from "../../src/scenario/scenario.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-tofu-"));
let n = 0;
function scenario(workload: string, extra = ""): ResultOf<"allreduce">[] {
  const f = join(dir, `s${n++}.yaml`);
  writeFileSync(f, `name: t\ntopology: fugaku\nallocation: { shape: [2, 2, 2, 2, 3, 2], mode: torus }\n${extra}workload: ${workload}\n`);
  return loadScenario(f).points.map((p) => runPoint(p) as ResultOf<"allreduce">);
}

describe("Tofu collectives through scenarios (96-node fugaku allocation)", () => {
  it("runs tofu-barrier on the barrier interface for 3 doubles and falls back to recursive doubling above", () => {
    const [tiny, big] = scenario("{ type: allreduce, algorithm: tofu-barrier, sizeBytes: [24, 32], placement: tofu-3d, verify: true }");
    expect(tiny.hardware).toBe(true);
    expect(tiny.algorithmUsed).toBe("tofu-barrier");
    expect(tiny.verified).toBe(true);
    expect(big.hardware).toBe(false);
    expect(big.algorithmUsed).toBe("recursive-doubling");
    expect(big.verified).toBe(true);
  });

  it("beats software recursive doubling with the barrier interface at 8 B (no MPI overhead per stage)", () => {
    const [hw, sw] = scenario("{ type: allreduce, algorithm: [tofu-barrier, recursive-doubling], sizeBytes: 8, placement: tofu-3d }");
    expect(hw.timeUs).toBeLessThan(sw.timeUs);
    expect(hw.timeUs).toBeGreaterThanOrEqual(hw.lowerBoundUs);
  });

  it("lets auto pick per size as the fugaku preset's rules (Fujitsu's decision tree for 33–3,840 ranks) say", () => {
    const results = scenario("{ type: allreduce, algorithm: auto, sizeBytes: [8, 1KiB, 16KiB, 128KiB, 1MiB], placement: tofu-3d }");
    // ≤ 24 B: the barrier interface; ≤ 96 KiB: recursive doubling; above: trix3.
    expect(results.map((r) => r.algorithmUsed)).toEqual(["tofu-barrier", "recursive-doubling", "recursive-doubling", "trix3", "trix3"]);
  });

  it("lays tofu-3d ranks on a logical 4x6x4 torus of the 2x2x2-unit allocation", () => {
    const [r] = scenario("{ type: allreduce, algorithm: torus-ring, sizeBytes: 8KiB, placement: tofu-3d, verify: true }");
    expect(r.grid).toEqual([4, 6, 4]);
    expect(r.verified).toBe(true);
  });

  it("makes torus-multiring beat ring and torus-ring for a large allreduce (4 MiB), above the lower bound", () => {
    const [ring, torusRing, multi] = scenario("{ type: allreduce, algorithm: [ring, torus-ring, torus-multiring], sizeBytes: 4MiB, placement: tofu-3d }");
    expect(multi.timeUs).toBeLessThan(ring.timeUs);
    expect(multi.timeUs).toBeLessThan(torusRing.timeUs);
    expect(multi.timeUs).toBeGreaterThanOrEqual(multi.lowerBoundUs);
  });

  it("refuses tofu-barrier on a machine without a barrier interface and tofu-3d on a non-Tofu topology", () => {
    const f = join(dir, "plain.yaml");
    writeFileSync(f, "name: p\ntopology: torus-4x4x4\nworkload: { type: allreduce, algorithm: tofu-barrier, sizeBytes: 8, placement: tofu-3d }\n");
    let err: unknown;
    try {
      loadScenario(f);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as InputError).message;
    expect(msg).toMatch(/workload\.algorithm: expected a machine with a barrier interface/);
    expect(msg).toMatch(/workload\.placement: tofu-3d needs a topology with exactly the axes X, Y, Z, A, B, C/);
  });
});
