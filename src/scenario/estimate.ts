import { freemem } from "node:os";
import { packetCount, zeroLoadLatencyNs } from "../network/index.js";
import { TorusTopology, type Topology } from "../topology/index.js";
import type { EstimateContext, WorkloadEstimate } from "../workload/index.js";
import { EVENT_RECORD_BYTES, MESSAGE_RECORD_BYTES, PACKET_RECORD_BYTES, classTablesOf, networkBytes, routingBytes, topologyCounts } from "./footprint.js";

export { formatMemory } from "./footprint.js";
import type { ScenarioPoint } from "./scenario.js";

/** What one point will cost before it runs. Rough: within a small factor, not a measurement. */
export interface PointEstimate {
  /** Simulator events (packet tier: a few per packet and hop; ideal: a few per message). */
  readonly events: number;
  readonly messages: number;
  /** Units (packets) the messages are cut into. */
  readonly units: number;
  /** Peak memory of the run, bytes: the sum of `memory`. */
  readonly memoryBytes: number;
  readonly memory: {
    /** Topology and routing tables. */
    readonly topologyBytes: number;
    /** The network model's tables, and its packets, messages and events in flight. */
    readonly networkBytes: number;
    /** The workload's own state (statistics, data vectors, per-rank state). */
    readonly workloadBytes: number;
  };
  /** Simulated time the run covers, ns. */
  readonly simulatedNs: number;
  /** Wall-clock time, s: at EVENTS_PER_SECOND, or FLOW_SECONDS_PER_MESSAGE on the flow tier. */
  readonly wallSeconds: number;
  /** Units of the largest message (the packet network counts them in 32 bits). */
  readonly largestMessageUnits: number;
}

/**
 * Events per second of wall time the estimate assumes: the README's benchmarks run 1.2M to
 * 3.6M events/s on one core, slower on larger networks (cache misses), so a rough time errs
 * long rather than short.
 */
export const EVENTS_PER_SECOND = 1.5e6;

/**
 * Wall-clock seconds per message on the flow tier: executor, flow start, rate solve and
 * completion together. bench/flow-scale.ts measures 3.8 µs (ring, 1,152 nodes) to 5 µs
 * (torus-multiring, 9,216 nodes) of CPU per message; its events per message vary too much
 * between algorithms for an events rate to say more.
 */
export const FLOW_SECONDS_PER_MESSAGE = 5e-6;

/**
 * Memory a run may use when the caller sets no limit: what the operating system can still give
 * this process now — `process.availableMemory()` (free memory, reclaimable caches included,
 * within a cgroup's limit where the process runs in one), else `os.freemem()`. Not the total:
 * other processes keep theirs, and a run that pushes them into swap would take hours.
 */
export function availableMemoryBytes(): number {
  const available = (process as { availableMemory?: () => number }).availableMemory?.();
  return available !== undefined && available > 0 ? available : freemem();
}

/** Mean minimal hops between two endpoints: exact for a mesh/torus (axes are independent), half the diameter elsewhere. */
export function meanHops(topology: Topology): number {
  if (!(topology instanceof TorusTopology)) return topology.diameter / 2;
  let sum = 0;
  for (const [i, k] of topology.shape.entries()) {
    if (k === 1) continue;
    if (k === 2) sum += 0.5;
    // Ring of k: E|shortest way| = k/4 (k even), (k² − 1)/(4k) (k odd); line: (k² − 1)/(3k).
    else if (topology.ring[i]) sum += k % 2 === 0 ? k / 4 : (k * k - 1) / (4 * k);
    else sum += (k * k - 1) / (3 * k);
  }
  return sum;
}

/** The context a workload estimates in, for one point. */
export function estimateContext(point: ScenarioPoint): EstimateContext {
  const { topology, network, host, collectives } = point.machine;
  // Both tiers cut messages into packets (the ideal one to charge their headers).
  return {
    topology,
    network,
    host,
    collectives,
    unitsPerMessage: (sizeBytes) => packetCount(network, sizeBytes),
    zeroLoadNs: (hops, sizeBytes) => zeroLoadLatencyNs(network, hops, sizeBytes),
    meanHops: meanHops(topology),
  };
}

/** Events, memory and time of one resolved point, from its counts alone (nothing is built). */
export function estimatePoint(point: ScenarioPoint): PointEstimate {
  const { plugin, spec } = point.workload;
  const ctx = estimateContext(point);
  const w = (plugin.estimate as (spec: unknown, ctx: EstimateContext) => WorkloadEstimate)(spec, ctx);
  return combine(point, ctx, w);
}

function combine(point: ScenarioPoint, ctx: EstimateContext, w: WorkloadEstimate): PointEstimate {
  const { network } = point.machine;
  const counts = topologyCounts(point.machine.topology);
  const packet = point.model === "packet";
  const largestUnits = ctx.unitsPerMessage(w.largestMessageBytes);
  // Packets exist from when a NIC cuts them until they arrive: no more than the messages in
  // flight carry, nor than the buffers hold.
  const wireBytes = Math.min(network.packetPayloadBytes, Math.max(1, w.largestMessageBytes)) + network.packetHeaderBytes;
  const bufferPackets = (counts.links + counts.endpoints * network.injectionPorts) * network.virtualChannels * Math.max(1, Math.floor(network.bufferBytesPerVc / wireBytes));
  const packetsInFlight = packet ? Math.min(w.units, w.messagesInFlight * largestUnits, bufferPackets) : 0;
  // Pools and queues double when full, so they may hold up to twice their peak.
  const inFlightBytes = 2 * (w.messagesInFlight * MESSAGE_RECORD_BYTES + packetsInFlight * PACKET_RECORD_BYTES + (w.messagesInFlight + packetsInFlight) * EVENT_RECORD_BYTES);
  const topologyBytes = counts.topologyBytes + routingBytes(point.routing.algorithm, counts);
  const netBytes = networkBytes(point.model, counts, network, classTablesOf(point.machine.topology, network)) + inFlightBytes;
  // Packet tier: about one and a half events per packet at the NIC and one per packet-hop (a
  // credit is an event only when its owner can act on it), one per message delivered.
  const events = (packet ? 1.5 * w.units + w.unitHops + w.messages : w.messages) + w.events;
  return {
    events,
    messages: w.messages,
    units: w.units,
    memoryBytes: topologyBytes + netBytes + w.bytes,
    memory: { topologyBytes, networkBytes: netBytes, workloadBytes: w.bytes },
    simulatedNs: w.simulatedNs,
    wallSeconds: point.model === "flow" ? w.messages * FLOW_SECONDS_PER_MESSAGE + w.events / EVENTS_PER_SECOND : events / EVENTS_PER_SECOND,
    largestMessageUnits: largestUnits,
  };
}
