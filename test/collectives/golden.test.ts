import { describe, expect, it } from "vitest";
import { runAllreduce, type AllreduceAlgorithm, type AllreduceOptions } from "../../src/collectives/index.js";
import type { TorusTopology } from "../../src/topology/index.js";
import { InjectionLimitedTransport, LINK, hypercube, idealTransport, placementFor, torus } from "./support.js";

// IdealNetwork with LINK: a nearest-neighbour message of b bytes takes α + b·β.
const ALPHA_NS = LINK.hopLatencyNs + (LINK.baseLatencyNs ?? 0); // one hop + base = 500
const BETA_NS_PER_BYTE = 1 / LINK.bandwidthBytesPerNs; // 0.25
const SEND_OVERHEAD_NS = 30;
const RECEIVE_OVERHEAD_NS = 20;
const REDUCE_GBPS = 2; // γ = 3 bytes moved per byte reduced / 2 bytes per ns = 1.5 ns per byte
const GAMMA_NS_PER_BYTE = 3 / REDUCE_GBPS;
const HOST: AllreduceOptions = { sendOverheadNs: SEND_OVERHEAD_NS, receiveOverheadNs: RECEIVE_OVERHEAD_NS, reduceBandwidthGBps: REDUCE_GBPS };

function timeOf(algorithm: AllreduceAlgorithm, topology: TorusTopology, sizeBytes: number, options: AllreduceOptions = {}): number {
  const transport = idealTransport(topology);
  return runAllreduce({ transport, placement: placementFor("linear", topology.nodeCount, topology), algorithm, sizeBytes, options: { verify: true, ...options } }).timeNs;
}

