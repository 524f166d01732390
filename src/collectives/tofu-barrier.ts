import type { Transport } from "../network/index.js";
import { Fold } from "./algorithms/fold.js";
import { RecursiveDoublingProgram } from "./algorithms/recursive-doubling.js";
import { elementCountOf } from "./chunks.js";
import { CollectiveExecutor, NO_HOST_COSTS, type CollectiveResult } from "./executor.js";
import { GateDelayTransport } from "./gate-delay-transport.js";
import type { CollectiveProgram, RecvStep, SendStep } from "./program.js";

/**
 * Tofu's barrier interface: allreduce offloaded to virtual barrier gates in the network
 * interfaces, wired as a butterfly across the job's nodes (RIKEN uTofu, utf_bg_barrier.c).
 * Limits (utf): floating SUM of ≤ 3 doubles, integer SUM of ≤ 6 64-bit integers, on ≥ 4
 * nodes; anything else falls back to software.
 *
 * Model: the recursive-doubling butterfly (stage k: exchange with rank r XOR 2^k; a rank count
 * that is not a power of two folds its extra ranks in before and out after, as MPICH does —
 * the real gate wiring for such counts is not public) with messages of the vector's size
 * (≤ 48 B) over the transport. Each stage's packet leaves its gate `stageLatencyNs` after the
 * gate's inputs are complete (`GateDelayTransport`); there are no host send or receive
 * overheads and no reduction cost: the gates add as they forward.
 */

/** Bytes the barrier interface reduces at most: 3 doubles, or 6 64-bit integers. */
export const TOFU_BARRIER_MAX_DOUBLE_BYTES = 24;
export const TOFU_BARRIER_MAX_INTEGER_BYTES = 48;
/** Nodes the barrier interface needs at least. */
export const TOFU_BARRIER_MIN_RANKS = 4;

export interface TofuBarrierEligibility {
  readonly sizeBytes: number;
  /** Must be 8: the gates reduce doubles or 64-bit integers. */
  readonly elementBytes: number;
  readonly rankCount: number;
  /** Integer SUM (uint64, ≤ 6 elements); default false: floating SUM (double, ≤ 3 elements). */
  readonly integer?: boolean;
}

/** Whether the barrier interface can do this allreduce (SUM); if not, the caller falls back. */
export function tofuBarrierEligible(request: TofuBarrierEligibility): boolean {
  const limit = request.integer === true ? TOFU_BARRIER_MAX_INTEGER_BYTES : TOFU_BARRIER_MAX_DOUBLE_BYTES;
  return request.elementBytes === 8 && request.sizeBytes >= 0 && request.sizeBytes <= limit && request.rankCount >= TOFU_BARRIER_MIN_RANKS;
}

/**
 * Gate stages on the critical path when every stage costs the same: L = lg P' for a power of
 * two. Otherwise 1 + max(L, 1 + H), H = bit length of rem − 1. Why: the butterfly is a
 * dataflow, and an input reaches butterfly rank x from rank y after one stage per bit where x
 * and y differ (≤ L). The fold receivers (butterfly ranks 0..rem−1) start one stage late; the
 * farthest apart of them differ in H bits, so they finish at max(L, 1 + H); the extras get
 * the unfold one stage later. That is L + 1, or L + 2 when rem > P'/2 (the lockstep count of
 * Thakur et al.), where two fold receivers differ in every bit.
 */
export function tofuBarrierStages(rankCount: number): number {
  const { levels, rem } = new Fold(rankCount);
  if (rem === 0) return levels;
  const h = rem === 1 ? 0 : Math.floor(Math.log2(rem - 1)) + 1;
  return 1 + Math.max(levels, 1 + h);
}

export interface TofuBarrierCostParams {
  readonly rankCount: number;
  readonly stageLatencyNs: number;
  /** Network latency of one gate packet to its butterfly partner: fixed part + hops × per-hop latency (+ its few bytes' transfer). */
  readonly messageLatencyNs: number;
}

/**
 * T = stages × (stageLatency + messageLatency), stages from `tofuBarrierStages` (exact when
 * every gate packet takes the same time; with partners at different distances, a lower bound
 * when messageLatency is the nearest partner's and an upper bound when it is the farthest's).
 */
export function tofuBarrierCostNs(params: TofuBarrierCostParams): number {
  return tofuBarrierStages(params.rankCount) * (params.stageLatencyNs + params.messageLatencyNs);
}

export interface TofuBarrierOptions {
  /** Gate processing time per butterfly stage, ns (a preset calibrates it). */
  readonly stageLatencyNs: number;
  /** Integer SUM (≤ 48 B) instead of floating SUM (≤ 24 B); default false. */
  readonly integer?: boolean;
  /** Data mode: real numbers through the gates, checked at the end. Default false. */
  readonly verify?: boolean;
  /** Seed of the data-mode vectors; default 1. */
  readonly seed?: number | string;
}

export interface TofuBarrierRequest {
  readonly transport: Transport;
  /** Rank → node; its length is the rank count. */
  readonly placement: Int32Array;
  readonly sizeBytes: number;
  readonly options: TofuBarrierOptions;
}

export interface TofuBarrierResult extends CollectiveResult {
  readonly algorithm: "tofu-barrier";
  /** Always true: this run used the barrier interface. */
  readonly hardware: true;
  readonly rankCount: number;
  readonly elementCount: number;
  readonly stages: number;
}

/** Runs an allreduce on the barrier interface; throws a RangeError if it is not eligible. */
export function runTofuBarrier(request: TofuBarrierRequest): TofuBarrierResult {
  const { placement, sizeBytes, options } = request;
  const rankCount = placement.length;
  if (!tofuBarrierEligible({ sizeBytes, elementBytes: 8, rankCount, integer: options.integer })) {
    const limit = options.integer === true ? `${TOFU_BARRIER_MAX_INTEGER_BYTES} B of integers` : `${TOFU_BARRIER_MAX_DOUBLE_BYTES} B of doubles`;
    throw new RangeError(`tofu-barrier takes at most ${limit} on at least ${TOFU_BARRIER_MIN_RANKS} ranks, got ${sizeBytes} B on ${rankCount} ranks (fall back to a software algorithm)`);
  }
  const elementCount = elementCountOf(sizeBytes, 8);
  const program = new TofuBarrierProgram(rankCount, elementCount);
  const transport = new GateDelayTransport(request.transport, options.stageLatencyNs);
  const executor = new CollectiveExecutor(transport, placement, program, {
    ...NO_HOST_COSTS,
    elementBytes: 8,
    verify: options.verify ?? false,
    seed: options.seed ?? 1,
  });
  executor.start();
  transport.sim.run();
  const result = executor.finish();
  return { ...result, algorithm: "tofu-barrier", hardware: true, rankCount, elementCount, stages: tofuBarrierStages(rankCount) };
}

/** The butterfly: recursive doubling's exchanges under the name "tofu-barrier". */
class TofuBarrierProgram implements CollectiveProgram {
  readonly name = "tofu-barrier";
  private readonly butterfly: RecursiveDoublingProgram;

  constructor(
    readonly rankCount: number,
    readonly elementCount: number,
  ) {
    this.butterfly = new RecursiveDoublingProgram(rankCount, elementCount);
  }

  sendCount(rank: number): number {
    return this.butterfly.sendCount(rank);
  }

  recvCount(rank: number): number {
    return this.butterfly.recvCount(rank);
  }

  send(rank: number, index: number, out: SendStep): void {
    this.butterfly.send(rank, index, out);
  }

  recv(rank: number, index: number, out: RecvStep): void {
    this.butterfly.recv(rank, index, out);
  }
}
