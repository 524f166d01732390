import { isGridAlgorithm, type AllreduceAlgorithm } from "./algorithms/index.js";
import { elementCountOf } from "./chunks.js";
import { tofuBarrierEligible } from "./tofu-barrier.js";

/** What a job may ask for: a software algorithm, the Tofu barrier interface, or a per-size choice. */
export type AllreduceChoice = AllreduceAlgorithm | "tofu-barrier" | "auto";

/** What an `auto` rule may name. */
export type AutoAlgorithm = AllreduceAlgorithm | "tofu-barrier";

/**
 * A rule of `auto`, in the form of Fujitsu MPI's decision tree (`fjmpi-dectree.conf`): it
 * covers a request when every bound it has holds, and names one algorithm or a list of them of
 * which the first that can run on this job runs (a grid algorithm needs a multi-dimensional
 * grid; the barrier interface needs a machine that has one and an eligible request).
 */
export interface AutoRule {
  /** Largest size covered (bytes); absent: every size. */
  readonly maxBytes?: number;
  /** Rank counts covered: at least minRanks and at most maxRanks (each optional). */
  readonly minRanks?: number;
  readonly maxRanks?: number;
  /** Covers a request only when ⌊size / ranks⌋ ≤ this (the tree's `msg_size / proc_count < N` is ≤ N − 1). */
  readonly maxBytesPerRank?: number;
  readonly algorithm: AutoAlgorithm | readonly AutoAlgorithm[];
  /** Segment size of the segmentable algorithms the rule picks (the tree's `segsize`); absent: the job's own. */
  readonly segmentBytes?: number;
}

/** A machine's collective support (preset `collectives` section). */
export interface CollectivesConfig {
  /** Per-stage latency of the Tofu barrier gates, ns; undefined: no barrier interface. */
  readonly barrierStageLatencyNs?: number;
  /** The software algorithm when a `tofu-barrier` request is not eligible (too big, < 4 ranks). */
  readonly barrierFallback: AllreduceAlgorithm;
  /** `auto`: the first rule that covers the request. */
  readonly auto: readonly AutoRule[];
  /**
   * What runs a `ring` request with fewer elements than ranks; absent: the ring itself. Open
   * MPI's ring allreduce (which Fujitsu MPI inherits) switches to recursive doubling there.
   */
  readonly ringSmallFallback?: AllreduceAlgorithm;
}

/** For machines without their own: recursive doubling while latency dominates, then rabenseifner. */
export const DEFAULT_COLLECTIVES: CollectivesConfig = {
  barrierFallback: "recursive-doubling",
  auto: [{ maxBytes: 16 * 1024, algorithm: "recursive-doubling" }, { algorithm: "rabenseifner" }],
};

/** Algorithms whose messages `segmentBytes` pipelines. */
const SEGMENTABLE: readonly AllreduceAlgorithm[] = ["ring", "bidirectional-ring", "torus-ring", "torus-multiring", "trix3", "trix6"];

/** The job facts `auto` needs besides the size. */
export interface PlanContext {
  /** The grid algorithms' grid has two or more axes longer than 1 (default true). */
  readonly multiDimensional?: boolean;
}

/** The rule of `auto` that covers a request, or undefined. */
export function autoRule(config: CollectivesConfig, sizeBytes: number, rankCount: number): AutoRule | undefined {
  return config.auto.find(
    (r) =>
      (r.maxBytes === undefined || sizeBytes <= r.maxBytes) &&
      (r.minRanks === undefined || rankCount >= r.minRanks) &&
      (r.maxRanks === undefined || rankCount <= r.maxRanks) &&
      (r.maxBytesPerRank === undefined || Math.floor(sizeBytes / rankCount) <= r.maxBytesPerRank),
  );
}

/** The algorithm `auto` picks for a size (on a multi-dimensional grid, barrier eligibility aside). */
export function autoAlgorithm(config: CollectivesConfig, sizeBytes: number, rankCount = 2): AutoAlgorithm {
  const rule = autoRule(config, sizeBytes, rankCount);
  if (rule === undefined) return config.barrierFallback;
  return typeof rule.algorithm === "string" ? rule.algorithm : rule.algorithm[0];
}

