import { z } from "zod";
import { ALLREDUCE_ALGORITHMS } from "../collectives/index.js";
import { SWEEP_NOTE, sweep } from "../input/sweep.js";
import { bandwidthGBps, sizeBytes, timeNs, wholeBytes } from "../input/units.js";
import { MAX_INJECTION_PORTS, MAX_VIRTUAL_CHANNELS, NETWORK_MODELS } from "../network/index.js";

type Optional<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<T[K]> };
type Swept<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<ReturnType<typeof sweep<T[K]>>> };


function optionalShape<T extends Record<string, z.ZodType>>(shape: T): Optional<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional().describe(v.description ?? k)])) as Optional<T>;
}

/** Every field optional and sweepable (a scenario's overrides of a preset), its description kept. */
export function sweptShape<T extends Record<string, z.ZodType>>(shape: T): Swept<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sweep(v).optional().describe(`${v.description ?? k} ${SWEEP_NOTE}`)])) as Swept<T>;
}

const TIME = 'a number of ns or a duration such as "20ns", "2us", "1ms" (at most 1000 s)';
const SIZE = 'a number of bytes or a size such as "1920", "64KiB", "1MiB"';
/**
 * Packets and buffers up to 1 GiB, headers up to 1 MiB: a packet's wire size and a buffer's
 * credits stay within the packet network's 32-bit counters (real ones are a few KiB).
 */
const PACKET_LIMIT_BYTES = 2 ** 30;
const HEADER_LIMIT_BYTES = 2 ** 20;

/** Network parameters (see NetworkConfig); every one optional where it overrides a preset. */
export const networkFields = {
  linkBandwidthGBps: bandwidthGBps.describe("Bandwidth of each link per direction, GB/s (= bytes/ns), 1e-6 to 1e6; NICs inject and eject at this rate too."),
  linkLatencyNs: timeNs.describe(`Wire (time of flight) latency of each link, ns: ${TIME}.`),
  routerLatencyNs: timeNs.describe(`Per-hop router pipeline latency (routing and switch allocation), ns: ${TIME}.`),
  packetPayloadBytes: wholeBytes(1, PACKET_LIMIT_BYTES).describe(`Largest payload one packet carries, bytes: ${SIZE}; 1 B to 1 GiB.`),
  packetHeaderBytes: wholeBytes(0, HEADER_LIMIT_BYTES).describe(`Header and CRC bytes added to every packet on the wire, bytes: ${SIZE}; at most 1 MiB.`),
  virtualChannels: z.int().min(1).max(MAX_VIRTUAL_CHANNELS).describe(`Virtual channels per port, a count from 1 to ${MAX_VIRTUAL_CHANNELS} (at least what the routing needs).`),
  bufferBytesPerVc: wholeBytes(1, PACKET_LIMIT_BYTES).describe(`Input buffer per port and virtual channel, bytes: ${SIZE}; at least one whole packet, at most 1 GiB.`),
  injectionPorts: z.int().min(1).max(MAX_INJECTION_PORTS).describe(`Network interfaces (NICs; Tofu's TNIs) per node, a count from 1 to ${MAX_INJECTION_PORTS}.`),
  nicLatencyNs: timeNs.describe(`Fixed latency a NIC adds to each message before its first packet enters the router, ns: ${TIME}.`),
  deadlockTimeoutNs: timeNs.pipe(z.number().positive()).describe(`Simulated time without any packet moving, while packets are in the network, that is reported as a deadlock, ns: ${TIME}; for the packet model at least one packet's hop (router and link latency and a whole packet at link bandwidth).`),
  linkClasses: z
    .record(
      z.string().describe("A link class of the topology: endpoint, local or global (dragonfly), endpoint or level1, level2, … (fat tree: the links between levels ℓ and ℓ+1)."),
      z
        .strictObject({
          bandwidthGBps: bandwidthGBps.optional().describe("Bandwidth of the class's links per direction, GB/s (= bytes/ns), 1e-6 to 1e6 (default linkBandwidthGBps); endpoint: the NICs' rate."),
          latencyNs: timeNs.optional().describe(`Wire latency of the class's links, ns: ${TIME} (default linkLatencyNs).`),
        })
        .describe("One link class's bandwidth and latency."),
    )
    .describe("Per link class bandwidth and latency over linkBandwidthGBps and linkLatencyNs, by the topology's class names (fat tree, dragonfly; a mesh/torus has one class)."),
};

export const presetNetworkSchema = z.strictObject(optionalShape(networkFields));

/** A scenario's `network` section: the preset's parameters overridden, and the model tier. */
export const scenarioNetworkSchema = z.strictObject({
  model: sweep(z.enum(NETWORK_MODELS))
    .optional()
    .describe(`The fidelity tier: packet (default: routers, buffers, credits) or ideal (contention-free alpha-beta). ${SWEEP_NOTE}`),
  ...sweptShape(networkFields),
});

