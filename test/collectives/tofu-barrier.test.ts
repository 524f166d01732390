import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  makePlacement,
  runAllreduce,
  runTofuBarrier,
  tofuBarrierCostNs,
  tofuBarrierEligible,
  tofuBarrierStages,
} from "../../src/collectives/index.js";
import { Simulator } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork, zeroLoadLatencyNs, type NetworkConfig } from "../../src/network/index.js";
import { DimensionOrderRouting } from "../../src/routing/index.js";
import { TorusTopology } from "../../src/topology/index.js";
import { LINK, hypercube, idealTransport, placementFor, torus } from "./support.js";

const STAGE_NS = 150;
const BASE_NS = LINK.baseLatencyNs ?? 0;

describe("tofu-barrier: the Tofu barrier interface as an allreduce", () => {
  it("is eligible for ≤ 3 doubles (24 B) or, as integers, ≤ 6 (48 B), of 8-byte elements, on ≥ 4 ranks", () => {
    const ok = (sizeBytes: number, rankCount = 4, integer = false, elementBytes = 8) => tofuBarrierEligible({ sizeBytes, elementBytes, rankCount, integer });
    expect([ok(0), ok(8), ok(24), ok(25), ok(32)]).toEqual([true, true, true, false, false]);
    expect([ok(24, 4, true), ok(48, 4, true), ok(49, 4, true)]).toEqual([true, true, false]);
    expect([ok(8, 3), ok(8, 4), ok(8, 158_976)]).toEqual([false, true, true]);
    expect(ok(16, 8, false, 4)).toBe(false);
  });

  it("stages on the critical path: L = lg P for a power of two; otherwise 1 + max(L, 1 + bitlength(rem − 1)), L = ⌊lg P⌋, rem = P − 2^L", () => {
    // P = 5: rem 1 → 1 + max(2, 1) = 3; P = 7: rem 3 → 1 + max(2, 3) = 4; P = 12: rem 4 → 1 + max(3, 3) = 4.
    expect([4, 5, 6, 7, 8, 12, 13, 16, 63, 64].map(tofuBarrierStages)).toEqual([2, 3, 3, 4, 3, 4, 5, 4, 7, 6]);
  });

  it("property: in data mode every rank ends with the exact sum, for every rank count 4–64, size within the limits, placement and seed", () => {
    const topo = torus([4, 4, 4]);
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 64 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 48 }),
        fc.constantFrom("linear" as const, "random" as const),
        fc.integer({ min: 0, max: 1000 }),
        (p, integer, size, kind, seed) => {
          const sizeBytes = integer ? size : Math.min(size, 24);
          const r = runTofuBarrier({
            transport: idealTransport(topo),
            placement: placementFor(kind, p, topo, seed),
            sizeBytes,
            options: { stageLatencyNs: STAGE_NS, integer, verify: true, seed },
          });
          expect(r.verified).toBe(true);
          expect(r.hardware).toBe(true);
          expect(r.elementCount).toBe(Math.ceil(sizeBytes / 8));
          // Every message is the whole (tiny) vector: the gates never carry more than 48 B.
          expect(r.bytes).toBe(r.messages * r.elementCount * 8);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("golden, hypercube (partners one hop apart): T = lg P·(stageLatency + α + S·β), α = base + hop latency, with no host overhead or reduction cost", () => {
    for (const p of [4, 8, 16, 32, 64]) {
      for (const sizeBytes of [8, 24]) {
        const r = runTofuBarrier({ transport: idealTransport(hypercube(p)), placement: placementFor("linear", p, hypercube(p)), sizeBytes, options: { stageLatencyNs: STAGE_NS, verify: true } });
        const messageLatencyNs = BASE_NS + LINK.hopLatencyNs + sizeBytes / LINK.bandwidthBytesPerNs;
        expect(r.timeNs).toBeCloseTo(Math.log2(p) * (STAGE_NS + messageLatencyNs), 9);
        expect(r.timeNs).toBeCloseTo(tofuBarrierCostNs({ rankCount: p, stageLatencyNs: STAGE_NS, messageLatencyNs }), 9);
      }
    }
  });

  it("golden, every P 4–64 with distance-free links: T = stages(P)·(stageLatency + base + S·β), stages = L, or 1 + max(L, 1 + bitlength(rem − 1)) when rem = P − 2^L > 0", () => {
    const flat = { hopLatencyNs: 0, baseLatencyNs: 300, bandwidthBytesPerNs: 2 };
    const topo = torus([8, 8]);
    for (let p = 4; p <= 64; p++) {
      const r = runTofuBarrier({ transport: idealTransport(topo, flat), placement: placementFor("random", p, topo), sizeBytes: 48, options: { stageLatencyNs: STAGE_NS, integer: true, verify: true } });
      const lgP = Math.floor(Math.log2(p));
      const rem = p - 2 ** lgP;
      const bits = rem <= 1 ? 0 : (rem - 1).toString(2).length;
      const stages = rem === 0 ? lgP : 1 + Math.max(lgP, 1 + bits);
      expect(r.timeNs, `P = ${p}`).toBeCloseTo(stages * (STAGE_NS + 300 + 48 / 2), 9);
    }
  });

  it("runAllreduce uses the barrier interface when offered and eligible (ignoring host costs), and the requested algorithm otherwise", () => {
    const topo = hypercube(16);
    const placement = placementFor("linear", 16, topo);
    const host = { sendOverheadNs: 1000, receiveOverheadNs: 1000, reduceBandwidthGBps: 0.001 };
    const hw = runAllreduce({ transport: idealTransport(topo), placement, algorithm: "recursive-doubling", sizeBytes: 24, options: { ...host, verify: true, tofuBarrier: { stageLatencyNs: STAGE_NS } } });
    expect([hw.hardware, hw.verified, hw.algorithm]).toEqual([true, true, "recursive-doubling"]);
    expect(hw.timeNs).toBeCloseTo(4 * (STAGE_NS + BASE_NS + LINK.hopLatencyNs + 24 / LINK.bandwidthBytesPerNs), 9);
    // 32 B of doubles is over the limit: software, with its host costs.
    const sw = runAllreduce({ transport: idealTransport(topo), placement, algorithm: "recursive-doubling", sizeBytes: 32, options: { ...host, verify: true, tofuBarrier: { stageLatencyNs: STAGE_NS } } });
    expect([sw.hardware, sw.verified]).toEqual([false, true]);
    expect(sw.timeNs).toBeGreaterThan(4 * 2000);
    // 32 B as integers fits; 3 ranks never do; not offered: software.
    expect(runAllreduce({ transport: idealTransport(topo), placement, algorithm: "ring", sizeBytes: 32, options: { tofuBarrier: { stageLatencyNs: 1, integer: true } } }).hardware).toBe(true);
    expect(runAllreduce({ transport: idealTransport(topo), placement: placement.slice(0, 3), algorithm: "ring", sizeBytes: 8, options: { tofuBarrier: { stageLatencyNs: 1 } } }).hardware).toBe(false);
    expect(runAllreduce({ transport: idealTransport(topo), placement, algorithm: "ring", sizeBytes: 8 }).hardware).toBe(false);
  });

  it("runTofuBarrier refuses an ineligible request, naming the limit", () => {
    const topo = torus([8]);
    expect(() => runTofuBarrier({ transport: idealTransport(topo), placement: placementFor("linear", 8, topo), sizeBytes: 32, options: { stageLatencyNs: 1 } })).toThrow(/at most 24 B of doubles on at least 4 ranks, got 32 B on 8 ranks/);
    expect(() => runTofuBarrier({ transport: idealTransport(topo), placement: placementFor("linear", 2, topo), sizeBytes: 8, options: { stageLatencyNs: 1 } })).toThrow(/got 8 B on 2 ranks/);
  });

  it("property: on the packet network (Tofu 2x2x2x2x3x2, tofu-3d placement) the sum is exact and T ≥ stages·(stageLatency + zero-load latency of one hop)", () => {
    const topology = new TorusTopology({ shape: [2, 2, 2, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: ["X", "Y", "Z", "A", "B", "C"] });
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 96 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 500 }), (p, sizeBytes, stageLatencyNs) => {
        const config: NetworkConfig = { ...DEFAULT_NETWORK, injectionPorts: 6, nicLatencyNs: 20 };
        const network = new PacketNetwork(new Simulator(), topology, new DimensionOrderRouting(topology, {}), config);
        const placement = makePlacement({ kind: "tofu-3d", topology, rankCount: p });
        const r = runTofuBarrier({ transport: network, placement, sizeBytes, options: { stageLatencyNs, verify: true } });
        expect(r.verified).toBe(true);
        const bound = tofuBarrierCostNs({ rankCount: p, stageLatencyNs, messageLatencyNs: zeroLoadLatencyNs(config, 1, 8 * Math.ceil(sizeBytes / 8)) });
        expect(r.timeNs).toBeGreaterThanOrEqual(bound * (1 - 1e-12));
      }),
      { numRuns: 40 },
    );
  });
});
