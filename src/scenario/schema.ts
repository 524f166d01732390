import { z } from "zod";
import { TRAFFIC_PATTERNS } from "../workload/index.js";
import { ALLREDUCE_ALGORITHMS, PLACEMENT_KINDS } from "../collectives/index.js";
import { collectivesSchema, hostFields, networkFields, sweep, sweptShape, wholeBytes } from "./fields.js";
import { topologyShapeSchema } from "./topology-file.js";
import { timeNs } from "./units.js";

const scenarioNetworkSchema = z.strictObject(sweptShape(networkFields));

const routingSchema = z.strictObject({
  algorithm: sweep(z.enum(["dimension-order", "tofu"])).optional(),
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

/** A node, as an id or comma-separated coordinates ("3,1,0"). */
export const nodeRef = z.union([z.int().min(0), z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "expected a node id or comma-separated coordinates such as \"3,1,0\"")]);

const trafficSchema = z.strictObject({
  type: z.literal("traffic"),
  pattern: sweep(z.enum(TRAFFIC_PATTERNS)),
  // At least one byte: the arrival rate is load × bandwidth / messageBytes.
  messageBytes: sweep(wholeBytes(1)),
  /** Per node, as a fraction of one link's bandwidth. */
  offeredLoad: sweep(z.number().min(0).max(64)),
  warmupNs: sweep(timeNs).optional(),
  measureNs: sweep(timeNs.pipe(z.number().positive())),
  drainNs: sweep(timeNs).optional(),
  /** neighbor and tornado: the axis to use (default: all). */
  axis: z.string().optional(),
  hotspot: nodeRef.optional(),
  hotspotFraction: sweep(z.number().min(0).max(1)).optional(),
});

const putSchema = z.strictObject({
  type: z.literal("put"),
  from: nodeRef,
  to: nodeRef,
  sizeBytes: sweep(wholeBytes(0)),
});

const injectionSchema = z.strictObject({
  type: z.literal("injection"),
  from: nodeRef,
  /** How many distinct neighbours to send to at once, one NIC each. */
  neighbors: sweep(z.int().min(1).max(64)),
  sizeBytes: sweep(wholeBytes(0)),
});

const allreduceSchema = z.strictObject({
  type: z.literal("allreduce"),
  /** A software algorithm, `tofu-barrier` (hardware, falls back when not eligible), or `auto` (per size). */
  algorithm: sweep(z.enum([...ALLREDUCE_ALGORITHMS, "tofu-barrier", "auto"])),
  sizeBytes: sweep(wholeBytes(0)),
  /** Ranks in the job, one per node: a number or "all" (default). */
  ranks: sweep(z.union([z.int().min(1), z.literal("all")])).default("all"),
  placement: sweep(z.enum(PLACEMENT_KINDS as readonly ["linear", "random", "tofu-3d"])).default("linear"),
  /** Pipeline messages in pieces of this size (ring, bidirectional-ring, torus-ring). */
  segmentBytes: sweep(wholeBytes(1)).optional(),
  /** Run real numbers through the schedule and check every rank ends with the sum. */
  verify: z.boolean().default(false),
});

export const workloadSchema = z.discriminatedUnion("type", [trafficSchema, putSchema, injectionSchema, allreduceSchema]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  seed: sweep(z.int().min(0)).default(1),
  /** A preset name, a path to a topology file, or an inline shape; a list sweeps over them. */
  topology: sweep(z.union([z.string().min(1), topologyShapeSchema])),
  network: scenarioNetworkSchema.optional(),
  /** Per-node costs outside the network; overrides the preset's. */
  host: z.strictObject(sweptShape(hostFields)).optional(),
  /** Overrides the preset's collective support (barrier interface, auto thresholds). */
  collectives: collectivesSchema.optional(),
  routing: routingSchema.optional(),
  /** One sub-block, or a list of them to sweep over. */
  allocation: sweep(allocationSchema).optional(),
  workload: workloadSchema,
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;

/** The JSON Schema of scenario files, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
}
