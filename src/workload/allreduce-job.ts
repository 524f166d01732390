import {
  chooseGrid,
  gridPrefix,
  gridWarning,
  isGridAlgorithm,
  isMultiDimensional,
  allreduceCostNs,
  allreduceLowerBoundNs,
  makePlacement,
  placementDiameterHops,
  planAllreduce,
  runAllreduce,
  tofu3dPlacement,
  multiRingParts,
  tofuBarrierCostNs,
  type AllreduceAlgorithm,
  type AllreduceChoice,
  type AllreduceGrid,
  type GridRule,
  type JobMode,
  type RankMap,
  type TofuJobLayout,
  type CollectivesConfig,
  type HostCosts,
  type PlacementKind,
} from "../collectives/index.js";
import type { Rng, Simulator } from "../engine/index.js";
import type { NetworkModel } from "../network/index.js";
import { TorusTopology, type Topology } from "../topology/index.js";

export interface AllreduceJobSpec {
  readonly algorithm: AllreduceChoice;
  readonly sizeBytes: number;
  /** Ranks in the job (one per node), the first nodes in placement order. */
  readonly ranks: number;
  /** How ranks are laid on nodes; ignored when `job` is given (its rank map places them). */
  readonly placement: PlacementKind;
  readonly verify: boolean;
  readonly segmentBytes?: number;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
  /** A Fugaku job (shape, mode, rank map) already laid on this network's topology. */
  readonly job?: TofuJobLayout;
  /** The logical grid of the rank order the scenario names (dims[0] fastest), for the grid algorithms. */
  readonly grid?: readonly number[];
}

export interface AllreduceJobResult {
  readonly collective: "allreduce";
  /** As requested (may be `auto` or `tofu-barrier`). */
  readonly algorithm: AllreduceChoice;
  /** What ran: the barrier interface, or the software algorithm. */
  readonly algorithmUsed: AllreduceAlgorithm | "tofu-barrier";
  readonly hardware: boolean;
  readonly ranks: number;
  readonly sizeBytes: number;
  /** Segment size the algorithm ran with (the job's, or `auto`'s rule's); null: unsegmented. */
  readonly segmentBytes: number | null;
  readonly timeUs: number;
  /** No allreduce of this size on these ranks can finish sooner on this network. */
  readonly lowerBoundUs: number;
  /** The algorithm's α-β-γ estimate (contention-free; Thakur, Rabenseifner & Gropp 2005). */
  readonly analyticUs: number;
  /** sizeBytes / time. */
  readonly algBandwidthGBps: number;
  /** algBandwidth × 2(P−1)/P, the usual bus-bandwidth convention. */
  readonly busBandwidthGBps: number;
  /** Data mode: true when every rank ended with the sum; null when not checked. */
  readonly verified: boolean | null;
  readonly messages: number;
  /** Busiest link's busy time / allreduce time. */
  readonly maxLinkUtilization: number;
  /** Links that carried any packet, and the mean utilization over those links. */
  readonly linksUsed: number;
  readonly meanUsedLinkUtilization: number;
  /** The grid algorithms' logical rank grid (dims[0] fastest in rank order; see collectives/grid.ts). */
  readonly grid: readonly number[];
  /** How `grid` was chosen: job, placement, factored, flat. */
  readonly gridRule: GridRule;
  /** The Fugaku job's logical shape (e.g. [4, 4, 4]); null without a job. */
  readonly jobShape: readonly number[] | null;
  /** The job's allocation mode; null without a job. */
  readonly jobMode: JobMode | null;
  /** The job's rank map (first letter fastest); null without a job or for a 1-D job. */
  readonly rankMap: RankMap | null;
  /** What the user should know about this result (a grid that is not physical, a fallback). */
  readonly warnings: readonly string[];
  readonly events: number;
}

/**
 * The logical rank grid that the first `ranks` nodes in linear order form (axis 0 fastest):
 * whole axes while they divide the rest, then the rest as one more axis; [ranks] on a topology
 * without coordinates. The grid algorithms run one ring per grid axis (see `chooseGrid`).
 */
export function linearGrid(topology: Topology, ranks: number, named?: readonly number[]): number[] {
  if (named !== undefined) return named.filter((d) => d > 1).length > 0 ? named.filter((d) => d > 1) : [1];
  return topology instanceof TorusTopology ? gridPrefix(topology.shape, ranks) : [ranks];
}

export { gridPrefix };

/** The grid of the grid algorithms for this job (see collectives/grid.ts for the rule). */
export function jobGrid(topology: Topology, spec: Pick<AllreduceJobSpec, "ranks" | "placement" | "job" | "grid">): AllreduceGrid {
  if (spec.grid !== undefined) return { dims: linearGrid(topology, spec.ranks, spec.grid), rule: "named" };
  // Without coordinates there is no grid to find: only a named one (never a silent guess).
  if (spec.job === undefined && !(topology instanceof TorusTopology)) return { dims: [spec.ranks], rule: "flat" };
  if (spec.job !== undefined) {
    const ownGrid = spec.job.grid;
    if (isMultiDimensional(ownGrid)) return { dims: ownGrid, rule: spec.job.gridRule };
    return chooseGrid(spec.ranks, undefined, undefined);
  }
  const placementDims = spec.placement === "tofu-3d" ? tofu3dPlacement(topology).dims : topology instanceof TorusTopology ? topology.shape : undefined;
  return chooseGrid(spec.ranks, undefined, placementDims);
}

