import { dirname, isAbsolute, resolve } from "node:path";
import { DEFAULT_NETWORK, networkConfigProblems, type NetworkConfig } from "../network/index.js";
import type { TieRule, TofuPathPolicy } from "../routing/index.js";
import { allocate } from "./allocation.js";
import { buildRouting } from "./routing-choice.js";
import type { Topology } from "../topology/index.js";
import { DEFAULT_COLLECTIVES, NO_HOST_COSTS, planAllreduce, type AllreduceChoice, type CollectivesConfig, type HostCosts, type PlacementKind } from "../collectives/index.js";
import { TRAFFIC_PATTERNS, patternProblem, type TrafficPatternName } from "../workload/index.js";
import { InputError, type InputIssue } from "./errors.js";
import { parseNodeRef } from "./node-ref.js";
import { readDataFile, validate } from "./parse.js";
import { scenarioSchema, type ScenarioFile } from "./schema.js";
import { buildTopology, resolveOrder, resolvePreset, type TopologyPreset, type TopologyShapeInput } from "./topology-file.js";

export type SweepValue = string | number | boolean;

export interface RoutingChoice {
  readonly algorithm: "dimension-order" | "tofu";
  /** Axis indices in routing order. */
  readonly order: readonly number[];
  readonly ties: TieRule;
  readonly dateline: boolean;
  readonly path: TofuPathPolicy;
}

export interface TrafficSpec {
  readonly type: "traffic";
  readonly pattern: TrafficPatternName;
  readonly messageBytes: number;
  readonly offeredLoad: number;
  readonly warmupNs: number;
  readonly measureNs: number;
  readonly drainNs: number;
  readonly axis?: number;
  readonly hotspotNode?: number;
  readonly hotspotFraction?: number;
}

export interface PutSpec {
  readonly type: "put";
  readonly from: number;
  readonly to: number;
  readonly sizeBytes: number;
}

export interface InjectionSpec {
  readonly type: "injection";
  readonly from: number;
  readonly neighbors: number;
  readonly sizeBytes: number;
}

export interface AllreduceSpec {
  readonly type: "allreduce";
  readonly algorithm: AllreduceChoice;
  readonly sizeBytes: number;
  readonly ranks: number;
  readonly placement: PlacementKind;
  readonly segmentBytes?: number;
  readonly verify: boolean;
}

export type WorkloadSpec = TrafficSpec | PutSpec | InjectionSpec | AllreduceSpec;

/** One fully resolved run of a scenario: every value scalar, every reference checked. */
export interface ScenarioPoint {
  /** The swept fields and their values at this point (empty when nothing is swept). */
  readonly sweep: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  readonly topologyName: string;
  readonly topology: Topology;
  readonly network: NetworkConfig;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
  readonly routing: RoutingChoice;
  readonly workload: WorkloadSpec;
}

export interface Scenario {
  readonly name: string;
  readonly file: string;
  readonly seed: number;
  readonly points: readonly ScenarioPoint[];
}

export interface ScenarioOverrides {
  /** Replaces the scenario's seed (and any seed sweep). */
  readonly seed?: number;
  /** Replaces the scenario's topology (as `tofusim compare --topology` does). */
  readonly topology?: string;
}

/** Reads, validates and expands a scenario file. Throws InputError listing every problem. */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}): Scenario {
  const data = validate(scenarioSchema, readDataFile(file), file);
  return resolveScenario(data, file, overrides);
}

