import {
  allreduceCostNs,
  allreduceLowerBoundNs,
  makePlacement,
  placementDiameterHops,
  runAllreduce,
  tofu3dPlacement,
  multiRingParts,
  tofuBarrierCostNs,
  type AllreduceAlgorithm,
  type PlacementKind,
} from "../collectives/index.js";
import type { Rng, Simulator } from "../engine/index.js";
import type { Network } from "../network/index.js";
import type { Topology } from "../topology/index.js";

/** Per-node costs outside the network. */
export interface HostConfig {
  readonly sendOverheadNs: number;
  readonly receiveOverheadNs: number;
  /** Local reduction rate, GB/s = bytes/ns; null: reductions cost no time. */
  readonly reduceBandwidthGBps: number | null;
}

export const DEFAULT_HOST: HostConfig = { sendOverheadNs: 0, receiveOverheadNs: 0, reduceBandwidthGBps: null };

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

export interface AllreduceJobSpec {
  readonly algorithm: AllreduceChoice;
  readonly sizeBytes: number;
  /** Ranks in the job (one per node), the first nodes in placement order. */
  readonly ranks: number;
  readonly placement: PlacementKind;
  readonly verify: boolean;
  readonly segmentBytes?: number;
  readonly host: HostConfig;
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
 * whole axes while they fit, then the part of the next one; [ranks] when they form no grid.
 * `torus-ring` runs one ring per grid axis.
 */
export function linearGrid(topology: Topology, ranks: number): number[] {
  return gridPrefix(topology.shape, ranks);
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

/** Runs one allreduce job on an idle packet network and relates it to its bounds. */
export function runAllreduceJob(sim: Simulator, net: Network, spec: AllreduceJobSpec, rng: Rng): AllreduceJobResult {
  const topology = net.topology;
  const placement = makePlacement({ kind: spec.placement, rankCount: spec.ranks, nodeCount: topology.nodeCount, rng, topology });
  const grid = spec.placement === "tofu-3d" ? gridPrefix(tofu3dPlacement(topology).dims, spec.ranks) : linearGrid(topology, spec.ranks);
  const wanted = spec.algorithm === "auto" ? autoAlgorithm(spec.collectives, spec.sizeBytes) : spec.algorithm;
  const barrierLatencyNs = spec.collectives.barrierStageLatencyNs;
  if (wanted === "tofu-barrier" && barrierLatencyNs === undefined) {
    throw new RangeError("tofu-barrier needs a barrier interface: set collectives.barrierStageLatencyNs");
  }
  const software = wanted === "tofu-barrier" ? spec.collectives.barrierFallback : wanted;
  const result = runAllreduce({
    transport: net,
    placement,
    algorithm: software,
    sizeBytes: spec.sizeBytes,
    options: {
      tofuBarrier: wanted === "tofu-barrier" && barrierLatencyNs !== undefined ? { stageLatencyNs: barrierLatencyNs } : undefined,
      segmentBytes: spec.segmentBytes,
      sendOverheadNs: spec.host.sendOverheadNs,
      receiveOverheadNs: spec.host.receiveOverheadNs,
      reduceBandwidthGBps: spec.host.reduceBandwidthGBps,
      verify: spec.verify,
      seed: rng.seedPath,
      torusDims: grid,
    },
  });
  net.checkStuck();
  const c = net.config;
  const lowerBoundNs = allreduceLowerBoundNs({
    rankCount: spec.ranks,
    sizeBytes: spec.sizeBytes,
    injectionBandwidthBytesPerNs: c.injectionPorts * c.linkBandwidthGBps,
    diameterHops: placementDiameterHops(topology, placement),
    perHopLatencyNs: c.routerLatencyNs + c.linkLatencyNs,
    baseLatencyNs: c.nicLatencyNs + c.routerLatencyNs,
  });
  const payloadShare = c.packetPayloadBytes / (c.packetPayloadBytes + c.packetHeaderBytes);
  // α: a small message to a neighbour (host overheads included for software).
  const wireAlphaNs = c.nicLatencyNs + 2 * c.routerLatencyNs + c.linkLatencyNs;
  const analyticNs = result.hardware
    ? tofuBarrierCostNs({ rankCount: spec.ranks, stageLatencyNs: barrierLatencyNs ?? 0, messageLatencyNs: wireAlphaNs })
    : allreduceCostNs(software, {
        rankCount: spec.ranks,
        sizeBytes: spec.sizeBytes,
        alphaNs: wireAlphaNs + spec.host.sendOverheadNs + spec.host.receiveOverheadNs,
        // Lanes beyond the NICs share them (lane i on NIC i mod NICs): the busiest NIC carries
        // ⌈lanes / NICs⌉ of them. bidirectional-ring runs 2 lanes, torus-multiring 2D.
        betaNsPerByte: Math.max(1, Math.ceil(concurrentLanes(software, grid) / c.injectionPorts)) / (c.linkBandwidthGBps * payloadShare),
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

function linkLoad(net: Network, timeNs: number): { maxLinkUtilization: number; linksUsed: number; meanUsedLinkUtilization: number } {
  let max = 0;
  let used = 0;
  let sum = 0;
  for (let c = 0; c < net.channelBusyNs.length; c++) {
    const busy = net.channelBusyNs[c];
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