/** Runs one allreduce job on an idle network and relates it to its bounds. */
export function runAllreduceJob(sim: Simulator, net: NetworkModel, spec: AllreduceJobSpec, rng: Rng): AllreduceJobResult {
  const topology = net.topology;
  const job = spec.job;
  if (job !== undefined && job.ranks !== spec.ranks) throw new RangeError(`the job has ${job.ranks} ranks, the allreduce ${spec.ranks}`);
  const placement = job !== undefined ? job.placement : makePlacement({ kind: spec.placement, rankCount: spec.ranks, nodeCount: topology.endpointCount, rng, topology });
  const gridChoice = jobGrid(topology, spec);
  const grid = gridChoice.dims;
  const plan = planAllreduce(spec.algorithm, spec.collectives, spec.sizeBytes, spec.ranks, { multiDimensional: isMultiDimensional(grid) });
  if (plan.problem !== undefined) throw new RangeError(plan.problem);
  const software = plan.software;
  const barrierLatencyNs = plan.stageLatencyNs;
  const segmentBytes = plan.segmentBytes ?? spec.segmentBytes;
  const warnings = [...(job?.notes ?? []), ...plan.notes];
  if (!plan.hardware && isGridAlgorithm(software)) {
    const warning = gridWarning(software, spec.ranks, gridChoice);
    if (warning !== undefined) warnings.push(warning);
  }
  const result = runAllreduce({
    transport: net,
    placement,
    algorithm: software,
    sizeBytes: spec.sizeBytes,
    options: {
      tofuBarrier: plan.hardware && barrierLatencyNs !== undefined ? { stageLatencyNs: barrierLatencyNs } : undefined,
      segmentBytes,
      ...spec.host,
      verify: spec.verify,
      seed: rng.seedPath,
      torusDims: grid,
    },
  });
  net.stuck();
  const lowerBoundNs = allreduceLowerBoundNs({
    rankCount: spec.ranks,
    sizeBytes: spec.sizeBytes,
    injectionBandwidthBytesPerNs: net.injectionBandwidthGBps,
    diameterHops: placementDiameterHops(topology, placement),
    perHopLatencyNs: net.hopLatencyNs,
    baseLatencyNs: net.baseLatencyNs,
  });
  // α: a small message to a neighbour (host overheads included for software).
  const wireAlphaNs = net.headLatencyNs(1);
  const analyticNs = result.hardware
    ? tofuBarrierCostNs({ rankCount: spec.ranks, stageLatencyNs: barrierLatencyNs ?? 0, messageLatencyNs: wireAlphaNs })
    : allreduceCostNs(software, {
        rankCount: spec.ranks,
        sizeBytes: spec.sizeBytes,
        alphaNs: wireAlphaNs + spec.host.sendOverheadNs + spec.host.receiveOverheadNs,
        // Lanes beyond the NICs share them (lane i on NIC i mod NICs): the busiest NIC carries
        // ⌈lanes / NICs⌉ of them. bidirectional-ring runs 2 lanes, torus-multiring 2D.
        betaNsPerByte: Math.max(1, Math.ceil(concurrentLanes(software, grid) / net.nicsPerEndpoint)) / net.streamBandwidthGBps,
        gammaNsPerByte: spec.host.reduceBandwidthGBps === null ? 0 : 3 / spec.host.reduceBandwidthGBps,
        torusDims: grid,
      });
  const timeNs = result.timeNs;
  const alg = timeNs > 0 ? spec.sizeBytes / timeNs : 0;
  const load = linkLoad(net, timeNs);
  return {
    collective: "allreduce",
    algorithm: spec.algorithm,
    algorithmUsed: result.hardware ? "tofu-barrier" : software,
    hardware: result.hardware,
    ranks: spec.ranks,
    sizeBytes: spec.sizeBytes,
    segmentBytes: !result.hardware && segmentBytes !== undefined ? segmentBytes : null,
    timeUs: timeNs / 1000,
    lowerBoundUs: lowerBoundNs / 1000,
    analyticUs: analyticNs / 1000,
    algBandwidthGBps: alg,
    busBandwidthGBps: spec.ranks > 1 ? (alg * 2 * (spec.ranks - 1)) / spec.ranks : 0,
    verified: spec.verify ? result.verified : null,
    messages: result.messages,
    ...load,
    grid,
    gridRule: gridChoice.rule,
    jobShape: job?.shape ?? null,
    jobMode: job?.mode ?? null,
    rankMap: job?.rankMap ?? null,
    warnings,
    events: sim.events,
  };
}

function linkLoad(net: NetworkModel, timeNs: number): { maxLinkUtilization: number; linksUsed: number; meanUsedLinkUtilization: number } {
  let max = 0;
  let used = 0;
  let sum = 0;
  const endNs = net.sim.nowNs;
  for (let l = 0; l < net.topology.linkCount; l++) {
    const busy = net.linkBusyUpToNs(l, endNs);
    if (busy === 0) continue;
    used++;
    sum += busy;
    if (busy > max) max = busy;
  }
  const u = (x: number): number => (timeNs > 0 ? x / timeNs : 0);
  return { maxLinkUtilization: u(max), linksUsed: used, meanUsedLinkUtilization: used > 0 ? u(sum / used) : 0 };
}

/** Messages an algorithm keeps in flight at once per rank, each meant for its own NIC. */
function concurrentLanes(algorithm: AllreduceAlgorithm, grid: readonly number[]): number {
  if (algorithm === "bidirectional-ring") return 2;
  if (algorithm === "torus-multiring") return multiRingParts(grid);
  if (algorithm === "trix3") return 3;
  if (algorithm === "trix6") return 6;
  return 1;
}
