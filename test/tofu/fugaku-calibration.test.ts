import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { loadScenario } from "../../src/scenario/scenario.js";

const scenarios = join(import.meta.dirname, "..", "..", "scenarios");

describe("fugaku preset: Tofu-D microbenchmarks", () => {
  const put = loadScenario(join(scenarios, "put-fugaku.yaml")).points.map((p) => runPoint(p) as ResultOf<"put">);
  const injection = loadScenario(join(scenarios, "injection-fugaku.yaml")).points.map((p) => runPoint(p) as ResultOf<"injection">);

  it("reproduces the measured 8-byte neighbour put latency the preset is calibrated to", () => {
    const small = put.find((r) => r.sizeBytes === 8);
    expect(small?.timeUs).toBeCloseTo(0.49, 3);
  });

  it("streams one TNI to a neighbour at link bandwidth × payload/(payload + header), emergent from the packet headers", () => {
    const big = put.find((r) => r.sizeBytes === 16 * 1024 * 1024) as ResultOf<"put">;
    expect(big.bandwidthGBps / 6.8).toBeGreaterThan(0.92);
    expect(big.bandwidthGBps / 6.8).toBeLessThan(0.94);
  });

  it("injects what Tofu-D measures with six TNIs sending to six neighbours at once (emergent)", () => {
    const six = injection.find((r) => r.neighbors === 6) as ResultOf<"injection">;
    expect(six.bandwidthGBps).toBeGreaterThan(37);
    expect(six.bandwidthGBps).toBeLessThan(39);
    // And it scales with the number of TNIs in use.
    const one = injection.find((r) => r.neighbors === 1) as ResultOf<"injection">;
    expect(six.bandwidthGBps / one.bandwidthGBps).toBeCloseTo(6, 1);
  });
});
