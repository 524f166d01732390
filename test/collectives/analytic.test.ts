import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALLREDUCE_ALGORITHMS,
  allreduceCostNs,
  allreduceLowerBoundNs,
  multiRingParts,
  placementDiameterHops,
  runAllreduce,
  type AllreduceAlgorithm,
} from "../../src/collectives/index.js";
import type { IdealNetworkOptions } from "../../src/network/index.js";
import type { TorusTopology } from "../../src/topology/index.js";
import { InjectionLimitedTransport, hypercube, idealTransport, placementFor, torus } from "./support.js";

const arbLink: fc.Arbitrary<IdealNetworkOptions> = fc.record({
  hopLatencyNs: fc.integer({ min: 1, max: 500 }),
  baseLatencyNs: fc.integer({ min: 0, max: 1000 }),
  bandwidthBytesPerNs: fc.constantFrom(0.5, 1, 2, 4, 8, 16),
});

/** Where the α-β-γ model is exact: contention-free and every partner one hop away. */
function exactSetting(algorithm: AllreduceAlgorithm, lgP: number, dims: number[]): { topology: TorusTopology; torusDims?: number[] } {
  switch (algorithm) {
    case "ring":
    case "bidirectional-ring":
      return { topology: torus([2 ** lgP]) };
    case "torus-ring":
      return { topology: torus(dims), torusDims: dims };
    case "torus-multiring":
    case "trix3":
    case "trix6": {
      // Exact on a cubic grid only: elsewhere the parts' passes end at different steps.
      const cube = dims.map(() => dims[0]);
      return { topology: torus(cube), torusDims: cube };
    }
    default:
      return { topology: hypercube(2 ** lgP) };
  }
}

