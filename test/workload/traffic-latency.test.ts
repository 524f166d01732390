import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { scenarioFromData } from "../../src/scenario/scenario.js";
import { isSaturated } from "../../src/workload/traffic.js";

function traffic(workload: Record<string, unknown>, seed = 1, topology = "torus-8x8"): ResultOf<"traffic">[] {
  const s = scenarioFromData(
    { name: "t", seed, topology, network: { injectionPorts: 1 }, routing: { ties: "balanced" }, workload: { type: "traffic", pattern: "uniform", messageBytes: 1920, warmupNs: "5us", measureNs: "5us", ...workload } },
    "t.yaml",
  );
  return s.points.map((p) => runPoint(p) as ResultOf<"traffic">);
}

describe("traffic latency", () => {
  it("reports latencies and hops as null, not 0, when nothing was delivered", () => {
    const [r] = traffic({ offeredLoad: 0 });
    expect(r.messagesMeasured).toBe(0);
    expect(r.latencyNs).toEqual({ mean: null, p50: null, p99: null, max: null });
    expect(r.messageLatencyNs).toEqual({ mean: null, p50: null, p99: null, max: null });
    expect(r.hops).toBeNull();
    expect(r.zeroLoadLatencyNs).toBeNull();
    expect(r.saturated).toBe(false);
  });

  it("gives message latency equal to packet latency for one-packet messages, and above it for many-packet ones", () => {
    const [one] = traffic({ offeredLoad: 0.3 });
    expect(one.messageLatencyNs).toEqual(one.latencyNs);
    const [five] = traffic({ offeredLoad: 0.3, messageBytes: 5 * 1920 });
    expect(five.messageLatencyNs.mean as number).toBeGreaterThan(five.latencyNs.mean as number);
    // A message arrives with its last packet: the slowest message is the slowest packet.
    expect(five.messageLatencyNs.max).toBe(five.latencyNs.max);
  });

  it("compares like with like: the zero-load mean covers the messages that arrived, so a run whose slow messages are still in flight keeps latency ≥ zero-load (seed 6, uniform, load 0.01, 3,833 B)", () => {
    const [r] = traffic({ pattern: "uniform", offeredLoad: 0.01, messageBytes: 3833, measureNs: "3us" }, 6);
    expect(r.messageLatencyNs.mean).not.toBeNull();
    // At 1% load every message meets an idle network: the two means agree up to rounding.
    expect(r.messageLatencyNs.mean as number).toBeGreaterThanOrEqual((r.zeroLoadLatencyNs as number) * (1 - 1e-12));
  });

  it("property: no message beats its zero-load latency, so the means keep that order", () => {
    fc.assert(
      fc.property(fc.constantFrom("uniform", "transpose", "tornado", "neighbor"), fc.double({ min: 0.01, max: 0.9, noNaN: true }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 9 }), (pattern, offeredLoad, packets, seed) => {
        const [r] = traffic({ pattern, offeredLoad, messageBytes: packets * 1920 - 7, measureNs: "3us" }, seed);
        if (r.messagesMeasured === 0 || r.messageLatencyNs.mean === null) return;
        expect(r.messageLatencyNs.mean).toBeGreaterThanOrEqual((r.zeroLoadLatencyNs as number) * (1 - 1e-12));
      }),
      { numRuns: 12 },
    );
  });
});

describe("saturation", () => {
  it("calls a short window past saturation saturated on the 8-ary 2-cube, though it drained and measured under 1000 messages", () => {
    for (const seed of [1, 2]) {
      const past = traffic({ offeredLoad: [0.9, 1.0], measureNs: "4us" }, seed);
      for (const r of past) {
        expect(r.messagesMeasured).toBeLessThan(1000);
        expect(r.packetsMeasured).toBe(r.messagesMeasured);
        expect(r.saturated).toBe(true);
      }
      for (const r of traffic({ offeredLoad: [0.1, 0.3], measureNs: "4us" }, seed)) expect(r.saturated).toBe(false);
      for (const r of traffic({ pattern: "tornado", offeredLoad: [0.5, 0.8], measureNs: "4us" }, seed)) expect(r.saturated).toBe(true);
    }
  });

  it("needs both signs for a drained window: a clear shortfall of accepted load and latency far above zero-load", () => {
    const base = { drained: true, measuredMessages: 900, backlogGrowth: 0, offeredLoad: 1, acceptedLoad: 0.6, meanMessageLatencyNs: 10_000, meanZeroLoadLatencyNs: 600 };
    expect(isSaturated(base)).toBe(true);
    expect(isSaturated({ ...base, meanMessageLatencyNs: 1500 })).toBe(false);
    // Within three standard deviations of 900 Poisson messages (10%): noise, not saturation.
    expect(isSaturated({ ...base, acceptedLoad: 0.91 })).toBe(false);
    expect(isSaturated({ ...base, drained: false, acceptedLoad: 1 })).toBe(true);
    expect(isSaturated({ ...base, measuredMessages: 2000, backlogGrowth: 201, acceptedLoad: 1 })).toBe(true);
    expect(isSaturated({ ...base, measuredMessages: 0, meanMessageLatencyNs: null, meanZeroLoadLatencyNs: null })).toBe(false);
  });
});
