export { ALLREDUCE_ALGORITHMS, allreduceProgram, isAllreduceAlgorithm } from "./algorithms/index.js";
export { multiRingParts } from "./algorithms/multiring.js";
export type { AllreduceAlgorithm, ProgramParams } from "./algorithms/index.js";
export { runAllreduce, runProgram } from "./allreduce.js";
export type { AllreduceOptions, AllreduceRequest, AllreduceResult, ProgramRequest } from "./allreduce.js";
export { allreduceCostNs, allreduceLowerBoundNs } from "./analytic.js";
export type { AlphaBetaGammaParams, LowerBoundParams } from "./analytic.js";
export { chunkLength, chunkStart, elementCountOf } from "./chunks.js";
export { CollectiveExecutor, NO_HOST_COSTS } from "./executor.js";
export type { CollectiveResult, ExecutorOptions, HostCosts } from "./executor.js";
export { PLACEMENT_KINDS, linearPlacement, makePlacement, placementDiameterHops, randomPlacement } from "./placement.js";
export type { PlacementKind, PlacementOptions } from "./placement.js";
export { foldedRing, foldedRingHops } from "./folded-ring.js";
export type { FoldAxis, FoldedRing } from "./folded-ring.js";
export { TOFU_3D_PAIRS, tofu3dPlacement } from "./tofu-placement.js";
export type { Tofu3dPlacement } from "./tofu-placement.js";
export { DEFAULT_NIC, newRecvStep, newSendStep } from "./program.js";
export type { CollectiveProgram, RecvStep, SendStep } from "./program.js";
export { AllreduceVerificationError, DataVectors } from "./verify.js";
export { GateDelayTransport } from "./gate-delay-transport.js";
export {
  TOFU_BARRIER_MAX_DOUBLE_BYTES,
  TOFU_BARRIER_MAX_INTEGER_BYTES,
  TOFU_BARRIER_MIN_RANKS,
  runTofuBarrier,
  tofuBarrierCostNs,
  tofuBarrierEligible,
  tofuBarrierStages,
} from "./tofu-barrier.js";
export type { TofuBarrierCostParams, TofuBarrierEligibility, TofuBarrierOptions, TofuBarrierRequest, TofuBarrierResult } from "./tofu-barrier.js";
export { DEFAULT_COLLECTIVES, autoAlgorithm, autoRule, planAllreduce } from "./allreduce-plan.js";
export type { AllreduceChoice, AllreducePlan, AutoAlgorithm, AutoRule, CollectivesConfig, PlanContext } from "./allreduce-plan.js";
export { GRID_ALGORITHMS, isGridAlgorithm } from "./algorithms/index.js";
export { balancedDims, chooseGrid, gridPrefix, gridWarning, isMultiDimensional } from "./grid.js";
export type { AllreduceGrid, GridRule } from "./grid.js";
export { MpiProtocolTransport } from "./mpi-protocol.js";
export { JOB_MODES, RANK_MAPS, defaultRankMap, layTofuJob, planTofuJob, rankOrder, tofuAxes } from "./tofu-job.js";
export type { JobMode, LogicalAxisPlan, RankMap, TofuJobLayout, TofuJobPlan, TofuJobRequest } from "./tofu-job.js";
export { trixLanes } from "./algorithms/trix.js";
export { P2pBenchmarkProgram } from "./p2p-benchmarks.js";