describe("analytic α-β-γ model", () => {
  it("property: agrees with the IdealNetwork simulation where the model is exact (contention-free, all distances 1, P' | elements)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLREDUCE_ALGORITHMS),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 20 }),
        arbLink,
        fc.record({ os: fc.integer({ min: 0, max: 50 }), or: fc.integer({ min: 0, max: 50 }), reduce: fc.option(fc.constantFrom(1, 2, 8), { nil: null }) }),
        (algorithm, lgP, dims, k, link, host) => {
          const { topology, torusDims } = exactSetting(algorithm, lgP, dims);
          const p = topology.nodeCount;
          // Every chunk, half, part and segment whole: 2p·k elements (times the parts of multiring).
          const parts = algorithm === "torus-multiring" ? multiRingParts(torusDims ?? [p]) : algorithm === "trix3" ? 3 : algorithm === "trix6" ? 6 : 1;
          const sizeBytes = 2 * p * k * 8 * parts;
          // bidirectional-ring, torus-multiring: several sends per step share the send overhead and
          // one lane's reduction overlaps another's transfer, so the model is exact without host costs only.
          const bidi = algorithm === "bidirectional-ring" || algorithm === "torus-multiring" || algorithm === "trix3" || algorithm === "trix6";
          const os = bidi ? 0 : host.os;
          const or = bidi ? 0 : host.or;
          const reduceBandwidthGBps = bidi ? null : host.reduce;
          const sim = runAllreduce({
            transport: idealTransport(topology, link),
            placement: placementFor("linear", p, topology),
            algorithm,
            sizeBytes,
            options: { torusDims, sendOverheadNs: os, receiveOverheadNs: or, reduceBandwidthGBps },
          });
          const model = allreduceCostNs(algorithm, {
            rankCount: p,
            sizeBytes,
            alphaNs: os + (link.baseLatencyNs ?? 0) + link.hopLatencyNs + or,
            betaNsPerByte: 1 / link.bandwidthBytesPerNs,
            gammaNsPerByte: reduceBandwidthGBps === null ? 0 : 3 / reduceBandwidthGBps,
            torusDims,
          });
          expect(sim.timeNs).toBeCloseTo(model, 6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("non-power-of-two recursive doubling and Rabenseifner: the fold and unfold add 2(α + Sβ) + Sγ", () => {
    const base = { sizeBytes: 1024, alphaNs: 10, betaNsPerByte: 0.5, gammaNsPerByte: 0.25 };
    const extra = 2 * (10 + 512) + 256;
    expect(allreduceCostNs("recursive-doubling", { ...base, rankCount: 6 }) - allreduceCostNs("recursive-doubling", { ...base, rankCount: 4 })).toBeCloseTo(extra, 9);
    expect(allreduceCostNs("rabenseifner", { ...base, rankCount: 7 }) - allreduceCostNs("rabenseifner", { ...base, rankCount: 4 })).toBeCloseTo(extra, 9);
  });

  it("the lower bound is the larger of 2(P−1)/P·S / injection bandwidth and diameter·hop latency + base latency", () => {
    const params = { rankCount: 4, sizeBytes: 4000, injectionBandwidthBytesPerNs: 2, diameterHops: 3, perHopLatencyNs: 100, baseLatencyNs: 50 };
    expect(allreduceLowerBoundNs(params)).toBe(3000);
    expect(allreduceLowerBoundNs({ ...params, sizeBytes: 40 })).toBe(350);
    expect(allreduceLowerBoundNs({ ...params, rankCount: 1 })).toBe(0);
    expect(allreduceLowerBoundNs({ ...params, sizeBytes: 0 })).toBe(0);
  });
});

/** Interfaces an algorithm drives at once (torus-multiring on its default grid [P]: 2 parts; trix3 and trix6: 3 and 6). */
function interfacesDriven(algorithm: AllreduceAlgorithm): number {
  if (algorithm === "trix3") return 3;
  if (algorithm === "trix6") return 6;
  return algorithm === "bidirectional-ring" || algorithm === "torus-multiring" ? 2 : 1;
}

describe("simulated time is never below the analytic lower bound", () => {
  const arbRun = fc.record({
    algorithm: fc.constantFrom(...ALLREDUCE_ALGORITHMS),
    rankCount: fc.integer({ min: 1, max: 64 }),
    sizeBytes: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 40_000 })),
    placement: fc.constantFrom("linear" as const, "random" as const),
    seed: fc.integer({ min: 0, max: 99 }),
    link: arbLink,
    shape: fc.constantFrom([4, 4, 4], [8, 8], [3, 5, 3, 2], [64], [2, 2, 2, 2, 2, 2]),
  });

  it("property: on IdealNetwork without segments, with injection = bandwidth × interfaces driven at once (2 for bidirectional-ring, 2 per grid axis for torus-multiring, 3 and 6 for trix3 and trix6)", () => {
    // IdealNetwork gives every message the full bandwidth however many a node has in flight;
    // unsegmented, each algorithm's critical path still carries its whole volume one message per
    // step and interface, so the bound holds with the interfaces it drives.
    fc.assert(
      fc.property(arbRun, (c) => {
        const topology = torus(c.shape);
        const placement = placementFor(c.placement, c.rankCount, topology, c.seed);
        const r = runAllreduce({ transport: idealTransport(topology, c.link), placement, algorithm: c.algorithm, sizeBytes: c.sizeBytes });
        const bound = allreduceLowerBoundNs({
          rankCount: c.rankCount,
          sizeBytes: c.sizeBytes,
          injectionBandwidthBytesPerNs: c.link.bandwidthBytesPerNs * interfacesDriven(c.algorithm),
          diameterHops: placementDiameterHops(topology, placement),
          perHopLatencyNs: c.link.hopLatencyNs,
          baseLatencyNs: c.link.baseLatencyNs ?? 0,
        });
        expect(r.timeNs).toBeGreaterThanOrEqual(bound * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  it("property: with injection limited to interfaces × bandwidth, for every algorithm, with or without segments", () => {
    fc.assert(
      fc.property(arbRun, fc.option(fc.integer({ min: 8, max: 4096 }), { nil: undefined }), (c, segmentBytes) => {
        const topology = torus(c.shape);
        const nics = interfacesDriven(c.algorithm);
        const placement = placementFor(c.placement, c.rankCount, topology, c.seed);
        const transport = new InjectionLimitedTransport(topology, nics, c.link);
        const r = runAllreduce({ transport, placement, algorithm: c.algorithm, sizeBytes: c.sizeBytes, options: { segmentBytes } });
        const bound = allreduceLowerBoundNs({
          rankCount: c.rankCount,
          sizeBytes: c.sizeBytes,
          injectionBandwidthBytesPerNs: c.link.bandwidthBytesPerNs * nics,
          diameterHops: placementDiameterHops(topology, placement),
          perHopLatencyNs: c.link.hopLatencyNs,
          baseLatencyNs: c.link.baseLatencyNs ?? 0,
        });
        expect(r.timeNs).toBeGreaterThanOrEqual(bound * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });
});