/** Per-node costs outside the network and the MPI point-to-point model (see HostCosts). */
export const hostFields = {
  sendOverheadNs: timeNs.describe(`CPU time a rank spends posting each message (MPI software), ns: ${TIME}.`),
  receiveOverheadNs: timeNs.describe(`CPU time a rank spends completing each received message, ns: ${TIME}.`),
  reduceBandwidthGBps: z
    .union([bandwidthGBps, z.null()])
    .describe("Rate of the local reduction (adding a received vector into one's own), GB/s (= bytes/ns), 1e-6 to 1e6; null for free."),
  /** Largest eager message; larger ones pay the rendezvous handshake. null: every message eager. */
  eagerLimitBytes: z.union([wholeBytes(0), z.null()]).describe(`Largest message sent eagerly, bytes: ${SIZE}; larger ones pay the rendezvous handshake; null: every message eager.`),
  /** CPU copy rate of eager messages at each end, GB/s; null: free. */
  eagerCopyGBps: z.union([bandwidthGBps, z.null()]).describe("CPU copy rate of eager messages at each end, GB/s (= bytes/ns); null: free."),
  /** Sender's CPU time to start a rendezvous. */
  rendezvousOverheadNs: timeNs.describe(`Sender's CPU time to start a rendezvous, ns: ${TIME}.`),
  /** null: sends complete when handed over; a time: receivers acknowledge, and the sender's CPU spends it per acknowledgement. */
  completionOverheadNs: z.union([timeNs, z.null()]).describe(`CPU time the sender spends per acknowledgement, ns: ${TIME}; null: sends complete when handed over.`),
  /** CPU time at the start of every collective call. */
  callOverheadNs: timeNs.describe(`CPU time at the start of every collective call, ns: ${TIME}.`),
  /** Per-step software cost of the Tofu-specific trix3/trix6, which bypass the point-to-point layer; null: point-to-point costs. */
  directStepOverheadNs: z.union([timeNs, z.null()]).describe(`Per-step software cost of trix3/trix6, which bypass the point-to-point layer, ns: ${TIME}; null: point-to-point costs.`),
};

export const presetHostSchema = z.strictObject(optionalShape(hostFields));

const softwareOrBarrier = z.enum([...ALLREDUCE_ALGORITHMS, "tofu-barrier"]);

/** A rule of `auto` (see AutoRule): bounds on size and ranks, and one algorithm or a list of fallbacks. */
const autoRuleSchema = z.strictObject({
  maxBytes: sizeBytes.optional().describe(`Largest size this rule covers, bytes: ${SIZE}.`),
  minRanks: z.int().min(1).optional().describe("Fewest ranks this rule covers."),
  maxRanks: z.int().min(1).optional().describe("Most ranks this rule covers."),
  maxBytesPerRank: sizeBytes.optional().describe(`Largest size per rank this rule covers, bytes: ${SIZE}.`),
  algorithm: z.union([softwareOrBarrier, z.array(softwareOrBarrier).min(1)]).describe("The algorithm, or a list tried in order, the first that can run (a fallback list, not a sweep)."),
  segmentBytes: wholeBytes(1).optional().describe(`Pipeline segment of the algorithm, bytes: ${SIZE}.`),
}).describe("One rule of auto: bounds on size and ranks, and the algorithm.");

/** A machine's collective support: the Tofu barrier interface and `auto`'s rules. */
export const collectivesSchema = z.strictObject({
  barrierStageLatencyNs: timeNs.optional().describe(`Latency of one stage of the Tofu barrier interface's gates, ns: ${TIME}; absent: the machine has no barrier interface.`),
  barrierFallback: z.enum(ALLREDUCE_ALGORITHMS).optional().describe("The software allreduce that runs a tofu-barrier request the barrier interface cannot take (too large, fewer than 4 ranks)."),
  auto: z
    .array(autoRuleSchema)
    .min(1)
    // Runs even when the list is empty (zod goes on after `min`), so it must not assume a rule.
    .refine(
      (rules) => {
        const last = rules[rules.length - 1];
        return last === undefined || (last.maxBytes === undefined && last.minRanks === undefined && last.maxRanks === undefined && last.maxBytesPerRank === undefined);
      },
      "expected the last rule without bounds (it covers every request the others leave)",
    )
    .optional()
    .describe("How algorithm auto picks: the first rule whose bounds cover the request; the last rule has none."),
  /** What runs a `ring` with fewer elements than ranks (Open MPI's ring: recursive-doubling); absent: the ring. */
  ringSmallFallback: z.enum(ALLREDUCE_ALGORITHMS).optional().describe("What runs a ring with fewer elements than ranks (Open MPI's ring: recursive-doubling); absent: the ring."),
});
