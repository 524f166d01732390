import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_COLLECTIVES, NO_HOST_COSTS, type CollectivesConfig, type HostCosts } from "../collectives/index.js";
import { InputError, type InputIssue } from "../input/errors.js";
import { readDataFile, validate } from "../input/parse.js";
import { showValue } from "../input/show.js";
import { DEFAULT_NETWORK, linkClassProblems, type NetworkConfig } from "../network/index.js";
import { ROUTING_ALGORITHMS, ROUTING_KIND, UP_PORT_POLICIES, defaultRoutingAlgorithm, routingsFor, type RoutingAlgorithm, type TieRule, type UpPortPolicy } from "../routing/index.js";
import { DRAGONFLY_ARRANGEMENTS, Dragonfly, FatTree, MAX_AXES, MAX_AXIS_SIZE, MAX_CHANNELS, TorusTopology, type Topology } from "../topology/index.js";
import { collectivesSchema, presetHostSchema, presetNetworkSchema } from "./fields.js";
import { formatMemory, kindCounts, type SpecCounts } from "./footprint.js";
import { presetsDir } from "./package-root.js";

const axisName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "expected an axis name such as X or A");

/** Port slots of a mesh/torus shape (nodes × ports per node), as TorusTopology counts them. */
export function channelCount(shape: readonly number[]): number {
  const nodes = shape.reduce((a, b) => a * b, 1);
  const ports = shape.reduce((sum, k) => sum + (k === 2 ? 1 : k >= 3 ? 2 : 0), 0);
  return nodes * Math.max(1, ports);
}

/** The shape part of a topology, in a preset or inline in a scenario. */
export const torusShapeSchema = z
  .strictObject({
    kind: z.literal("torus").optional().describe("torus (the default when kind is absent): an n-D mesh/torus, Tofu included."),
    axes: z.array(axisName).min(1).max(MAX_AXES).optional().describe("Axis names, one per entry of shape (default X, Y, Z; D0, D1, … beyond three)."),
    shape: z
      .array(z.int().min(1).max(MAX_AXIS_SIZE))
      .min(1)
      .max(MAX_AXES)
      .describe(`Nodes along each axis, a count from 1 to ${MAX_AXIS_SIZE} per axis, at most ${MAX_AXES} axes (axis 0 varies fastest in node ids).`),
    wrap: z.union([z.boolean(), z.array(z.boolean())]).describe("Whether each axis wraps around (a ring): one flag for every axis, or one per axis."),
  })
  .superRefine((t, ctx) => {
    // Refinements run even when a field failed above: check what they use.
    if (!Array.isArray(t.shape)) return;
    const n = t.shape.length;
    if (Array.isArray(t.wrap) && t.wrap.length !== n) {
      ctx.addIssue({ code: "custom", path: ["wrap"], message: `expected ${n} entries (one per axis of shape), found ${t.wrap.length}` });
    }
    if (Array.isArray(t.axes) && t.axes.length !== n) {
      ctx.addIssue({ code: "custom", path: ["axes"], message: `expected ${n} names (one per axis of shape), found ${t.axes.length}` });
    }
    if (Array.isArray(t.axes) && new Set(t.axes).size !== t.axes.length) {
      ctx.addIssue({ code: "custom", path: ["axes"], message: `expected unique names, found ${t.axes.join(", ")}` });
    }
    const channels = channelCount(t.shape);
    if (channels > MAX_CHANNELS) {
      const nodes = t.shape.reduce((a, b) => a * b, 1);
      ctx.addIssue({ code: "custom", path: ["shape"], params: { code: "out-of-range" }, message: `expected at most ${MAX_CHANNELS.toLocaleString("en-US")} port slots (nodes × ports per node), found ${nodes.toLocaleString("en-US")} nodes × ${channels / nodes} ports` });
    }
  })
  .describe("A mesh/torus: nodes along each axis and whether each axis wraps around.");

/** Most levels of a fat tree (a router's level is a byte; real ones have 2 to 4). */
export const MAX_FAT_TREE_LEVELS = 16;
const levelCounts = (what: string) => z.array(z.int().min(1).max(MAX_CHANNELS)).min(1).max(MAX_FAT_TREE_LEVELS).describe(what);

