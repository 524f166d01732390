import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allreduceLowerBoundNs,
  allreduceProgram,
  makePlacement,
  multiRingParts,
  newSendStep,
  placementDiameterHops,
  runAllreduce,
  type AllreduceAlgorithm,
} from "../../src/collectives/index.js";
import { Simulator } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork, type NetworkConfig } from "../../src/network/index.js";
import { DimensionOrderRouting } from "../../src/routing/index.js";
import { TorusTopology } from "../../src/topology/index.js";
import { idealTransport, placementFor, torus } from "./support.js";

/** A factorisation of p into 1–4 grid dims (factors in random groups and order). */
function arbGrid(p: number): fc.Arbitrary<number[]> {
  const primes: number[] = [];
  for (let n = p, f = 2; n > 1; ) {
    if (n % f === 0) {
      primes.push(f);
      n /= f;
    } else f++;
  }
  return fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(3), { minLength: primes.length, maxLength: primes.length })).map(([k, groups]) => {
    const dims = new Array<number>(k).fill(1);
    primes.forEach((f, i) => (dims[groups[i] % k] *= f));
    return dims;
  });
}

describe("torus-multiring", () => {
  it("property: in data mode every rank ends with the exact sum, for every rank count 1–64, grid of 1–4 dims, size, segment size, placement and host costs", () => {
    const topo = torus([4, 4, 4]);
    const arb = fc.integer({ min: 1, max: 64 }).chain((p) =>
      fc.record({
        p: fc.constant(p),
        dims: arbGrid(p),
        sizeBytes: fc.oneof(fc.integer({ min: 0, max: 16 * p + 16 }), fc.integer({ min: 0, max: 6000 })),
        segmentBytes: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        kind: fc.constantFrom("linear" as const, "random" as const),
        seed: fc.integer({ min: 0, max: 1000 }),
        host: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(arb, (c) => {
        const r = runAllreduce({
          transport: idealTransport(topo),
          placement: placementFor(c.kind, c.p, topo, c.seed),
          algorithm: "torus-multiring",
          sizeBytes: c.sizeBytes,
          options: {
            verify: true,
            seed: c.seed,
            torusDims: c.dims,
            segmentBytes: c.segmentBytes,
            ...(c.host ? { sendOverheadNs: 5, receiveOverheadNs: 3, reduceBandwidthGBps: 4 } : {}),
          },
        });
        expect(r.verified).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("on a cubic grid every step sends 2D messages per rank to 2D distinct grid neighbours on interfaces 0..2D−1, each part 1/(2D) of the data", () => {
    for (const dims of [[4, 4, 4], [3, 3], [5, 5, 5]]) {
      const grid = torus(dims);
      const p = grid.nodeCount;
      const parts = 2 * dims.length;
      const n = parts * p * 3;
      const program = allreduceProgram("torus-multiring", { rankCount: p, elementCount: n, torusDims: dims });
      expect(multiRingParts(dims)).toBe(parts);
      const s = newSendStep();
      for (let r = 0; r < p; r++) {
        expect(program.sendCount(r)).toBe(parts * dims.reduce((a, d) => a + 2 * (d - 1), 0));
        const elementsPerNic = new Array<number>(parts).fill(0);
        for (let k = 0; k < program.sendCount(r); k += parts) {
          const peers = new Set<number>();
          for (let j = 0; j < parts; j++) {
            program.send(r, k + j, s);
            expect(s.nic).toBe(j);
            expect(grid.distance(r, s.peer)).toBe(1);
            peers.add(s.peer);
            elementsPerNic[j] += s.elemCount;
          }
          expect(peers.size).toBe(parts);
        }
        // Each part moves 2(P−1)/P of its n/(2D) elements.
        expect(elementsPerNic).toEqual(new Array<number>(parts).fill((2 * (p - 1) * (n / parts)) / p));
      }
    }
  });

  it("golden on a d×d×d torus (IdealNetwork): T = 6(d−1)·α + 2(P−1)/P·(S/6)·β — six parts on six links at once", () => {
    const link = { hopLatencyNs: 100, baseLatencyNs: 400, bandwidthBytesPerNs: 4 };
    for (const d of [2, 3, 4]) {
      const p = d ** 3;
      const s = 6 * p * 8 * 5;
      const r = runAllreduce({ transport: idealTransport(torus([d, d, d]), link), placement: placementFor("linear", p, torus([d, d, d])), algorithm: "torus-multiring", sizeBytes: s, options: { torusDims: [d, d, d], verify: true } });
      expect(r.timeNs).toBeCloseTo(6 * (d - 1) * 500 + ((2 * (p - 1)) / p) * (s / 6) * 0.25, 6);
    }
  });
});

describe("torus-multiring over the packet network, 4 MiB, 6 NICs per node", () => {
  const sizeBytes = 4 << 20;
  const config: NetworkConfig = { ...DEFAULT_NETWORK, injectionPorts: 6, nicLatencyNs: 20 };

  function timeOf(topology: TorusTopology, placement: Int32Array, algorithm: AllreduceAlgorithm, dims: number[]): { timeNs: number; boundNs: number } {
    const network = new PacketNetwork(new Simulator(), topology, new DimensionOrderRouting(topology, {}), config);
    const r = runAllreduce({ transport: network, placement, algorithm, sizeBytes, options: { torusDims: dims } });
    const boundNs = allreduceLowerBoundNs({
      rankCount: placement.length,
      sizeBytes,
      injectionBandwidthBytesPerNs: config.linkBandwidthGBps * config.injectionPorts,
      diameterHops: placementDiameterHops(topology, placement),
      perHopLatencyNs: config.routerLatencyNs + config.linkLatencyNs,
      baseLatencyNs: config.nicLatencyNs + config.routerLatencyNs,
    });
    return { timeNs: r.timeNs, boundNs };
  }

  it("4x4x4 torus: multiring beats ring and torus-ring by more than 4x and stays above the injection lower bound", () => {
    const topology = torus([4, 4, 4]);
    const placement = placementFor("linear", 64, topology);
    const multi = timeOf(topology, placement, "torus-multiring", [4, 4, 4]);
    const ring = timeOf(topology, placement, "ring", [64]);
    const torusRing = timeOf(topology, placement, "torus-ring", [4, 4, 4]);
    expect(multi.timeNs).toBeGreaterThanOrEqual(multi.boundNs);
    expect(multi.timeNs * 4).toBeLessThan(ring.timeNs);
    expect(multi.timeNs * 4).toBeLessThan(torusRing.timeNs);
    // Within 10% of the bound: six links per node busy nearly all the time.
    expect(multi.timeNs).toBeLessThan(1.1 * multi.boundNs);
  });

  it("Tofu 2x2x2x2x3x2 with the tofu-3d 4x6x4 grid: multiring beats ring and torus-ring and stays above the lower bound", () => {
    const topology = new TorusTopology({ shape: [2, 2, 2, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: ["X", "Y", "Z", "A", "B", "C"] });
    const placement = makePlacement({ kind: "tofu-3d", topology });
    const multi = timeOf(topology, placement, "torus-multiring", [4, 6, 4]);
    const ring = timeOf(topology, placement, "ring", [96]);
    const torusRing = timeOf(topology, placement, "torus-ring", [4, 6, 4]);
    expect(multi.timeNs).toBeGreaterThanOrEqual(multi.boundNs);
    expect(multi.timeNs * 3).toBeLessThan(ring.timeNs);
    expect(multi.timeNs * 3).toBeLessThan(torusRing.timeNs);
  });
});
