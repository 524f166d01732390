import { z } from "zod";
import { ALLREDUCE_ALGORITHMS } from "../collectives/index.js";
import { sweep } from "../input/sweep.js";
import { sizeBytes, timeNs, wholeBytes } from "../input/units.js";
import { MAX_INJECTION_PORTS, MAX_VIRTUAL_CHANNELS, NETWORK_MODELS } from "../network/index.js";

type Optional<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<T[K]> };
type Swept<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<ReturnType<typeof sweep<T[K]>>> };

function optionalShape<T extends Record<string, z.ZodType>>(shape: T): Optional<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as Optional<T>;
}

/** Every field optional and sweepable (a scenario's overrides of a preset). */
export function sweptShape<T extends Record<string, z.ZodType>>(shape: T): Swept<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sweep(v).optional()])) as Swept<T>;
}

/** Network parameters (see NetworkConfig); every one optional where it overrides a preset. */
export const networkFields = {
  linkBandwidthGBps: z.number().positive(),
  linkLatencyNs: timeNs,
  routerLatencyNs: timeNs,
  packetPayloadBytes: wholeBytes(1),
  packetHeaderBytes: wholeBytes(0),
  virtualChannels: z.int().min(1).max(MAX_VIRTUAL_CHANNELS),
  bufferBytesPerVc: wholeBytes(1),
  injectionPorts: z.int().min(1).max(MAX_INJECTION_PORTS),
  nicLatencyNs: timeNs,
  deadlockTimeoutNs: timeNs.pipe(z.number().positive()),
};

export const presetNetworkSchema = z.strictObject(optionalShape(networkFields));

/** A scenario's `network` section: the preset's parameters overridden, and the model tier. */
export const scenarioNetworkSchema = z.strictObject({
  /** The fidelity tier: `packet` (default) or `ideal` (contention-free α-β). */
  model: sweep(z.enum(NETWORK_MODELS)).optional(),
  ...sweptShape(networkFields),
});

/** Per-node costs outside the network and the MPI point-to-point model (see HostCosts). */
export const hostFields = {
  sendOverheadNs: timeNs,
  receiveOverheadNs: timeNs,
  reduceBandwidthGBps: z.union([z.number().positive(), z.null()]),
  /** Largest eager message; larger ones pay the rendezvous handshake. null: every message eager. */
  eagerLimitBytes: z.union([wholeBytes(0), z.null()]),
  /** CPU copy rate of eager messages at each end, GB/s; null: free. */
  eagerCopyGBps: z.union([z.number().positive(), z.null()]),
  /** Sender's CPU time to start a rendezvous. */
  rendezvousOverheadNs: timeNs,
  /** null: sends complete when handed over; a time: receivers acknowledge, and the sender's CPU spends it per acknowledgement. */
  completionOverheadNs: z.union([timeNs, z.null()]),
  /** CPU time at the start of every collective call. */
  callOverheadNs: timeNs,
  /** Per-step software cost of the Tofu-specific trix3/trix6, which bypass the point-to-point layer; null: point-to-point costs. */
  directStepOverheadNs: z.union([timeNs, z.null()]),
};

export const presetHostSchema = z.strictObject(optionalShape(hostFields));

const softwareOrBarrier = z.enum([...ALLREDUCE_ALGORITHMS, "tofu-barrier"]);

/** A rule of `auto` (see AutoRule): bounds on size and ranks, and one algorithm or a list of fallbacks. */
const autoRuleSchema = z.strictObject({
  maxBytes: sizeBytes.optional(),
  minRanks: z.int().min(1).optional(),
  maxRanks: z.int().min(1).optional(),
  maxBytesPerRank: sizeBytes.optional(),
  algorithm: z.union([softwareOrBarrier, z.array(softwareOrBarrier).min(1)]),
  segmentBytes: wholeBytes(1).optional(),
});

/** A machine's collective support: the Tofu barrier interface and `auto`'s rules. */
export const collectivesSchema = z.strictObject({
  barrierStageLatencyNs: timeNs.optional(),
  barrierFallback: z.enum(ALLREDUCE_ALGORITHMS).optional(),
  auto: z
    .array(autoRuleSchema)
    .min(1)
    .refine(
      (rules) => {
        const last = rules[rules.length - 1];
        return last.maxBytes === undefined && last.minRanks === undefined && last.maxRanks === undefined && last.maxBytesPerRank === undefined;
      },
      "expected the last rule without bounds (it covers every request the others leave)",
    )
    .optional(),
  /** What runs a `ring` with fewer elements than ranks (Open MPI's ring: recursive-doubling); absent: the ring. */
  ringSmallFallback: z.enum(ALLREDUCE_ALGORITHMS).optional(),
});