/** An extended generalized fat tree XGFT(h; m₁…m_h; w₁…w_h) with parallel links (Öhring et al. 1995; SimGrid's FAT_TREE). */
export const fatTreeShapeSchema = z
  .strictObject({
    kind: z.literal("fat-tree").describe("fat-tree: an extended generalized fat tree XGFT(h; m; w), as SimGrid's FAT_TREE clusters write it."),
    children: levelCounts(`m₁…m_h, one count per level (1 to ${MAX_FAT_TREE_LEVELS} levels): a level-i switch has mᵢ children (endpoints for i = 1).`),
    parents: levelCounts("w₁…w_h, one count per level: a level-(i−1) element (an endpoint for i = 1) has wᵢ parents; w₁ > 1 gives each endpoint several leaves (rails)."),
    parallel: levelCounts("p₁…p_h, one count per level: parallel links joining each parent–child pair between levels i−1 and i (default 1 each).").optional(),
  })
  .superRefine((t, ctx) => {
    if (!Array.isArray(t.children)) return;
    const h = t.children.length;
    for (const key of ["parents", "parallel"] as const) {
      const v = t[key];
      if (Array.isArray(v) && v.length !== h) ctx.addIssue({ code: "custom", path: [key], message: `expected ${h} entries (one per level, as children), found ${v.length}` });
    }
  })
  .describe("A fat tree: children, parents and parallel links per level.");

/** A dragonfly (Kim, Dally, Scott & Abts, ISCA 2008). */
export const dragonflyShapeSchema = z
  .strictObject({
    kind: z.literal("dragonfly").describe("dragonfly: groups of fully connected routers, every pair of groups joined by global links (Kim, Dally, Scott & Abts 2008)."),
    groups: z.int().min(1).max(MAX_CHANNELS).describe("g: groups, at most routersPerGroup × globalLinksPerRouter + 1 (fewer groups give several links between a pair)."),
    routersPerGroup: z.int().min(1).max(MAX_CHANNELS).describe("a: routers per group, fully connected by local links."),
    endpointsPerRouter: z.int().min(1).max(MAX_CHANNELS).describe("p: endpoint (terminal) ports per router."),
    globalLinksPerRouter: z.int().min(0).max(MAX_CHANNELS).describe("h: global ports per router."),
    arrangement: z.enum(DRAGONFLY_ARRANGEMENTS).optional().describe("Which global port joins which group (Hastings et al., IEEE Cluster 2015; SST Merlin): absolute (default: ports in order of the other groups' ids, Kim et al.'s), relative (group G+o+1) or circulant (jumps ±1, ±2, …)."),
    attachmentsPerEndpoint: z.int().min(1).max(MAX_CHANNELS).optional().describe("Routers each endpoint attaches to (default 1; its NICs spread over them, as a Frontier node's 4 NICs over its chassis' 4 switches); must divide routersPerGroup."),
  })
  .describe("A dragonfly: groups, routers per group, endpoints and global links per router, and the global links' arrangement.");

/** A topology of any kind, by `kind` (torus when absent). */
export const topologySpecSchema = z.discriminatedUnion("kind", [torusShapeSchema, fatTreeShapeSchema, dragonflyShapeSchema], {
  error: (issue) => (issue.code === "invalid_union" ? `expected kind torus (the default), fat-tree or dragonfly, found ${showValue((issue.input as { kind?: unknown } | undefined)?.kind)}` : undefined),
});
/** Kept for the torus-only callers (allocations, jobs). */
export const topologyShapeSchema = torusShapeSchema;

export const routingPresetSchema = z.strictObject({
  algorithm: z.enum(ROUTING_ALGORITHMS).optional().describe("The machine's routing: dimension-order or tofu (torus), up-down (fat tree), minimal, valiant or ugal (dragonfly)."),
  order: z.array(axisName).optional().describe("Torus: axis names in the order packets travel them, every axis once."),
  ties: z.enum(["positive", "balanced"]).optional().describe("Torus: way round a ring at exactly half-way."),
  upPort: z.enum(UP_PORT_POLICIES).optional().describe("up-down: how the up port is chosen: d-mod-k (default), s-mod-k, random or adaptive."),
});

export const presetSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  /** Where the shape (and parameters) come from: a paper, a header, or "synthetic". */
  source: z.string().min(1),
  topology: topologySpecSchema,
  routing: routingPresetSchema.optional(),
  /** Network defaults for this machine; each value's source in a comment beside it. */
  network: presetNetworkSchema.optional(),
  /** Host defaults (send/receive overheads, reduction bandwidth), each with its source. */
  host: presetHostSchema.optional(),
  /** Collective support: barrier interface, `auto` thresholds (each with its source). */
  collectives: collectivesSchema.optional(),
});

export type TopologyShapeInput = z.output<typeof torusShapeSchema>;
export type TopologySpecInput = z.output<typeof topologySpecSchema>;
export type PresetFile = z.output<typeof presetSchema>;