export function resolveScenario(data: ScenarioFile, file: string, overrides: ScenarioOverrides = {}): Scenario {
  const raw: ScenarioFile = {
    ...data,
    ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}),
    ...(overrides.topology !== undefined ? { topology: overrides.topology } : {}),
  };
  const issues: InputIssue[] = [];
  const points: ScenarioPoint[] = [];
  const presets = new Map<string, TopologyPreset>();
  const expanded = expandSweeps(raw);
  // A field that some points of a sweep ignore is fine; one that every point ignores is a mistake.
  const ignored = new Map<string, { issue: InputIssue; points: number }>();
  const noteIgnored = (issue: InputIssue): void => {
    const entry = ignored.get(issue.path);
    if (entry === undefined) ignored.set(issue.path, { issue, points: 1 });
    else entry.points++;
  };
  for (const { sweep, values } of expanded) {
    try {
      points.push(resolvePoint(values, sweep, file, presets, overrides.topology !== undefined, noteIgnored));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const issue of e.issues) {
        if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
      }
    }
  }
  for (const { issue, points: count } of ignored.values()) if (count === expanded.length) issues.push(issue);
  if (issues.length > 0) throw new InputError(issues);
  const seed = Array.isArray(raw.seed) ? raw.seed[0] : raw.seed;
  return { name: data.name, file, seed, points };
}

interface Expanded {
  readonly sweep: Record<string, SweepValue>;
  readonly values: ScenarioFile;
}

/**
 * Every list in a scalar position is a sweep; the points are the cross product, the first
 * swept field varying slowest. Sections whose values are swept: top level (seed, topology,
 * allocation), network, host, routing (algorithm, ties, dateline, path) and workload.
 */
export function expandSweeps(data: ScenarioFile): Expanded[] {
  const dims: { path: string[]; values: unknown[] }[] = [];
  const consider = (path: string[], value: unknown): void => {
    if (Array.isArray(value)) dims.push({ path, values: value });
  };
  consider(["seed"], data.seed);
  consider(["topology"], data.topology);
  consider(["allocation"], data.allocation);
  for (const [section, keys] of [
    ["network", Object.keys(data.network ?? {})],
    ["host", Object.keys(data.host ?? {})],
    ["routing", ["algorithm", "ties", "dateline", "path"]],
    ["workload", Object.keys(data.workload).filter((k) => k !== "type")],
  ] as const) {
    const obj = (data as unknown as Record<string, Record<string, unknown> | undefined>)[section];
    if (obj === undefined) continue;
    for (const key of keys) consider([section, key], obj[key]);
  }
  let out: Expanded[] = [{ sweep: {}, values: structuredClone(data) }];
  for (const dim of dims) {
    const next: Expanded[] = [];
    for (const point of out) {
      for (const value of dim.values) {
        const values = structuredClone(point.values);
        setPath(values as unknown as Record<string, unknown>, dim.path, value);
        next.push({ sweep: { ...point.sweep, [dim.path.join(".")]: sweepLabel(value) }, values });
      }
    }
    out = next;
  }
  return out;
}

function sweepLabel(value: unknown): SweepValue {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  const shape = (value as TopologyShapeInput).shape;
  const mode = (value as { mode?: string }).mode;
  if (Array.isArray(shape)) return shape.join("x") + (mode !== undefined ? ` ${mode}` : "");
  return JSON.stringify(value);
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let target = obj;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path[path.length - 1]] = value;
}

/** A swept-out value: after expansion every swept field holds a scalar. */
function scalar<T>(value: T | readonly T[]): T {
  if (Array.isArray(value)) throw new Error("internal: unexpanded sweep");
  return value as T;
}

