import {
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
  readonly placement: PlacementKind;
  readonly verify: boolean;
  readonly segmentBytes?: number;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
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
  readonly grid: readonly number[];
  readonly events: number;
}

/**
 * The logical rank grid that the first `ranks` nodes in linear order form (axis 0 fastest):
 * whole axes while they fit, then the part of the next one; [ranks] when they form no grid
 * (and on a topology without coordinates). `torus-ring` runs one ring per grid axis.
 */
export function linearGrid(topology: Topology, ranks: number): number[] {
  return topology instanceof TorusTopology ? gridPrefix(topology.shape, ranks) : [ranks];
}

/** The grid the first `ranks` ranks of a logical grid form (dims[0] fastest), as linearGrid does. */
export function gridPrefix(dims: readonly number[], ranks: number): number[] {
  const out: number[] = [];
  let rest = ranks;
  for (const k of dims) {
    if (rest === 1) break;
    if (rest >= k) {
      if (rest % k !== 0) return [ranks];
      if (k > 1) out.push(k);
      rest /= k;
    } else {
      out.push(rest);
      rest = 1;
    }
  }
  return out.length > 0 ? out : [ranks];
}

/** Runs one allreduce job on an idle network and relates it to its bounds. */
export function runAllreduceJob(sim: Simulator, net: NetworkModel, spec: AllreduceJobSpec, rng: Rng): AllreduceJobResult {
  const topology = net.topology;
  const placement = makePlacement({ kind: spec.placement, rankCount: spec.ranks, nodeCount: topology.endpointCount, rng, topology });
  const grid = spec.placement === "tofu-3d" ? gridPrefix(tofu3dPlacement(topology).dims, spec.ranks) : linearGrid(topology, spec.ranks);
  const plan = planAllreduce(spec.algorithm, spec.collectives, spec.sizeBytes, spec.ranks);
  if (plan.problem !== undefined) throw new RangeError(plan.problem);
  const software = plan.software;
  const barrierLatencyNs = plan.stageLatencyNs;
  const result = runAllreduce({
    transport: net,
    placement,
    algorithm: software,
    sizeBytes: spec.sizeBytes,
    options: {
      tofuBarrier: plan.hardware && barrierLatencyNs !== undefined ? { stageLatencyNs: barrierLatencyNs } : undefined,
      segmentBytes: spec.segmentBytes,
      sendOverheadNs: spec.host.sendOverheadNs,
      receiveOverheadNs: spec.host.receiveOverheadNs,
      reduceBandwidthGBps: spec.host.reduceBandwidthGBps,
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
    timeUs: timeNs / 1000,
    lowerBoundUs: lowerBoundNs / 1000,
    analyticUs: analyticNs / 1000,
    algBandwidthGBps: alg,
    busBandwidthGBps: spec.ranks > 1 ? (alg * 2 * (spec.ranks - 1)) / spec.ranks : 0,
    verified: spec.verify ? result.verified : null,
    messages: result.messages,
    ...load,
    grid,
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
  return 1;
}