/**
 * A machine: its topology and everything a run needs of it besides the workload — network
 * parameters, host costs, collective support and routing defaults — each with tofusim's
 * generic defaults under the preset's own values. One named concept, loaded from a preset
 * file (topologies/), a path, or an inline shape; a scenario's overrides and allocation make
 * a new machine from it.
 */
export interface Machine {
  readonly name: string;
  readonly description: string;
  /** Where the shape and parameters come from (a paper, a header, "synthetic"). */
  readonly source: string;
  /** The preset file; empty for an inline shape. */
  readonly file: string;
  readonly topology: Topology;
  /** Routing defaults: the algorithm (by the topology's kind unless the preset names one), axis order (indices) and tie rule (torus), up-port policy (fat tree). */
  readonly routingAlgorithm: RoutingAlgorithm;
  readonly routingOrder: readonly number[];
  readonly ties: TieRule;
  readonly upPort: UpPortPolicy;
  readonly network: NetworkConfig;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
}

export function defaultAxisNames(n: number): string[] {
  return n <= 3 ? ["X", "Y", "Z"].slice(0, n) : Array.from({ length: n }, (_, i) => `D${i}`);
}

/** A topology of any kind from its validated spec; a spec its class refuses is an InputError at `path`. */
export function buildTopology(t: TopologySpecInput, file = "", path = "topology"): Topology {
  try {
    if (t.kind === "fat-tree") return new FatTree({ children: t.children, parents: t.parents, ...(t.parallel !== undefined ? { parallel: t.parallel } : {}) });
    if (t.kind === "dragonfly") return new Dragonfly(t);
  } catch (e) {
    if (e instanceof RangeError) throw InputError.single("invalid", file, path, e.message);
    throw e;
  }
  return buildTorus(t);
}

export function buildTorus(t: TopologyShapeInput): TorusTopology {
  const n = t.shape.length;
  return new TorusTopology({
    shape: t.shape,
    wrap: Array.isArray(t.wrap) ? t.wrap : new Array<boolean>(n).fill(t.wrap),
    axes: t.axes ?? defaultAxisNames(n),
  });
}

