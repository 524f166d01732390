import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import type { NetworkConfig } from "../network/index.js";
import type { CollectivesConfig, HostCosts } from "../collectives/index.js";
import { TorusTopology } from "../topology/index.js";
import { InputError, type InputIssue } from "./errors.js";
import { collectivesSchema, presetHostSchema, presetNetworkSchema } from "./fields.js";
import { readDataFile, validate } from "./parse.js";
import { presetsDir } from "./package-root.js";

const axisName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "expected an axis name such as X or A");

/** The shape part of a topology, in a preset or inline in a scenario. */
export const topologyShapeSchema = z
  .strictObject({
    axes: z.array(axisName).min(1).optional(),
    shape: z.array(z.int().min(1).max(65_535)).min(1),
    wrap: z.union([z.boolean(), z.array(z.boolean())]),
  })
  .superRefine((t, ctx) => {
    const n = t.shape.length;
    if (Array.isArray(t.wrap) && t.wrap.length !== n) {
      ctx.addIssue({ code: "custom", path: ["wrap"], message: `expected ${n} entries (one per axis of shape), found ${t.wrap.length}` });
    }
    if (t.axes !== undefined && t.axes.length !== n) {
      ctx.addIssue({ code: "custom", path: ["axes"], message: `expected ${n} names (one per axis of shape), found ${t.axes.length}` });
    }
    if (t.axes !== undefined && new Set(t.axes).size !== t.axes.length) {
      ctx.addIssue({ code: "custom", path: ["axes"], message: `expected unique names, found ${t.axes.join(", ")}` });
    }
    const nodes = t.shape.reduce((a, b) => a * b, 1);
    if (nodes > 50_000_000) {
      ctx.addIssue({ code: "custom", path: ["shape"], message: `expected at most 50,000,000 nodes, found ${nodes}` });
    }
  });

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

/** A validated preset with its topology built. */
export interface TopologyPreset {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly file: string;
  readonly topology: TorusTopology;
  /** Routing axis order as axis indices. */
  readonly routingOrder: readonly number[];
  readonly ties: "positive" | "balanced";
  /** The preset's network parameters (over tofusim's generic defaults). */
  readonly network: Partial<NetworkConfig>;
  readonly host: Partial<HostCosts>;
  readonly collectives: Partial<CollectivesConfig>;
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
  topology: TorusTopology,
  order: readonly string[] | undefined,
  file: string,
  path: string,
): number[] {
  if (order === undefined) return topology.axes.map((_, i) => i);
  const issues: InputIssue[] = [];
  const out: number[] = [];
  for (const [i, name] of order.entries()) {
    const axis = topology.axes.indexOf(name);
    if (axis < 0) issues.push({ file, path: `${path}[${i}]`, message: `expected one of the axes ${topology.axes.join(", ")}, found ${name}` });
    else out.push(axis);
  }
  const missing = topology.axes.filter((a) => !order.includes(a));
  if (missing.length > 0 || new Set(order).size !== order.length) {
    issues.push({ file, path, message: `expected every axis exactly once (${topology.axes.join(", ")}), found ${order.join(", ")}` });
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

export function loadPresetFile(file: string): TopologyPreset {
  const data = validate(presetSchema, readDataFile(file), file);
  const topology = buildTopology(data.topology);
  return {
    name: data.name,
    description: data.description,
    source: data.source,
    file,
    topology,
    routingOrder: resolveOrder(topology, data.routing?.order, file, "routing.order"),
    ties: data.routing?.ties ?? "balanced",
    network: data.network ?? {},
    host: data.host ?? {},
    collectives: data.collectives ?? {},
  };
}

/** Names of the bundled presets (files in `topologies/`), sorted. */
export function presetNames(): string[] {
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

/** A preset name (`fugaku`) or a path to a preset file. */
export function resolvePreset(ref: string, from = "--topology"): TopologyPreset {
  const bundled = /^[A-Za-z0-9_.-]+$/.test(ref) ? presetPath(ref) : undefined;
  if (bundled !== undefined) return loadPresetFile(bundled);
  if (existsSync(ref) && statSync(ref).isFile()) return loadPresetFile(ref);
  throw InputError.single(
    from,
    "",
    `expected a preset name (${presetNames().join(", ")}) or a topology file, found ${JSON.stringify(ref)}${basename(ref) !== ref ? " (no such file)" : ""}`,
  );
}
