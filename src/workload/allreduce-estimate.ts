import { allreduceCostNs, allreduceProgram, elementCountOf, multiRingParts, planAllreduce, tofu3dPlacement, tofuBarrierCostNs, tofuBarrierStages, type AllreduceAlgorithm } from "../collectives/index.js";
import { gridPrefix, linearGrid } from "./allreduce-job.js";
import type { EstimateContext, WorkloadEstimate } from "./plugin.js";
import type { AllreduceSpec } from "./plugins/allreduce.js";

/** Executor state per rank (counters, CPU clock, arrival lists) and its placement entry, bytes. */
const BYTES_PER_RANK = 33 + 4;
/** Executor record of one message in flight (its columns and a free-list slot), bytes. */
const BYTES_PER_MESSAGE = 5 * 4 + 2 * 8 + 8;

/** Algorithms whose messages go to a neighbour in the ring or grid (about one hop apart). */
const RING_FAMILY: readonly AllreduceAlgorithm[] = ["ring", "bidirectional-ring", "torus-ring", "torus-multiring"];

/** Bytes one rank sends in the whole allreduce (Thakur, Rabenseifner & Gropp 2005, §4). */
function bytesSentPerRank(algorithm: AllreduceAlgorithm, ranks: number, sizeBytes: number): number {
  if (ranks <= 1) return 0;
  switch (algorithm) {
    case "recursive-doubling":
      return Math.ceil(Math.log2(ranks)) * sizeBytes;
    case "binomial-tree":
      return (2 * (ranks - 1) * sizeBytes) / ranks;
    default:
      return (2 * (ranks - 1) * sizeBytes) / ranks;
  }
}

/**
 * The cost of one allreduce job before it runs: its messages from the algorithm's own
 * program (sends are counted per rank, never listed), its time from the α-β-γ model, and its
 * memory from the executor's per-rank and per-message state, data-mode vectors included.
 */
export function estimateAllreduce(spec: AllreduceSpec, ctx: EstimateContext): WorkloadEstimate {
  const { topology, network, host } = ctx;
  const ranks = spec.ranks;
  const sizeBytes = spec.sizeBytes;
  const placementBytes = ranks * 4 + (spec.placement === "tofu-3d" ? topology.endpointCount * 8 : 0);
  const alphaNs = ctx.zeroLoadNs(1, 0);
  const plan = planAllreduce(spec.algorithm, ctx.collectives, sizeBytes, ranks);
  if (plan.hardware) {
    const stages = tofuBarrierStages(ranks);
    const messages = ranks * stages;
    return {
      messages,
      units: messages,
      unitHops: messages * ctx.meanHops,
      messagesInFlight: ranks,
      largestMessageBytes: sizeBytes,
      simulatedNs: tofuBarrierCostNs({ rankCount: ranks, stageLatencyNs: plan.stageLatencyNs ?? 0, messageLatencyNs: ctx.zeroLoadNs(ctx.meanHops, sizeBytes) }),
      events: 2 * messages,
      bytes: placementBytes + ranks * BYTES_PER_RANK * 2,
    };
  }
  const algorithm = plan.software;
  const grid = spec.placement === "tofu-3d" ? gridPrefix(tofu3dPlacement(topology).dims, ranks) : linearGrid(topology, ranks, spec.grid);
  const elements = elementCountOf(sizeBytes, 8);
  const segmentElements = spec.segmentBytes === undefined ? undefined : Math.max(1, Math.floor(spec.segmentBytes / 8));
  const program = allreduceProgram(algorithm, { rankCount: ranks, elementCount: elements, segmentElements, torusDims: grid });
  let messages = 0;
  for (let r = 0; r < ranks; r++) messages += program.sendCount(r);
  const sentBytes = ranks * bytesSentPerRank(algorithm, ranks, elements * 8);
  const perMessageBytes = messages > 0 ? sentBytes / messages : 0;
  const units = messages + sentBytes / network.packetPayloadBytes;
  const ring = RING_FAMILY.includes(algorithm);
  const hops = ring ? 1 : ctx.meanHops;
  const lanes = algorithm === "bidirectional-ring" ? 2 : algorithm === "torus-multiring" ? multiRingParts(grid) : 1;
  // Pipelined segments of one chunk are all posted at once: a rank's first step puts every
  // segment of its first chunk in flight.
  const ringLength = ring ? (algorithm === "torus-ring" || algorithm === "torus-multiring" ? grid[0] : ranks) : 1;
  const chunkElements = Math.ceil(elements / Math.max(1, ringLength * lanes));
  const segmentsInFlight = ring && segmentElements !== undefined ? Math.max(1, Math.ceil(chunkElements / segmentElements)) : 1;
  const messagesInFlight = Math.min(Math.max(1, messages), ranks * lanes * segmentsInFlight);
  const largestMessageBytes = ring ? Math.min(chunkElements, segmentElements ?? chunkElements) * 8 : elements * 8;
  const dataBytes = spec.verify ? (ranks + 1) * elements * 8 + messagesInFlight * Math.min(perMessageBytes, elements * 8) : 0;
  const hostCosts = host.sendOverheadNs > 0 || host.receiveOverheadNs > 0 || host.reduceBandwidthGBps !== null;
  const streamGBps = network.linkBandwidthGBps * (network.packetPayloadBytes / (network.packetPayloadBytes + network.packetHeaderBytes));
  const simulatedNs = allreduceCostNs(algorithm, {
    rankCount: ranks,
    sizeBytes,
    alphaNs: alphaNs + host.sendOverheadNs + host.receiveOverheadNs,
    betaNsPerByte: Math.max(1, Math.ceil(lanes / network.injectionPorts)) / streamGBps,
    gammaNsPerByte: host.reduceBandwidthGBps === null ? 0 : 3 / host.reduceBandwidthGBps,
    torusDims: grid,
  });
  return {
    messages,
    units,
    unitHops: units * hops,
    messagesInFlight,
    largestMessageBytes,
    simulatedNs,
    // The executor schedules a CPU event per send and per receive only when the host has costs.
    events: hostCosts ? 2 * messages : 0,
    bytes: placementBytes + ranks * BYTES_PER_RANK + messagesInFlight * BYTES_PER_MESSAGE * 2 + dataBytes,
  };
}