/** Axis names in routing order → indices, with an issue per unknown or missing axis. */
export function resolveOrder(
  machine: Topology,
  order: readonly string[] | undefined,
  file: string,
  path: string,
): number[] {
  if (!(machine instanceof TorusTopology)) {
    if (order === undefined) return [];
    throw InputError.single("unsupported", file, path, `names axes, but this topology is a ${machine.kind} without axes`);
  }
  const topology = machine;
  if (order === undefined) return topology.axes.map((_, i) => i);
  const issues: InputIssue[] = [];
  const out: number[] = [];
  for (const [i, name] of order.entries()) {
    const axis = topology.axes.indexOf(name);
    if (axis < 0) issues.push({ code: "not-found", file, path: `${path}[${i}]`, message: `expected one of the axes ${topology.axes.join(", ")}, found ${name}` });
    else out.push(axis);
  }
  const missing = topology.axes.filter((a) => !order.includes(a));
  if (missing.length > 0 || new Set(order).size !== order.length) {
    issues.push({ code: "invalid", file, path, message: `expected every axis exactly once (${topology.axes.join(", ")}), found ${order.join(", ")}` });
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/**
 * A machine from a preset file. With `maxMemoryBytes`, a shape whose topology tables alone
 * would exceed it is refused before they are built.
 */
export function loadMachineFile(file: string, maxMemoryBytes = Infinity): Machine {
  const version = fileVersion(file);
  const known = version === undefined ? undefined : loaded.get(file);
  if (known !== undefined && known.version === version) {
    checkTopologyFits(file, known.counts, maxMemoryBytes);
    return known.machine;
  }
  const data = validate(presetSchema, readDataFile(file), file);
  const counts = kindCounts(data.topology);
  checkTopologyFits(file, counts, maxMemoryBytes);
  const machine = machineFromPreset(data, file);
  if (version !== undefined) {
    if (loaded.size >= LOADED_MACHINES) loaded.delete(loaded.keys().next().value as string);
    loaded.set(file, { version, machine, counts });
  }
  return machine;
}

/**
 * Machines loaded from preset files, by path, while the file is unchanged: a machine is
 * immutable, and building fugaku's tables takes a third of a second (a sweep over several
 * scenarios, or `compare`, would build it again and again). A few only, oldest dropped first.
 */
const loaded = new Map<string, { version: string; machine: Machine; counts: SpecCounts | undefined }>();
const LOADED_MACHINES = 8;

/** Size and modification time of a regular file, or undefined (the reader reports why). */
function fileVersion(file: string): string | undefined {
  try {
    const st = statSync(file);
    return st.isFile() ? `${st.size} ${st.mtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

function checkTopologyFits(file: string, counts: SpecCounts | undefined, maxMemoryBytes: number): void {
  if (counts === undefined || counts.topologyBytes <= maxMemoryBytes) return;
  throw InputError.single("too-large", file, counts.field, `needs an estimated ${formatMemory(counts.topologyBytes)} for the topology tables of ${counts.endpoints.toLocaleString("en-US")} nodes, more than the ${formatMemory(maxMemoryBytes)} allowed`);
}

function machineFromPreset(data: PresetFile, file: string): Machine {
  const topology = buildTopology(data.topology, file);
  const algorithm = data.routing?.algorithm ?? defaultRoutingAlgorithm(topology.kind);
  if (ROUTING_KIND[algorithm] !== topology.kind) {
    throw InputError.single("unsupported", file, "routing.algorithm", `expected a routing for a ${topology.kind} (${routingsFor(topology.kind).join(", ")}), found ${algorithm}, which needs a ${ROUTING_KIND[algorithm]}`);
  }
  if (data.routing?.upPort !== undefined && algorithm !== "up-down") {
    throw InputError.single("ignored", file, "routing.upPort", `applies only to routing algorithm up-down, found algorithm ${algorithm}`);
  }
  const classIssues = linkClassProblems({ linkClasses: data.network?.linkClasses }, topology.linkClassNames, topology.kind);
  if (classIssues.length > 0) throw new InputError(classIssues.map((p) => ({ code: p.message.startsWith("must") ? "invalid" : "unsupported", file, path: `network.${p.path}`, message: p.message })));
  if (data.routing?.ties !== undefined && !(topology instanceof TorusTopology)) {
    throw InputError.single("unsupported", file, "routing.ties", `applies only to a mesh/torus, and this topology is a ${topology.kind}`);
  }
  return {
    name: data.name,
    description: data.description,
    source: data.source,
    file,
    topology,
    routingAlgorithm: algorithm,
    routingOrder: resolveOrder(topology, data.routing?.order, file, "routing.order"),
    ties: data.routing?.ties ?? "balanced",
    upPort: data.routing?.upPort ?? "d-mod-k",
    network: { ...DEFAULT_NETWORK, ...data.network },
    host: { ...NO_HOST_COSTS, ...data.host },
    collectives: { ...DEFAULT_COLLECTIVES, ...data.collectives },
  };
}

/** A machine from a scenario's inline topology: generic defaults, natural axis order, the kind's default routing. */
export function inlineMachine(spec: TopologySpecInput, file = ""): Machine {
  const topology = buildTopology(spec, file);
  return {
    name: `inline-${topology.describeShape()}`,
    description: "inline topology",
    source: "scenario file",
    file: "",
    topology,
    routingAlgorithm: defaultRoutingAlgorithm(topology.kind),
    routingOrder: topology instanceof TorusTopology ? topology.axes.map((_, i) => i) : [],
    ties: "balanced",
    upPort: "d-mod-k",
    network: DEFAULT_NETWORK,
    host: NO_HOST_COSTS,
    collectives: DEFAULT_COLLECTIVES,
  };
}

/** Names of the bundled machine presets (files in `topologies/`), sorted. */
export function machineNames(): string[] {
  const dir = presetsDir();
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => f.replace(/\.(ya?ml|json)$/, ""))
    .sort();
}

function presetPath(name: string): string | undefined {
  for (const ext of [".yaml", ".yml", ".json"]) {
    const p = join(presetsDir(), name + ext);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Whether a topology reference names a file rather than a preset. */
export function looksLikePath(ref: string): boolean {
  return /[/\\]|\.(ya?ml|json)$/i.test(ref);
}

/** A machine preset name (`fugaku`) or a path to a preset file. */
export function resolveMachine(ref: string, from = "--topology", maxMemoryBytes = Infinity): Machine {
  const bundled = /^[A-Za-z0-9_.-]+$/.test(ref) ? presetPath(ref) : undefined;
  if (bundled !== undefined) return loadMachineFile(bundled, maxMemoryBytes);
  // A path (or anything but a plain name) is read as a file: its own errors say what is wrong
  // with it ("no such file", "is a directory"), not that it is no preset.
  if (existsSync(ref) || looksLikePath(ref)) return loadMachineFile(ref, maxMemoryBytes);
  throw InputError.single("not-found", from, "", `expected a preset name (${machineNames().join(", ")}) or a topology file, found ${showValue(ref)}`);
}