function resolvePoint(
  data: ScenarioFile,
  sweep: Record<string, SweepValue>,
  file: string,
  presets: Map<string, TopologyPreset>,
  topologyFromFlag: boolean,
  noteIgnored: (issue: InputIssue) => void,
): ScenarioPoint {
  const topoRef = scalar(data.topology);
  const machine = typeof topoRef === "string" ? cachedPreset(topoRef, file, presets, topologyFromFlag) : inlinePreset(topoRef);
  const preset = data.allocation === undefined ? machine : allocate(machine, scalar(data.allocation), file);
  const topology = preset.topology;
  const issues: InputIssue[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) issues.push(...e.issues);
      else throw e;
      return undefined;
    }
  };

  const overrides = Object.fromEntries(Object.entries(data.network ?? {}).map(([k, v]) => [k, scalar(v)])) as Partial<NetworkConfig>;
  const network: NetworkConfig = { ...DEFAULT_NETWORK, ...preset.network, ...overrides };
  const hostOverrides = Object.fromEntries(Object.entries(data.host ?? {}).map(([k, v]) => [k, scalar(v)])) as Partial<HostCosts>;
  const host: HostCosts = { ...NO_HOST_COSTS, ...preset.host, ...hostOverrides };
  const collectives: CollectivesConfig = { ...DEFAULT_COLLECTIVES, ...preset.collectives, ...(data.collectives ?? {}) };
  const order = attempt(() => (data.routing?.order !== undefined ? resolveOrder(topology, data.routing.order, file, "routing.order") : preset.routingOrder));
  const routing: RoutingChoice = {
    algorithm: scalar(data.routing?.algorithm ?? "dimension-order"),
    order: order ?? preset.routingOrder,
    ties: scalar(data.routing?.ties ?? preset.ties),
    dateline: scalar(data.routing?.dateline ?? true),
    path: scalar(data.routing?.path ?? "fixed"),
  };
  if (data.routing?.path !== undefined && routing.algorithm !== "tofu") {
    noteIgnored({ file, path: "routing.path", message: `applies only to routing algorithm tofu, found algorithm ${routing.algorithm}` });
  }
  if (data.routing?.dateline !== undefined && routing.algorithm === "tofu") {
    noteIgnored({ file, path: "routing.dateline", message: "applies only to dimension-order routing (tofu routing always uses its VC classes)" });
  }
  let routingVcs = 1;
  try {
    routingVcs = buildRouting(topology, routing).vcCount;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    issues.push({ file, path: "routing.algorithm", message: e.message });
  }
  for (const problem of networkConfigProblems(network, routingVcs)) {
    issues.push({ file, path: `network.${problem.field}`, message: problem.message });
  }

  const w = data.workload;
  let workload: WorkloadSpec | undefined;
  if (w.type === "put") {
    const from = attempt(() => parseNodeRef(topology, w.from, file, "workload.from"));
    const to = attempt(() => parseNodeRef(topology, w.to, file, "workload.to"));
    if (from !== undefined && to !== undefined) workload = { type: "put", from, to, sizeBytes: scalar(w.sizeBytes) };
  } else if (w.type === "injection") {
    const from = attempt(() => parseNodeRef(topology, w.from, file, "workload.from"));
    const neighbors = scalar(w.neighbors);
    if (neighbors > network.injectionPorts) {
      issues.push({ file, path: "workload.neighbors", message: `expected at most network.injectionPorts = ${network.injectionPorts} (one NIC per neighbour), found ${neighbors}` });
    }
    if (from !== undefined) workload = { type: "injection", from, neighbors, sizeBytes: scalar(w.sizeBytes) };
  } else if (w.type === "allreduce") {
    const ranksIn = scalar(w.ranks);
    const ranks = ranksIn === "all" ? topology.endpointCount : ranksIn;
    if (ranks > topology.endpointCount) {
      issues.push({ file, path: "workload.ranks", message: `expected at most ${topology.endpointCount} (one rank per node of ${preset.name}), found ${ranks}` });
    }
    const algorithm = scalar(w.algorithm);
    const placement = scalar(w.placement);
    const sizeBytes = scalar(w.sizeBytes);
    if (planAllreduce(algorithm, collectives, sizeBytes, ranks).problem !== undefined) {
      issues.push({ file, path: "workload.algorithm", message: `expected a machine with a barrier interface (collectives.barrierStageLatencyNs) for tofu-barrier; ${preset.name} has none` });
    }
    if (placement === "tofu-3d" && (topology.axisCount !== 6 || !["X", "Y", "Z", "A", "B", "C"].every((a) => topology.axes.includes(a)))) {
      issues.push({ file, path: "workload.placement", message: `tofu-3d needs a topology with exactly the axes X, Y, Z, A, B, C; ${preset.name} has ${topology.axes.join(", ")}` });
    }
    workload = {
      type: "allreduce",
      algorithm,
      sizeBytes,
      ranks,
      placement,
      segmentBytes: w.segmentBytes === undefined ? undefined : scalar(w.segmentBytes),
      verify: w.verify,
    };
  } else {
    const pattern = scalar(w.pattern);
    if (w.axis !== undefined && pattern !== "neighbor" && pattern !== "tornado") {
      noteIgnored({ file, path: "workload.axis", message: `applies only to patterns neighbor and tornado, found pattern ${pattern}` });
    }
    for (const key of ["hotspot", "hotspotFraction"] as const) {
      if (w[key] !== undefined && pattern !== "hotspot") noteIgnored({ file, path: `workload.${key}`, message: `applies only to pattern hotspot, found pattern ${pattern}` });
    }
    const axis = w.axis === undefined ? undefined : topology.axes.indexOf(w.axis);
    if (axis === -1) issues.push({ file, path: "workload.axis", message: `expected one of the axes ${topology.axes.join(", ")}, found ${w.axis}` });
    const hotspotNode = w.hotspot === undefined ? undefined : attempt(() => parseNodeRef(topology, w.hotspot as string | number, file, "workload.hotspot"));
    const measureNs = scalar(w.measureNs);
    const spec: TrafficSpec = {
      type: "traffic",
      pattern: scalar(w.pattern),
      messageBytes: scalar(w.messageBytes),
      offeredLoad: scalar(w.offeredLoad),
      warmupNs: scalar(w.warmupNs ?? measureNs / 5),
      measureNs,
      drainNs: scalar(w.drainNs ?? 10 * measureNs),
      axis: axis === -1 ? undefined : axis,
      hotspotNode,
      hotspotFraction: w.hotspotFraction === undefined ? undefined : scalar(w.hotspotFraction),
    };
    const problem = patternProblem(topology, spec);
    if (problem !== undefined) issues.push({ file, path: "workload.pattern", message: `${problem} (topology ${preset.name} is ${topology.describeShape()})` });
    if (!TRAFFIC_PATTERNS.includes(spec.pattern)) issues.push({ file, path: "workload.pattern", message: `unknown pattern ${spec.pattern}` });
    workload = spec;
  }
  if (issues.length > 0 || workload === undefined) throw new InputError(issues);
  return { sweep, seed: scalar(data.seed), topologyName: preset.name, topology, network, host, collectives, routing, workload };
}

function cachedPreset(ref: string, file: string, presets: Map<string, TopologyPreset>, fromFlag: boolean): TopologyPreset {
  let preset = presets.get(ref);
  if (preset === undefined) {
    // A relative path in a scenario file is relative to that file.
    const looksLikePath = /[/\\]|\.(ya?ml|json)$/.test(ref);
    const target = looksLikePath && !fromFlag && !isAbsolute(ref) ? resolve(dirname(file), ref) : ref;
    try {
      preset = resolvePreset(target, fromFlag ? "--topology" : file);
    } catch (e) {
      if (e instanceof InputError && !fromFlag) {
        throw new InputError(e.issues.map((i) => (i.file === file ? { ...i, path: "topology" } : i)));
      }
      throw e;
    }
    presets.set(ref, preset);
  }
  return preset;
}

function inlinePreset(shape: TopologyShapeInput): TopologyPreset {
  const topology = buildTopology(shape);
  return {
    name: `inline-${topology.describeShape()}`,
    description: "inline topology",
    source: "scenario file",
    file: "",
    topology,
    routingOrder: topology.axes.map((_, i) => i),
    ties: "balanced",
    network: {},
    host: {},
    collectives: {},
  };
}
