import type { Transport } from "../network/index.js";
import { allreduceProgram, type AllreduceAlgorithm } from "./algorithms/index.js";
import { elementCountOf } from "./chunks.js";
import { CollectiveExecutor, type CollectiveResult, type ExecutorOptions } from "./executor.js";
import type { CollectiveProgram } from "./program.js";

export interface AllreduceOptions {
  /** Bytes per element; default 8 (a double). */
  readonly elementBytes?: number;
  /** Pipeline messages in pieces of this size (ring, bidirectional-ring, torus-ring); default none. */
  readonly segmentBytes?: number;
  /** Default 0. */
  readonly sendOverheadNs?: number;
  /** Default 0. */
  readonly receiveOverheadNs?: number;
  /** Bytes per ns of local reduction; null or undefined: reductions are free. */
  readonly reduceBandwidthGBps?: number | null;
  /** Data mode: real numbers through the same programs, checked at the end. Default false. */
  readonly verify?: boolean;
  /** Seed of the data-mode vectors; default 1. */
  readonly seed?: number | string;
  /** Logical rank grid of `torus-ring`, product = rank count; default [rank count]. */
  readonly torusDims?: readonly number[];
}

export interface AllreduceRequest {
  readonly transport: Transport;
  /** Rank → node; its length is the rank count. */
  readonly placement: Int32Array;
  readonly algorithm: AllreduceAlgorithm;
  readonly sizeBytes: number;
  readonly options?: AllreduceOptions;
}

export interface AllreduceResult extends CollectiveResult {
  readonly algorithm: AllreduceAlgorithm;
  readonly rankCount: number;
  readonly elementCount: number;
}

export interface ProgramRequest {
  readonly transport: Transport;
  readonly placement: Int32Array;
  readonly program: CollectiveProgram;
  readonly options?: Omit<AllreduceOptions, "segmentBytes" | "torusDims">;
}

/** Runs one allreduce from the simulator's current time until the simulator runs dry. */
export function runAllreduce(request: AllreduceRequest): AllreduceResult {
  const options = request.options ?? {};
  const elementBytes = options.elementBytes ?? 8;
  const elementCount = elementCountOf(request.sizeBytes, elementBytes);
  const segmentBytes = options.segmentBytes;
  if (segmentBytes !== undefined && !(segmentBytes > 0 && segmentBytes < Infinity)) {
    throw new RangeError(`segmentBytes must be a positive number, got ${segmentBytes}`);
  }
  const program = allreduceProgram(request.algorithm, {
    rankCount: request.placement.length,
    elementCount,
    // A segment holds whole elements, at least one.
    segmentElements: segmentBytes === undefined ? undefined : Math.max(1, Math.floor(segmentBytes / elementBytes)),
    torusDims: options.torusDims,
  });
  const result = runProgram({ transport: request.transport, placement: request.placement, program, options });
  return { ...result, algorithm: request.algorithm, rankCount: program.rankCount, elementCount };
}

/** Runs any collective program (e.g. a test-only variant) the same way. */
export function runProgram(request: ProgramRequest): CollectiveResult {
  const executor = new CollectiveExecutor(request.transport, request.placement, request.program, executorOptions(request.options ?? {}));
  executor.start();
  request.transport.sim.run();
  return executor.finish();
}

function executorOptions(options: Omit<AllreduceOptions, "segmentBytes" | "torusDims">): ExecutorOptions {
  return {
    elementBytes: options.elementBytes ?? 8,
    sendOverheadNs: options.sendOverheadNs ?? 0,
    receiveOverheadNs: options.receiveOverheadNs ?? 0,
    reduceBandwidthGBps: options.reduceBandwidthGBps ?? null,
    verify: options.verify ?? false,
    seed: options.seed ?? 1,
  };
}