/** How an allreduce request will run. */
export interface AllreducePlan {
  /** After `auto`: a software algorithm or `tofu-barrier`. */
  readonly wanted: AutoAlgorithm;
  /** The software algorithm that runs unless `hardware` (the fallback for a barrier request). */
  readonly software: AllreduceAlgorithm;
  /** True when the barrier interface does the allreduce. */
  readonly hardware: boolean;
  /** The barrier gates' stage latency when `hardware`. */
  readonly stageLatencyNs?: number;
  /** The segment size `auto`'s rule sets for the algorithm that runs (undefined: the job's own). */
  readonly segmentBytes?: number;
  /** Why the request cannot run on this machine (it asks for a barrier interface it lacks). */
  readonly problem?: string;
  /** What the user should know: a choice `auto` or a fallback made in place of another. */
  readonly notes: readonly string[];
}

/**
 * The one place that decides what runs an allreduce request: `auto` resolved by the machine's
 * rules (size, ranks, the first algorithm of a rule's list that can run: never a grid algorithm
 * on a one-dimensional grid), then a `tofu-barrier` request runs on the gates when the machine
 * has them and the request is eligible (SUM of ≤ 3 doubles on ≥ 4 ranks), else on the fallback;
 * a `ring` with fewer elements than ranks runs the machine's `ringSmallFallback` if it has one.
 */
export function planAllreduce(choice: AllreduceChoice, support: CollectivesConfig, sizeBytes: number, rankCount: number, context: PlanContext = {}): AllreducePlan {
  const multiDimensional = context.multiDimensional ?? true;
  const notes: string[] = [];
  let wanted: AutoAlgorithm;
  let segmentBytes: number | undefined;
  if (choice === "auto") {
    const rule = autoRule(support, sizeBytes, rankCount);
    const list: readonly AutoAlgorithm[] = rule === undefined ? [support.barrierFallback] : typeof rule.algorithm === "string" ? [rule.algorithm] : rule.algorithm;
    const runnable = list.find((a) => !isGridAlgorithm(a) || multiDimensional);
    if (runnable === undefined) {
      wanted = flatEquivalent(list[0] as AllreduceAlgorithm);
      notes.push(`auto: ${list.join(", ")} need a multi-dimensional grid, which this job has not; ran ${wanted}`);
    } else {
      wanted = runnable;
      if (runnable !== list[0]) notes.push(`auto: ${list.slice(0, list.indexOf(runnable)).join(", ")} need a multi-dimensional grid, which this job has not; ran ${runnable}`);
    }
    if (rule?.segmentBytes !== undefined && wanted !== "tofu-barrier" && SEGMENTABLE.includes(wanted)) segmentBytes = rule.segmentBytes;
  } else {
    wanted = choice;
  }
  if (wanted !== "tofu-barrier") {
    const software = ringFallback(wanted, support, sizeBytes, rankCount, notes);
    return { wanted, software, hardware: false, segmentBytes, notes };
  }
  const stageLatencyNs = support.barrierStageLatencyNs;
  if (stageLatencyNs === undefined) {
    return { wanted, software: support.barrierFallback, hardware: false, notes, problem: "tofu-barrier needs a barrier interface (collectives.barrierStageLatencyNs); this machine has none" };
  }
  const hardware = tofuBarrierEligible({ sizeBytes, elementBytes: 8, rankCount });
  const software = ringFallback(support.barrierFallback, support, sizeBytes, rankCount, notes);
  return { wanted, software, hardware, stageLatencyNs, notes };
}

/** A grid algorithm's one-dimensional counterpart. */
function flatEquivalent(algorithm: AllreduceAlgorithm): AllreduceAlgorithm {
  return algorithm === "torus-multiring" ? "bidirectional-ring" : isGridAlgorithm(algorithm) ? "ring" : algorithm;
}

function ringFallback(algorithm: AllreduceAlgorithm, support: CollectivesConfig, sizeBytes: number, rankCount: number, notes: string[]): AllreduceAlgorithm {
  const fallback = support.ringSmallFallback;
  if (algorithm !== "ring" || fallback === undefined || elementCountOf(sizeBytes, 8) >= rankCount) return algorithm;
  notes.push(`ring: fewer elements (${elementCountOf(sizeBytes, 8)}) than ranks (${rankCount}); ran ${fallback}, as Open MPI's ring does`);
  return fallback;
}
