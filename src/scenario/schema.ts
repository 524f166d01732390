import { z } from "zod";
import { SWEEP_NOTE, sweep } from "../input/sweep.js";
import { ROUTING_ALGORITHMS, UP_PORT_POLICIES } from "../routing/index.js";
import { MAX_AXES } from "../topology/index.js";
import { workloadSchema } from "../workload/index.js";
import { collectivesSchema, hostFields, scenarioNetworkSchema, sweptShape } from "./fields.js";
import { jobSchema } from "./job.js";
import { topologySpecSchema } from "./machine.js";

const routingSchema = z
  .strictObject({
    algorithm: sweep(z.enum(ROUTING_ALGORITHMS))
      .optional()
      .describe(`The routing, one that fits the topology's kind (default: the machine's). Torus: dimension-order or tofu (Tofu path selection; needs axes A, B, C); fat tree: up-down; dragonfly: minimal, valiant or ugal. ${SWEEP_NOTE}`),
    upPort: sweep(z.enum(UP_PORT_POLICIES))
      .optional()
      .describe(`up-down: the up port by destination (d-mod-k, as InfiniBand's subnet manager and SimGrid), by source (s-mod-k), at random per packet, or adaptive (least occupied; packet tier only, else d-mod-k). ${SWEEP_NOTE}`),
    order: z.array(z.string()).max(MAX_AXES).optional().describe("Torus: axis names in the order packets travel them, every axis once (default: the machine's order)."),
    ties: sweep(z.enum(["positive", "balanced"]))
      .optional()
      .describe(`Torus: way round a ring at exactly half-way: positive, or balanced (+ from even coordinates, − from odd). ${SWEEP_NOTE}`),
    dateline: sweep(z.boolean())
      .optional()
      .describe(`dimension-order: dateline virtual-channel classes on rings, which make routing deadlock-free (default true). ${SWEEP_NOTE}`),
    path: sweep(z.enum(["fixed", "spread"]))
      .optional()
      .describe(`tofu: cross the machine at the source's own A/B/C position (fixed), or spread messages over all 12. ${SWEEP_NOTE}`),
  })
  .describe("How packets find their way: algorithm, axis order, tie rule, deadlock avoidance.");

/** A job's sub-block of the machine, like Fugaku's torus and mesh allocation modes. */
const allocationSchema = z
  .strictObject({
    shape: z.array(z.int().min(1)).min(1).max(MAX_AXES).describe("Nodes of the block along each axis of the machine, a count per axis."),
    offset: z.array(z.int().min(0)).max(MAX_AXES).optional().describe("Coordinates of the block's first node in the machine, one per axis (default all 0)."),
    mode: z.enum(["torus", "mesh"]).default("torus").describe("torus keeps the machine's rings on axes the block spans entirely; mesh gives them up (except rings of 3)."),
  })
  .describe("A job's sub-block of the machine.");

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe("The JSON Schema this file follows (for editors; tofusim ignores it)."),
    name: z.string().min(1).describe("The scenario's name, shown in results."),
    description: z.string().optional().describe("What the scenario shows (free text)."),
    seed: sweep(z.int().min(0).max(Number.MAX_SAFE_INTEGER))
      .default(1)
      .describe(`Seed of every random stream (traffic, placement, data), an integer ≥ 0; default 1. ${SWEEP_NOTE}`),
    topology: sweep(z.union([z.string().min(1), topologySpecSchema])).describe(
      `The machine: a preset name (fugaku, summit, frontier, torus-8x8, …), a path to a topology file (relative to this file), or an inline topology: { kind: torus (default) | fat-tree | dragonfly, … }. ${SWEEP_NOTE}`,
    ),
    allocation: sweep(allocationSchema).optional().describe(`A job's sub-block of the machine; routes stay inside it. ${SWEEP_NOTE}`),
    job: sweep(jobSchema).optional().describe(`A Fugaku job: logical shape (nodes), allocation mode and rank map, placed on the machine as Fugaku's job manager and Fujitsu MPI do. ${SWEEP_NOTE}`),
    network: scenarioNetworkSchema.optional().describe("Network parameters overriding the machine's, and the model tier."),
    host: z.strictObject(sweptShape(hostFields)).optional().describe("Per-node costs outside the network, overriding the machine's."),
    collectives: collectivesSchema.optional().describe("Collective support overriding the machine's (barrier interface, auto thresholds)."),
    routing: routingSchema.optional(),
    workload: workloadSchema,
  })
  .describe("A tofusim scenario: a machine, its overrides, and one workload; lists in sweepable fields make a sweep.");

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;

/** The JSON Schema of scenario files, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
}
