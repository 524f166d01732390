import type { Transport } from "../network/index.js";
import { allreduceProgram, type AllreduceAlgorithm } from "./algorithms/index.js";
import { elementCountOf } from "./chunks.js";
import { CollectiveExecutor, NO_HOST_COSTS, type CollectiveResult, type ExecutorOptions, type HostCosts } from "./executor.js";
import { MpiProtocolTransport } from "./mpi-protocol.js";
import type { CollectiveProgram } from "./program.js";
import { runTofuBarrier, tofuBarrierEligible } from "./tofu-barrier.js";

/** Host costs default to none (`NO_HOST_COSTS`). */
export interface AllreduceOptions extends Partial<HostCosts> {
  /** Bytes per element; default 8 (a double). */
  readonly elementBytes?: number;
  /** Pipeline messages in pieces of this size (the ring family, trix3, trix6); default none. */
  readonly segmentBytes?: number;
  /** Data mode: real numbers through the same programs, checked at the end. Default false. */
  readonly verify?: boolean;
  /** Seed of the data-mode vectors; default 1. */
  readonly seed?: number | string;
  /** Logical rank grid of the grid algorithms (torus-ring, torus-multiring, trix3, trix6), product = rank count; default [rank count]. */
  readonly torusDims?: readonly number[];
  /**
   * Offer the Tofu barrier interface: when the request is eligible (`tofuBarrierEligible`) it
   * runs there instead of `algorithm` (host costs do not apply). Default: software only.
   */
  readonly tofuBarrier?: { readonly stageLatencyNs: number; readonly integer?: boolean };
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
  /** The software algorithm requested (not run when `hardware`). */
  readonly algorithm: AllreduceAlgorithm;
  /** True when the Tofu barrier interface did the allreduce. */
  readonly hardware: boolean;
  readonly rankCount: number;
  readonly elementCount: number;
}

export interface ProgramRequest {
  readonly transport: Transport;
  readonly placement: Int32Array;
  readonly program: CollectiveProgram;
  readonly options?: Omit<AllreduceOptions, "segmentBytes" | "torusDims" | "tofuBarrier">;
}

/**
 * Runs one allreduce from the simulator's current time until the simulator runs dry: on the
 * Tofu barrier interface when `options.tofuBarrier` is given and the request is eligible,
 * otherwise with `algorithm`.
 */
export function runAllreduce(request: AllreduceRequest): AllreduceResult {
  const options = request.options ?? {};
  const elementBytes = options.elementBytes ?? 8;
  const elementCount = elementCountOf(request.sizeBytes, elementBytes);
  const barrier = options.tofuBarrier;
  const rankCount = request.placement.length;
  if (barrier !== undefined && tofuBarrierEligible({ sizeBytes: request.sizeBytes, elementBytes, rankCount, integer: barrier.integer })) {
    const { timeNs, startNs, endNs, messages, bytes, verified } = runTofuBarrier({
      transport: request.transport,
      placement: request.placement,
      sizeBytes: request.sizeBytes,
      options: { ...barrier, verify: options.verify, seed: options.seed },
    });
    return { timeNs, startNs, endNs, messages, bytes, verified, algorithm: request.algorithm, hardware: true, rankCount, elementCount };
  }
  const segmentBytes = options.segmentBytes;
  if (segmentBytes !== undefined && !(segmentBytes > 0 && segmentBytes < Infinity)) {
    throw new RangeError(`segmentBytes must be a positive number, got ${segmentBytes}`);
  }
  const direct = options.directStepOverheadNs;
  const parts = request.algorithm === "trix3" ? 3 : request.algorithm === "trix6" ? 6 : 0;
  // Tofu-specific algorithms: one step's software cost shared among the parts' sends, no MPI protocol.
  const hostOptions: AllreduceOptions =
    parts > 0 && direct != null
      ? { ...options, sendOverheadNs: direct / parts, receiveOverheadNs: 0, eagerLimitBytes: null, eagerCopyGBps: null, rendezvousOverheadNs: 0, completionOverheadNs: options.completionOverheadNs == null ? null : 0 }
      : options;
  const program = allreduceProgram(request.algorithm, {
    rankCount: request.placement.length,
    elementCount,
    // A segment holds whole elements, at least one.
    segmentElements: segmentBytes === undefined ? undefined : Math.max(1, Math.floor(segmentBytes / elementBytes)),
    torusDims: options.torusDims,
  });
  const result = runProgram({ transport: request.transport, placement: request.placement, program, options: hostOptions });
  return { ...result, algorithm: request.algorithm, hardware: false, rankCount: program.rankCount, elementCount };
}

/**
 * Runs any collective program (e.g. a test-only variant) the same way: behind MPI's rendezvous
 * protocol when the host costs give an eager limit.
 */
export function runProgram(request: ProgramRequest): CollectiveResult {
  const options = executorOptions(request.options ?? {});
  const transport = options.eagerLimitBytes != null ? new MpiProtocolTransport(request.transport, options.eagerLimitBytes) : request.transport;
  const executor = new CollectiveExecutor(transport, request.placement, request.program, options);
  executor.start();
  request.transport.sim.run();
  return executor.finish();
}

function executorOptions(options: Omit<AllreduceOptions, "segmentBytes" | "torusDims" | "tofuBarrier">): ExecutorOptions {
  return {
    elementBytes: options.elementBytes ?? 8,
    sendOverheadNs: options.sendOverheadNs ?? NO_HOST_COSTS.sendOverheadNs,
    receiveOverheadNs: options.receiveOverheadNs ?? NO_HOST_COSTS.receiveOverheadNs,
    reduceBandwidthGBps: options.reduceBandwidthGBps ?? NO_HOST_COSTS.reduceBandwidthGBps,
    eagerLimitBytes: options.eagerLimitBytes ?? null,
    eagerCopyGBps: options.eagerCopyGBps ?? null,
    rendezvousOverheadNs: options.rendezvousOverheadNs ?? 0,
    completionOverheadNs: options.completionOverheadNs ?? null,
    callOverheadNs: options.callOverheadNs ?? 0,
    verify: options.verify ?? false,
    seed: options.seed ?? 1,
  };
}
