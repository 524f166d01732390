import { z } from "zod";
import { ALLREDUCE_ALGORITHMS } from "../collectives/index.js";
import { sizeBytes, timeNs } from "./units.js";

/** A value, or a list of values that makes the scenario a sweep over them. */
export function sweep<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.array(schema).min(1)]);
}

type Optional<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<T[K]> };
export type Swept<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<ReturnType<typeof sweep<T[K]>>> };

function optionalShape<T extends Record<string, z.ZodType>>(shape: T): Optional<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as Optional<T>;
}

export function sweptShape<T extends Record<string, z.ZodType>>(shape: T): Swept<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sweep(v).optional()])) as Swept<T>;
}

export const wholeBytes = (min: number) => sizeBytes.pipe(z.int().min(min));

/** Network parameters (see NetworkConfig); every one optional where it overrides a preset. */
export const networkFields = {
  linkBandwidthGBps: z.number().positive(),
  linkLatencyNs: timeNs,
  routerLatencyNs: timeNs,
  packetPayloadBytes: wholeBytes(1),
  packetHeaderBytes: wholeBytes(0),
  virtualChannels: z.int().min(1).max(16),
  bufferBytesPerVc: wholeBytes(1),
  injectionPorts: z.int().min(1).max(64),
  nicLatencyNs: timeNs,
  deadlockTimeoutNs: timeNs.pipe(z.number().positive()),
};

export const presetNetworkSchema = z.strictObject(optionalShape(networkFields));

/** Per-node costs outside the network (see HostConfig). */
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
