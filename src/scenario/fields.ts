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

/** Per-node costs outside the network (see HostCosts). */
export const hostFields = {
  sendOverheadNs: timeNs,
  receiveOverheadNs: timeNs,
  reduceBandwidthGBps: z.union([z.number().positive(), z.null()]),
};

export const presetHostSchema = z.strictObject(optionalShape(hostFields));

const softwareOrBarrier = z.enum([...ALLREDUCE_ALGORITHMS, "tofu-barrier"]);

/** A machine's collective support: the Tofu barrier interface and `auto`'s size thresholds. */
export const collectivesSchema = z.strictObject({
  barrierStageLatencyNs: timeNs.optional(),
  barrierFallback: z.enum(ALLREDUCE_ALGORITHMS).optional(),
  auto: z
    .array(z.strictObject({ maxBytes: sizeBytes.optional(), algorithm: softwareOrBarrier }))
    .min(1)
    .refine((rules) => rules[rules.length - 1].maxBytes === undefined, "expected the last rule without maxBytes (it covers every larger size)")
    .optional(),
});
