import type { AllreduceAlgorithm } from "./algorithms/index.js";
import { Fold } from "./algorithms/fold.js";
import { multiRingParts } from "./algorithms/multiring.js";

/** Inputs of the α-β-γ model (Hockney's α-β plus a reduction term). */
export interface AlphaBetaGammaParams {
  /** P. */
  readonly rankCount: number;
  /** S, the vector size. */
  readonly sizeBytes: number;
  /** α: latency of one message, including host send/receive overheads, ns. */
  readonly alphaNs: number;
  /** β: transfer time per byte (1 / bandwidth), ns. */
  readonly betaNsPerByte: number;
  /** γ: local reduction time per byte, ns (3 / reduce bandwidth for `a += b`). */
  readonly gammaNsPerByte: number;
  /** Logical grid of `torus-ring` and `torus-multiring`; default [P]. */
  readonly torusDims?: readonly number[];
}

/**
 * Closed-form cost of an allreduce, ns, as in Thakur, Rabenseifner & Gropp 2005 ("Optimization
 * of Collective Communication Operations in MPICH", §4) and Patarasuk & Yuan 2009 for the
 * ring. Sizes are continuous (S/P need not be whole elements); P' = 2^⌊lg P⌋.
 */
export function allreduceCostNs(algorithm: AllreduceAlgorithm, params: AlphaBetaGammaParams): number {
  const { rankCount: p, sizeBytes: s, alphaNs: a, betaNsPerByte: b, gammaNsPerByte: g } = params;
  if (p <= 1) return 0;
  const fraction = (p - 1) / p;
  switch (algorithm) {
    case "ring":
      // Patarasuk & Yuan 2009: 2(P−1)α + 2(P−1)/P·Sβ + (P−1)/P·Sγ.
      return 2 * (p - 1) * a + 2 * fraction * s * b + fraction * s * g;
    case "bidirectional-ring":
      // Two rings on S/2 each, concurrently on two links: 2(P−1)α + (P−1)/P·Sβ + (P−1)/P·Sγ
      // (both halves are reduced on one CPU). With γ > 0 the simulation can beat this: one
      // direction's reduction overlaps the other's transfer.
      return 2 * (p - 1) * a + fraction * s * b + fraction * s * g;
    case "torus-ring": {
      // One ring per grid axis: Σ 2(d_i−1)α + 2(P−1)/P·Sβ + (P−1)/P·Sγ (the byte terms telescope:
      // Σ (d_i−1)/d_i · S/(d_0…d_{i−1}) = (1 − 1/P)·S).
      const dims = params.torusDims ?? [p];
      const steps = dims.reduce((sum, d) => sum + 2 * (d - 1), 0);
      return steps * a + 2 * fraction * s * b + fraction * s * g;
    }
    case "torus-multiring": {
      // 2D parts of S/(2D) (D = axes of size > 1, at least 1), each a torus ring on its own
      // links and interface, concurrently: Σ 2(d_i−1)α + 2(P−1)/P·S/(2D)·β + (P−1)/P·Sγ (one CPU
      // reduces every part). Exact on a contention-free network for a cubic grid without host
      // costs; otherwise a lower estimate (the parts advance in lockstep, each step at the pace
      // of its largest chunk, and reductions of one step queue on the CPU).
      const dims = params.torusDims ?? [p];
      const steps = dims.reduce((sum, d) => sum + 2 * (d - 1), 0);
      return steps * a + (2 * fraction * s * b) / multiRingParts(dims) + fraction * s * g;
    }
    case "trix3":
    case "trix6": {
      // torus-multiring's cost with 3 (6) parts on as many interfaces (an estimate, as there).
      const dims = params.torusDims ?? [p];
      const steps = dims.reduce((sum, d) => sum + 2 * (d - 1), 0);
      return steps * a + (2 * fraction * s * b) / (algorithm === "trix3" ? 3 : 6) + fraction * s * g;
    }
    case "recursive-doubling": {
      // Thakur et al. §4.4: lg P·(α + Sβ + Sγ) for a power of two; otherwise lg P' steps plus
      // the fold (α + Sβ + Sγ) and the unfold (α + Sβ).
      const { levels, rem } = new Fold(p);
      const extra = rem > 0 ? 2 * (a + s * b) + s * g : 0;
      return levels * (a + s * b + s * g) + extra;
    }
    case "rabenseifner": {
      // Thakur et al. §4.4: 2 lg P·α + 2(P−1)/P·Sβ + (P−1)/P·Sγ for a power of two; otherwise
      // the same over P' plus the fold and unfold steps.
      const { levels, pof2, rem } = new Fold(p);
      const f = (pof2 - 1) / pof2;
      const extra = rem > 0 ? 2 * (a + s * b) + s * g : 0;
      return 2 * levels * a + 2 * f * s * b + f * s * g + extra;
    }
    case "binomial-tree": {
      // Thakur et al. §4.2/§4.4: binomial reduce ⌈lg P⌉(α + Sβ + Sγ) + binomial broadcast ⌈lg P⌉(α + Sβ).
      const lg = Math.ceil(Math.log2(p));
      return lg * (2 * a + 2 * s * b + s * g);
    }
  }
}

/** Inputs of `allreduceLowerBoundNs`, in the units their names carry. */
export interface LowerBoundParams {
  readonly rankCount: number;
  readonly sizeBytes: number;
  /** The node's total injection bandwidth (all its interfaces), bytes per ns. */
  readonly injectionBandwidthBytesPerNs: number;
  /** Largest minimal hop count between two ranks' nodes (a lower estimate keeps the bound true). */
  readonly diameterHops: number;
  /** Smallest latency of one hop (router + wire), ns. */
  readonly perHopLatencyNs: number;
  /** Smallest fixed latency of any message that crosses the network, ns. */
  readonly baseLatencyNs: number;
}

/**
 * A time no correct allreduce can beat, ns, for one rank per node and no in-network reduction:
 * the larger of
 * - bandwidth: some rank must send at least 2(P−1)/P·S bytes (Patarasuk & Yuan 2009), which
 *   takes 2(P−1)/P·S / injection bandwidth;
 * - latency: the two farthest ranks must hear of each other's data, through a chain of messages
 *   whose hops add up to at least their distance, the first of which pays the base latency:
 *   diameterHops·perHopLatency + baseLatency.
 * Zero when there is nothing to exchange (P = 1, S = 0, or every rank on one node).
 */
export function allreduceLowerBoundNs(params: LowerBoundParams): number {
  const { rankCount: p, sizeBytes: s, injectionBandwidthBytesPerNs: inj, diameterHops, perHopLatencyNs, baseLatencyNs } = params;
  if (p <= 1 || s <= 0 || diameterHops <= 0) return 0;
  const bandwidthNs = ((2 * (p - 1)) / p) * s / inj;
  const latencyNs = diameterHops * perHopLatencyNs + baseLatencyNs;
  return Math.max(bandwidthNs, latencyNs);
}