describe("golden timings on IdealNetwork", () => {
  it("ring on a 1D torus of P nodes: T = 2(P−1)·(α + (S/P)·β)", () => {
    for (const p of [2, 3, 5, 8, 12]) {
      const s = p * 8 * 16;
      expect(timeOf("ring", torus([p]), s)).toBeCloseTo(2 * (p - 1) * (ALPHA_NS + (s / p) * BETA_NS_PER_BYTE), 6);
    }
  });

  it("ring with host costs: T = 2(P−1)·(o_s + α + (S/P)·β + o_r) + (P−1)·(S/P)·γ, γ = 3 / reduceBandwidth", () => {
    for (const p of [2, 3, 7]) {
      const s = p * 8 * 10;
      const expected = 2 * (p - 1) * (SEND_OVERHEAD_NS + ALPHA_NS + (s / p) * BETA_NS_PER_BYTE + RECEIVE_OVERHEAD_NS) + (p - 1) * (s / p) * GAMMA_NS_PER_BYTE;
      expect(timeOf("ring", torus([p]), s, HOST)).toBeCloseTo(expected, 6);
    }
  });

  it("recursive-doubling on a hypercube (partners one hop apart): T = lg P·(α + S·β)", () => {
    for (const p of [2, 4, 8, 16, 32]) {
      const s = 8 * 100;
      expect(timeOf("recursive-doubling", hypercube(p), s)).toBeCloseTo(Math.log2(p) * (ALPHA_NS + s * BETA_NS_PER_BYTE), 6);
    }
  });

  it("recursive-doubling with host costs: T = lg P·(o_s + α + S·β + o_r + S·γ)", () => {
    for (const p of [2, 8, 16]) {
      const s = 8 * 100;
      const expected = Math.log2(p) * (SEND_OVERHEAD_NS + ALPHA_NS + s * BETA_NS_PER_BYTE + RECEIVE_OVERHEAD_NS + s * GAMMA_NS_PER_BYTE);
      expect(timeOf("recursive-doubling", hypercube(p), s, HOST)).toBeCloseTo(expected, 6);
    }
  });

  it("rabenseifner on a hypercube: T = 2 lg P·α + 2(P−1)/P·S·β + (P−1)/P·S·γ", () => {
    for (const p of [2, 4, 16]) {
      const s = p * 8 * 5;
      const f = (p - 1) / p;
      const expected = 2 * Math.log2(p) * ALPHA_NS + 2 * f * s * BETA_NS_PER_BYTE + f * s * GAMMA_NS_PER_BYTE;
      expect(timeOf("rabenseifner", hypercube(p), s, { reduceBandwidthGBps: REDUCE_GBPS })).toBeCloseTo(expected, 6);
    }
  });

  it("binomial-tree on a hypercube: T = 2 lg P·(α + S·β) + lg P·S·γ", () => {
    for (const p of [2, 4, 8, 32]) {
      const s = 8 * 50;
      const expected = 2 * Math.log2(p) * (ALPHA_NS + s * BETA_NS_PER_BYTE) + Math.log2(p) * s * GAMMA_NS_PER_BYTE;
      expect(timeOf("binomial-tree", hypercube(p), s, { reduceBandwidthGBps: REDUCE_GBPS })).toBeCloseTo(expected, 6);
    }
  });

  it("torus-ring on a d0×d1 torus: T = Σ 2(d_i−1)·α + 2(P−1)/P·S·β", () => {
    for (const dims of [[4, 3], [2, 5], [3, 3, 2]]) {
      const p = dims.reduce((a, b) => a * b, 1);
      const s = p * 8 * 4;
      const steps = dims.reduce((a, d) => a + 2 * (d - 1), 0);
      const expected = steps * ALPHA_NS + ((2 * (p - 1)) / p) * s * BETA_NS_PER_BYTE;
      expect(timeOf("torus-ring", torus(dims), s, { torusDims: dims })).toBeCloseTo(expected, 6);
    }
  });

  it("bidirectional-ring on a 1D torus: T = 2(P−1)·(α + S/(2P)·β), both halves moving at once", () => {
    for (const p of [2, 3, 6]) {
      const s = 2 * p * 8 * 8;
      expect(timeOf("bidirectional-ring", torus([p]), s)).toBeCloseTo(2 * (p - 1) * (ALPHA_NS + (s / (2 * p)) * BETA_NS_PER_BYTE), 6);
    }
  });

  it("one rank: T = 0 and no message, for every algorithm", () => {
    for (const algorithm of ["ring", "recursive-doubling", "rabenseifner", "binomial-tree", "torus-ring", "bidirectional-ring"] as const) {
      const r = runAllreduce({ transport: idealTransport(torus([3])), placement: Int32Array.of(1), algorithm, sizeBytes: 800, options: { verify: true } });
      expect([r.timeNs, r.messages, r.verified]).toEqual([0, 0, true]);
    }
  });
});

describe("golden timings with one injection queue per interface", () => {
  it("segmented ring, m segments of τ = segment·β per chunk: T = 2(P−1)·(α + τ) + (m−1)·τ (one pipeline through all 2(P−1) steps)", () => {
    for (const [p, m] of [[3, 4], [5, 2], [4, 7]]) {
      const segmentBytes = 64;
      const s = p * m * segmentBytes;
      const transport = new InjectionLimitedTransport(torus([p]), 1);
      const r = runAllreduce({ transport, placement: placementFor("linear", p, torus([p])), algorithm: "ring", sizeBytes: s, options: { segmentBytes, verify: true } });
      const tau = segmentBytes * BETA_NS_PER_BYTE;
      expect(r.timeNs).toBeCloseTo(2 * (p - 1) * (ALPHA_NS + tau) + (m - 1) * tau, 6);
      expect(r.messages).toBe(2 * (p - 1) * m * p);
    }
  });

  it("unsegmented ring on the same transport: T = 2(P−1)·(α + (S/P)·β), so segments gain (m−1)/m of every step's transfer but the first", () => {
    const p = 4;
    const s = p * 7 * 64;
    const transport = new InjectionLimitedTransport(torus([p]), 1);
    const r = runAllreduce({ transport, placement: placementFor("linear", p, torus([p])), algorithm: "ring", sizeBytes: s });
    expect(r.timeNs).toBeCloseTo(2 * (p - 1) * (ALPHA_NS + (s / p) * BETA_NS_PER_BYTE), 6);
  });
});
