import { z } from "zod";
import { allreduceWorkload } from "./plugins/allreduce.js";
import { injectionWorkload } from "./plugins/injection.js";
import { putWorkload } from "./plugins/put.js";
import { trafficWorkload } from "./plugins/traffic.js";

/**
 * Every workload tofusim knows, by its `type`. A new workload is one module in plugins/ and
 * one line here.
 */
export const WORKLOADS = {
  traffic: trafficWorkload,
  put: putWorkload,
  injection: injectionWorkload,
  allreduce: allreduceWorkload,
} as const;

export type WorkloadType = keyof typeof WORKLOADS;
export type AnyWorkload = (typeof WORKLOADS)[WorkloadType];

/** The `workload` section of a scenario: one of the registered workloads, by `type`. */
export const workloadSchema = z
  .discriminatedUnion("type", [trafficWorkload.schema, putWorkload.schema, injectionWorkload.schema, allreduceWorkload.schema])
  .describe("What runs on the machine, by type: traffic, put, injection or allreduce.");

/** The result record a workload's `run` returns. */
export type WorkloadResult<K extends WorkloadType> = ReturnType<(typeof WORKLOADS)[K]["run"]>;

export function workloadOf(type: string): AnyWorkload | undefined {
  return Object.hasOwn(WORKLOADS, type) ? WORKLOADS[type as WorkloadType] : undefined;
}
