import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { TRAFFIC_PATTERNS, TrafficWorkload, makePattern, patternProblem, type TrafficResult } from "../../src/workload/index.js";
import { build, torus } from "../network/helpers.js";
import { arbTopology } from "../support/arbitraries.js";

function runTraffic(shape: number[], pattern: (typeof TRAFFIC_PATTERNS)[number], offeredLoad: number, seed = 1, measureNs = 100_000): TrafficResult {
  const topo = torus(shape);
  const { sim, net } = build(topo, { injectionPorts: 1 }, { ties: "balanced" });
  const rng = Rng.fromSeed(seed);
  const w = new TrafficWorkload(sim, net, makePattern(topo, { pattern }, rng.stream("pattern")), { messageBytes: 1920, offeredLoad, warmupNs: 20_000, measureNs, drainNs: 400_000 }, rng.stream("traffic"));
  return w.run();
}

describe("TrafficWorkload", () => {
  it("property: packets are conserved: injected = delivered + still in flight; measured ones all delivered below saturation", () => {
    fc.assert(
      fc.property(arbTopology(64, 3, 5), fc.constantFrom(...TRAFFIC_PATTERNS), fc.double({ min: 0.01, max: 0.15, noNaN: true }), fc.integer({ min: 0, max: 99 }), (topo, pattern, load, seed) => {
        fc.pre(topo.nodeCount > 1 && patternProblem(topo, { pattern }) === undefined);
        const { sim, net } = build(topo, { injectionPorts: 1 });
        const rng = Rng.fromSeed(seed);
        const w = new TrafficWorkload(sim, net, makePattern(topo, { pattern }, rng.stream("p")), { messageBytes: 3000, offeredLoad: load, warmupNs: 2000, measureNs: 10_000, drainNs: 200_000 }, rng.stream("t"));
        const r = w.run();
        expect(net.deadlock).toBeUndefined();
        expect(r.packetsInjected).toBe(r.packetsDelivered + net.packetsInFlight);
        expect(r.saturated).toBe(false);
        // Each measured message is 2 packets (3000 B over 1920 B payloads).
        expect(r.packetsMeasured).toBe(2 * r.messagesMeasured);
      }),
      { numRuns: 40 },
    );
  });

  it("accepts what is offered well below saturation (uniform, 4x4x4 torus, load 0.3)", () => {
    const r = runTraffic([4, 4, 4], "uniform", 0.3);
    expect(r.acceptedLoad).toBeGreaterThan(0.3 * 0.95);
    expect(r.acceptedLoad).toBeLessThan(0.3 * 1.05);
    // Uniform on a 4-ary 3-cube: mean minimal distance 3·(k/4) = 3 hops among all pairs (3.05 excluding self).
    expect(r.hops).toBeGreaterThan(2.9);
    expect(r.hops).toBeLessThan(3.2);
  });

  it("never accepts more than the bisection bound allows: uniform ≤ 8b/k on the 8-ary 2-cube, tornado ≤ b/(k/2−1)", () => {
    // Payload bounds: the wire carries 72 header bytes per 1920 payload bytes.
    const payloadShare = 1920 / 1992;
    const uniform = runTraffic([8, 8], "uniform", 1.0);
    expect(uniform.acceptedLoad).toBeLessThanOrEqual(1.0 * payloadShare);
    const tornado = runTraffic([8, 8], "tornado", 0.6);
    expect(tornado.acceptedLoad).toBeLessThanOrEqual(payloadShare / 3);
  });

  it("saturates uniform traffic on the 8-ary 2-cube at 60–97% of the ideal 8b/k = 1.0, and tornado at 60–100% of b/(k/2−1)", () => {
    const best = (pattern: "uniform" | "tornado", loads: number[]): number => Math.max(...loads.map((l) => runTraffic([8, 8], pattern, l).acceptedLoad));
    const uniform = best("uniform", [0.6, 0.7, 0.8, 0.9]);
    expect(uniform).toBeGreaterThan(0.6);
    const tornado = best("tornado", [0.2, 0.25, 0.3]);
    expect(tornado).toBeGreaterThan(0.6 / 3);
  });

  it("calls a run saturated when its backlog grows in the window, not below saturation even in a short window", () => {
    expect(runTraffic([8, 8], "uniform", 0.3).saturated).toBe(false);
    expect(runTraffic([8, 8], "uniform", 0.55, 1, 12_000).saturated).toBe(false);
    expect(runTraffic([8, 8], "uniform", 0.9).saturated).toBe(true);
    expect(runTraffic([8, 8], "tornado", 0.5).saturated).toBe(true);
  });

  it("is deterministic: the same seed gives identical results, another seed different ones", () => {
    expect(runTraffic([4, 4], "uniform", 0.4, 7, 20_000)).toEqual(runTraffic([4, 4], "uniform", 0.4, 7, 20_000));
    expect(runTraffic([4, 4], "uniform", 0.4, 8, 20_000).latencyNs).not.toEqual(runTraffic([4, 4], "uniform", 0.4, 7, 20_000).latencyNs);
  });
});
