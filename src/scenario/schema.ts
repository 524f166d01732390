import { z } from "zod";
import { sweep } from "../input/sweep.js";
import { ROUTING_ALGORITHMS } from "../routing/index.js";
import { workloadSchema } from "../workload/index.js";
import { collectivesSchema, hostFields, scenarioNetworkSchema, sweptShape } from "./fields.js";
import { jobSchema } from "./job.js";
import { topologyShapeSchema } from "./machine.js";

const routingSchema = z.strictObject({
  algorithm: sweep(z.enum(ROUTING_ALGORITHMS)).optional(),
  order: z.array(z.string()).optional(),
  ties: sweep(z.enum(["positive", "balanced"])).optional(),
  dateline: sweep(z.boolean()).optional(),
  /** tofu: cross the machine at the source's own A/B/C position, or spread messages over all 12. */
  path: sweep(z.enum(["fixed", "spread"])).optional(),
});

/** A job's sub-block of the machine, like Fugaku's torus and mesh allocation modes. */
const allocationSchema = z.strictObject({
  shape: z.array(z.int().min(1)).min(1),
  offset: z.array(z.int().min(0)).optional(),
  mode: z.enum(["torus", "mesh"]).default("torus"),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  seed: sweep(z.int().min(0)).default(1),
  /** A preset name, a path to a topology file, or an inline shape; a list sweeps over them. */
  topology: sweep(z.union([z.string().min(1), topologyShapeSchema])),
  /** One sub-block, or a list of them to sweep over. */
  allocation: sweep(allocationSchema).optional(),
  /** A Fugaku job: logical shape, allocation mode, rank map (see job.ts); one or a list to sweep over. */
  job: sweep(jobSchema).optional(),
  network: scenarioNetworkSchema.optional(),
  /** Per-node costs outside the network; overrides the preset's. */
  host: z.strictObject(sweptShape(hostFields)).optional(),
  /** Overrides the preset's collective support (barrier interface, auto thresholds). */
  collectives: collectivesSchema.optional(),
  routing: routingSchema.optional(),
  workload: workloadSchema,
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;

/** The JSON Schema of scenario files, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
}
