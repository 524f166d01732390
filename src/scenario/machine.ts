import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_COLLECTIVES, NO_HOST_COSTS, type CollectivesConfig, type HostCosts } from "../collectives/index.js";
import { InputError, type InputIssue } from "../input/errors.js";
import { readDataFile, validate } from "../input/parse.js";
import { showValue } from "../input/show.js";
import { DEFAULT_NETWORK, type NetworkConfig } from "../network/index.js";
import type { TieRule } from "../routing/index.js";
import { MAX_AXES, MAX_AXIS_SIZE, MAX_CHANNELS, TorusTopology, type Topology } from "../topology/index.js";
import { collectivesSchema, presetHostSchema, presetNetworkSchema } from "./fields.js";
import { formatMemory, torusCounts } from "./footprint.js";
import { presetsDir } from "./package-root.js";

const axisName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "expected an axis name such as X or A");

/** Port slots of a mesh/torus shape (nodes × ports per node), as TorusTopology counts them. */
export function channelCount(shape: readonly number[]): number {
  const nodes = shape.reduce((a, b) => a * b, 1);
  const ports = shape.reduce((sum, k) => sum + (k === 2 ? 1 : k >= 3 ? 2 : 0), 0);
  return nodes * Math.max(1, ports);
}

/** The shape part of a topology, in a preset or inline in a scenario. */
export const topologyShapeSchema = z
  .strictObject({
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

export const routingPresetSchema = z.strictObject({
  order: z.array(axisName).optional(),
  ties: z.enum(["positive", "balanced"]).optional(),
});

export const presetSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  /** Where the shape (and parameters) come from: a paper, a header, or "synthetic". */
  source: z.string().min(1),
  topology: topologyShapeSchema,
  routing: routingPresetSchema.optional(),
  /** Network defaults for this machine; each value's source in a comment beside it. */
  network: presetNetworkSchema.optional(),
  /** Host defaults (send/receive overheads, reduction bandwidth), each with its source. */
  host: presetHostSchema.optional(),
  /** Collective support: barrier interface, `auto` thresholds (each with its source). */
  collectives: collectivesSchema.optional(),
});

export type TopologyShapeInput = z.output<typeof topologyShapeSchema>;
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
  /** Routing defaults: axis order (indices) and the tie rule at half-way round a ring. */
  readonly routingOrder: readonly number[];
  readonly ties: TieRule;
  readonly network: NetworkConfig;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
}

export function defaultAxisNames(n: number): string[] {
  return n <= 3 ? ["X", "Y", "Z"].slice(0, n) : Array.from({ length: n }, (_, i) => `D${i}`);
}

export function buildTopology(t: TopologyShapeInput): TorusTopology {
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
    checkTopologyFits(file, known.machine.topology instanceof TorusTopology ? torusCounts(known.machine.topology.shape, known.machine.topology.wrap) : undefined, maxMemoryBytes);
    return known.machine;
  }
  const data = validate(presetSchema, readDataFile(file), file);
  checkTopologyFits(file, torusCounts(data.topology.shape, data.topology.wrap), maxMemoryBytes);
  const machine = machineFromPreset(data, file);
  if (version !== undefined) {
    if (loaded.size >= LOADED_MACHINES) loaded.delete(loaded.keys().next().value as string);
    loaded.set(file, { version, machine });
  }
  return machine;
}

/**
 * Machines loaded from preset files, by path, while the file is unchanged: a machine is
 * immutable, and building fugaku's tables takes a third of a second (a sweep over several
 * scenarios, or `compare`, would build it again and again). A few only, oldest dropped first.
 */
const loaded = new Map<string, { version: string; machine: Machine }>();
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

function checkTopologyFits(file: string, counts: ReturnType<typeof torusCounts> | undefined, maxMemoryBytes: number): void {
  if (counts === undefined || counts.topologyBytes <= maxMemoryBytes) return;
  throw InputError.single("too-large", file, "topology.shape", `needs an estimated ${formatMemory(counts.topologyBytes)} for the topology tables of ${counts.endpoints.toLocaleString("en-US")} nodes, more than the ${formatMemory(maxMemoryBytes)} allowed`);
}

function machineFromPreset(data: PresetFile, file: string): Machine {
  const topology = buildTopology(data.topology);
  return {
    name: data.name,
    description: data.description,
    source: data.source,
    file,
    topology,
    routingOrder: resolveOrder(topology, data.routing?.order, file, "routing.order"),
    ties: data.routing?.ties ?? "balanced",
    network: { ...DEFAULT_NETWORK, ...data.network },
    host: { ...NO_HOST_COSTS, ...data.host },
    collectives: { ...DEFAULT_COLLECTIVES, ...data.collectives },
  };
}

/** A machine from a scenario's inline shape: generic defaults, natural axis order. */
export function inlineMachine(shape: TopologyShapeInput): Machine {
  const topology = buildTopology(shape);
  return {
    name: `inline-${topology.describeShape()}`,
    description: "inline topology",
    source: "scenario file",
    file: "",
    topology,
    routingOrder: topology.axes.map((_, i) => i),
    ties: "balanced",
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
