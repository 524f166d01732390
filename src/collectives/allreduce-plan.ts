import type { AllreduceAlgorithm } from "./algorithms/index.js";
import { tofuBarrierEligible } from "./tofu-barrier.js";

/** What a job may ask for: a software algorithm, the Tofu barrier interface, or a per-size choice. */
export type AllreduceChoice = AllreduceAlgorithm | "tofu-barrier" | "auto";

/** A rule of `auto`: sizes up to `maxBytes` (every size when absent) use `algorithm`. */
export interface AutoRule {
  readonly maxBytes?: number;
  readonly algorithm: AllreduceAlgorithm | "tofu-barrier";
}

/** A machine's collective support (preset `collectives` section). */
export interface CollectivesConfig {
  /** Per-stage latency of the Tofu barrier gates, ns; undefined: no barrier interface. */
  readonly barrierStageLatencyNs?: number;
  /** The software algorithm when a `tofu-barrier` request is not eligible (too big, < 4 ranks). */
  readonly barrierFallback: AllreduceAlgorithm;
  /** `auto`: the first rule whose maxBytes covers the size. */
  readonly auto: readonly AutoRule[];
}

/** For machines without their own: recursive doubling while latency dominates, then rabenseifner. */
export const DEFAULT_COLLECTIVES: CollectivesConfig = {
  barrierFallback: "recursive-doubling",
  auto: [{ maxBytes: 16 * 1024, algorithm: "recursive-doubling" }, { algorithm: "rabenseifner" }],
};

/** The algorithm `auto` picks for a size. */
export function autoAlgorithm(config: CollectivesConfig, sizeBytes: number): AllreduceAlgorithm | "tofu-barrier" {
  const rule = config.auto.find((r) => r.maxBytes === undefined || sizeBytes <= r.maxBytes);
  return rule?.algorithm ?? config.barrierFallback;
}

/** How an allreduce request will run. */
export interface AllreducePlan {
  /** After `auto`: a software algorithm or `tofu-barrier`. */
  readonly wanted: AllreduceAlgorithm | "tofu-barrier";
  /** The software algorithm that runs unless `hardware` (the fallback for a barrier request). */
  readonly software: AllreduceAlgorithm;
  /** True when the barrier interface does the allreduce. */
  readonly hardware: boolean;
  /** The barrier gates' stage latency when `hardware`. */
  readonly stageLatencyNs?: number;
  /** Why the request cannot run on this machine (it asks for a barrier interface it lacks). */
  readonly problem?: string;
}

/**
 * The one place that decides "does the Tofu barrier interface run this allreduce?": `auto`
 * resolved by size, then a `tofu-barrier` request runs on the gates when the machine has them
 * and the request is eligible (SUM of ≤ 3 doubles on ≥ 4 ranks), else on the fallback.
 */
export function planAllreduce(choice: AllreduceChoice, support: CollectivesConfig, sizeBytes: number, rankCount: number): AllreducePlan {
  const wanted = choice === "auto" ? autoAlgorithm(support, sizeBytes) : choice;
  if (wanted !== "tofu-barrier") return { wanted, software: wanted, hardware: false };
  const stageLatencyNs = support.barrierStageLatencyNs;
  if (stageLatencyNs === undefined) {
    return { wanted, software: support.barrierFallback, hardware: false, problem: "tofu-barrier needs a barrier interface (collectives.barrierStageLatencyNs); this machine has none" };
  }
  const hardware = tofuBarrierEligible({ sizeBytes, elementBytes: 8, rankCount });
  return { wanted, software: support.barrierFallback, hardware, stageLatencyNs };
}
