import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALLREDUCE_ALGORITHMS, type AllreduceAlgorithm } from "../../src/collectives/index.js";
import { Rng } from "../../src/engine/index.js";
import { linearGrid, runAllreduceJob, type AllreduceJobResult } from "../../src/workload/index.js";
import { DEFAULT_COLLECTIVES, NO_HOST_COSTS } from "../../src/collectives/index.js";
import { build, torus } from "../network/helpers.js";

function job(algorithm: AllreduceAlgorithm, sizeBytes: number, shape = [4, 4, 4], extra: { ranks?: number; placement?: "linear" | "random"; verify?: boolean; nics?: number } = {}): AllreduceJobResult {
  const topo = torus(shape);
  const { sim, net } = build(topo, { injectionPorts: extra.nics ?? 1 });
  return runAllreduceJob(
    sim,
    net,
    { algorithm, sizeBytes, ranks: extra.ranks ?? topo.nodeCount, placement: extra.placement ?? "linear", verify: extra.verify ?? false, host: NO_HOST_COSTS, collectives: DEFAULT_COLLECTIVES },
    Rng.fromSeed(1),
  );
}

describe("allreduce jobs on the packet network", () => {
  it("for 8 B on 64 ranks of a 4x4x4 torus, recursive-doubling beats ring (latency-bound: lg P vs 2(P−1) steps)", () => {
    expect(job("recursive-doubling", 8).timeUs).toBeLessThan(job("ring", 8).timeUs);
  });

  it("for 16 MiB on 64 ranks of a 4x4x4 torus, ring and rabenseifner beat recursive-doubling (bandwidth-bound: 2(P−1)/P·S vs lg P·S bytes)", () => {
    const rd = job("recursive-doubling", 16 * 1024 * 1024).timeUs;
    expect(job("ring", 16 * 1024 * 1024).timeUs).toBeLessThan(rd);
    expect(job("rabenseifner", 16 * 1024 * 1024).timeUs).toBeLessThan(rd);
  });

  it("property: every algorithm, rank count and size verifies in data mode and never beats its lower bound", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLREDUCE_ALGORITHMS),
        fc.integer({ min: 1, max: 27 }),
        fc.integer({ min: 0, max: 40_000 }),
        fc.constantFrom("linear" as const, "random" as const),
        fc.integer({ min: 1, max: 2 }),
        (algorithm, ranks, sizeBytes, placement, nics) => {
          const r = job(algorithm, sizeBytes, [3, 3, 3], { ranks, placement, verify: true, nics });
          expect(r.verified).toBe(true);
          expect(r.timeUs).toBeGreaterThanOrEqual(r.lowerBoundUs);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps the α-β-γ estimate above the bandwidth bound when an algorithm has more lanes than NICs", () => {
    for (const algorithm of ["torus-multiring", "bidirectional-ring"] as const) {
      const r = job(algorithm, 100 * 1024, [4, 4, 4], { nics: 1 });
      expect(r.analyticUs).toBeGreaterThanOrEqual(r.lowerBoundUs);
    }
  });

  it("reports bus bandwidth as algorithm bandwidth × 2(P−1)/P and verified as null when not checked", () => {
    const r = job("ring", 1 << 20);
    expect(r.algBandwidthGBps).toBeCloseTo((1 << 20) / (r.timeUs * 1000), 9);
    expect(r.busBandwidthGBps).toBeCloseTo((r.algBandwidthGBps * 2 * 63) / 64, 9);
    expect(r.verified).toBeNull();
  });

  it("lays torus-ring's logical grid along the first nodes: whole axes, then the part of the next", () => {
    const topo = torus([4, 4, 4]);
    expect(linearGrid(topo, 64)).toEqual([4, 4, 4]);
    expect(linearGrid(topo, 32)).toEqual([4, 4, 2]);
    expect(linearGrid(topo, 3)).toEqual([3]);
    expect(linearGrid(topo, 6)).toEqual([6]); // 4 + 2 nodes form no grid
    expect(linearGrid(torus([2, 3, 2]), 12)).toEqual([2, 3, 2]);
  });
});

describe("golden: ring allreduce on a contention-free packet network", () => {
  it.each([
    [8, 8 * 1024],
    [8, 8 * 96_000],
    [5, 5 * 8 * 1000],
  ])(
    "on a ring of %i nodes, %i bytes take 2(P−1)·(nic + 2·router + link + (S/P + packets·header)/bandwidth) — α-β with packetisation",
    (p, sizeBytes) => {
      // Every step sends one chunk to the next node: one hop, each link used by one stream.
      const topo = torus([p]);
      const { sim, net } = build(topo, { injectionPorts: 1, bufferBytesPerVc: 1 << 20, nicLatencyNs: 30 });
      const r = runAllreduceJob(
        sim,
        net,
        { algorithm: "ring", sizeBytes, ranks: p, placement: "linear", verify: true, host: NO_HOST_COSTS, collectives: DEFAULT_COLLECTIVES },
        Rng.fromSeed(1),
      );
      const chunkBytes = sizeBytes / p;
      const packets = Math.ceil(chunkBytes / net.config.packetPayloadBytes);
      const c = net.config;
      const stepNs = c.nicLatencyNs + 2 * c.routerLatencyNs + c.linkLatencyNs + (chunkBytes + packets * c.packetHeaderBytes) / c.linkBandwidthGBps;
      expect(r.verified).toBe(true);
      expect(r.timeUs * 1000).toBeCloseTo(2 * (p - 1) * stepNs, 3);
    },
  );
});
