import { dirname, isAbsolute, resolve } from "node:path";
import { InputError, MAX_ISSUES, capIssues, type InputIssue } from "../input/errors.js";
import { readDataFile, validate } from "../input/parse.js";
import { MAX_SWEEP_POINTS, expandSweeps, sweepDimensions, type Scalar } from "../input/sweep.js";
import { DEFAULT_NETWORK, linkClassProblems, networkConfigProblems, type NetworkConfig, type NetworkModelKind } from "../network/index.js";
import { buildRouting, type RoutingSpec } from "../routing/index.js";
import { TopologyKindError } from "../topology/index.js";
import { parseNodeRef, workloadOf, type AnyWorkload, type ResolveContext } from "../workload/index.js";
import type { TofuJobLayout } from "../collectives/index.js";
import { allocate, type AllocationInput } from "./allocation.js";
import { availableMemoryBytes, estimatePoint, formatMemory } from "./estimate.js";
import { kindCounts, networkBytes, type TopologyCounts } from "./footprint.js";
import { placeJob } from "./job.js";
import { inlineMachine, looksLikePath, resolveMachine, resolveOrder, type Machine, type TopologyShapeInput, type TopologySpecInput } from "./machine.js";
import { scenarioSchema, type ScenarioFile } from "./schema.js";

/** A swept value as results show it (null: e.g. a free reduction, `reduceBandwidthGBps: null`). */
export type SweepValue = string | number | boolean | null;

/** A workload of a point: its plug-in and the spec it resolved. */
export interface PointWorkload {
  readonly plugin: AnyWorkload;
  readonly spec: unknown;
}

/** One fully resolved run of a scenario: every value scalar, every reference checked. */
export interface ScenarioPoint {
  /** The swept fields and their values at this point (empty when nothing is swept). */
  readonly sweep: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  /** The machine this point runs on, with the scenario's overrides and allocation applied. */
  readonly machine: Machine;
  readonly model: NetworkModelKind;
  readonly routing: RoutingSpec;
  readonly workload: PointWorkload;
  /** The Fugaku job laid on `machine` (scenario key `job`, or implied by the workload), if any. */
  readonly job?: TofuJobLayout;
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
  /**
   * Most memory one point may need (its estimate, `estimatePoint`), bytes; a point above it is
   * refused with code `too-large` before anything is allocated. Default: what the machine can
   * still give this process (`availableMemoryBytes()`).
   */
  readonly maxMemoryBytes?: number;
  /** Most points the scenario may expand to; default MAX_SWEEP_POINTS. */
  readonly maxPoints?: number;
}

/** Reads, validates and expands a scenario file. Throws InputError listing every problem. */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}): Scenario {
  return scenarioFromData(readDataFile(file), file, overrides);
}

/**
 * Validates and expands a scenario given as data (what a YAML/JSON file parses to), exactly
 * as a file is; `file` names it in errors and anchors its relative paths.
 */
export function scenarioFromData(data: unknown, file: string, overrides: ScenarioOverrides = {}): Scenario {
  return resolveScenario(validate(scenarioSchema, data, file), file, overrides);
}

export function resolveScenario(data: ScenarioFile, file: string, overrides: ScenarioOverrides = {}): Scenario {
  const raw: ScenarioFile = {
    ...data,
    ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}),
    ...(overrides.topology !== undefined ? { topology: overrides.topology } : {}),
  };
  // Counted before anything is expanded: a few lines can sweep 10^7 points.
  const maxPoints = overrides.maxPoints ?? MAX_SWEEP_POINTS;
  const dims = sweepDimensions(scenarioSchema, raw);
  const count = dims.reduce((n, d) => n * d.count, 1);
  if (count > maxPoints) {
    const what = dims.map((d) => `${d.path} (${d.count})`).join(" × ");
    throw InputError.single("too-large", file, dims[0]?.path ?? "", `expected at most ${maxPoints.toLocaleString("en-US")} points, found ${count.toLocaleString("en-US")} from sweeping ${what}`);
  }
  const limits: Limits = { maxMemoryBytes: overrides.maxMemoryBytes ?? availableMemoryBytes(), givenMemory: overrides.maxMemoryBytes !== undefined };
  const issues = new IssueList();
  const points: ScenarioPoint[] = [];
  const machines = new Map<string, Machine>();
  const expanded = expandSweeps(scenarioSchema, raw, sweepLabel);
  // A field that some points of a sweep ignore is fine; one that every point ignores is a mistake.
  const ignored = new Map<string, { issue: InputIssue; points: number }>();
  const noteIgnored = (issue: InputIssue): void => {
    const entry = ignored.get(issue.path);
    if (entry === undefined) ignored.set(issue.path, { issue, points: 1 });
    else entry.points++;
  };
  for (const { sweep, values } of expanded) {
    try {
      points.push(resolvePoint(values, sweep as Record<string, SweepValue>, file, machines, overrides.topology !== undefined, noteIgnored, limits));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const issue of e.issues) issues.add(issue);
    }
  }
  for (const { issue, points: n } of ignored.values()) if (n === expanded.length) issues.add(issue);
  if (issues.size > 0) throw new InputError(issues.capped());
  const seed = Array.isArray(raw.seed) ? raw.seed[0] : raw.seed;
  return { name: data.name, file, seed, points };
}

/**
 * The fields of an override that are set: data from JavaScript may hold a key whose value is
 * undefined, which must not hide the machine's value when spread over it.
 */
function defined<T extends object>(overrides: T): Partial<T> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Distinct issues (a problem every point shares is reported once), counted past the cap. */
class IssueList {
  private readonly seen = new Set<string>();
  private readonly kept: InputIssue[] = [];
  size = 0;

  add(issue: InputIssue): void {
    const key = `${issue.file}\u0000${issue.path}\u0000${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.size++;
    if (this.kept.length <= MAX_ISSUES) this.kept.push(issue);
  }

  capped(): InputIssue[] {
    return capIssues(this.kept, this.size);
  }
}

/** What a point may cost. */
interface Limits {
  readonly maxMemoryBytes: number;
  /** Whether the caller set the limit (else it is the memory available now). */
  readonly givenMemory: boolean;
}

function sweepLabel(value: unknown): SweepValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  const kind = (value as { kind?: unknown }).kind;
  if (kind === "fat-tree" || kind === "dragonfly") return `${kind} ${JSON.stringify(Object.fromEntries(Object.entries(value as object).filter(([k]) => k !== "kind")))}`;
  const shape = (value as TopologyShapeInput).shape ?? (value as { nodes?: unknown }).nodes;
  const mode = (value as { mode?: string }).mode;
  const rankMap = (value as { rankMap?: string }).rankMap;
  if (Array.isArray(shape)) return shape.join("x") + (mode !== undefined ? ` ${mode}` : "") + (rankMap !== undefined ? ` ${rankMap}` : "");
  return JSON.stringify(value);
}

type PointInput = Scalar<ScenarioFile>;

function resolvePoint(
  data: PointInput,
  sweep: Record<string, SweepValue>,
  file: string,
  machines: Map<string, Machine>,
  topologyFromFlag: boolean,
  noteIgnored: (issue: InputIssue) => void,
  limits: Limits,
): ScenarioPoint {
  const ref = data.topology;
  const { model: modelIn, ...networkOverrides } = defined(data.network ?? {});
  const model = modelIn ?? "packet";
  let base: Machine;
  if (typeof ref === "string") base = cachedMachine(ref, file, machines, topologyFromFlag, limits);
  else {
    // An inline topology is checked before it is built: 500×500×100 is 2 GB of tables alone.
    const spec = ref as TopologySpecInput;
    checkFits(kindCounts(spec), { ...DEFAULT_NETWORK, ...networkOverrides }, model, limits, file, "topology");
    base = cached(machines, `inline ${JSON.stringify(ref)}`, () => inlineMachine(spec, file));
  }
  const plugin = workloadOf(data.workload.type);
  if (plugin === undefined) throw new Error(`internal: workload ${data.workload.type} passed validation but is not registered`);
  const cut = data.allocation === undefined ? base : cached(machines, `${base.name} ${base.file} ${JSON.stringify(data.allocation)}`, () => allocate(base, data.allocation as AllocationInput, file));
  const implied = data.job === undefined && data.allocation === undefined ? (plugin.impliedJobNodes as ((input: unknown) => number | undefined) | undefined)?.(data.workload) : undefined;
  const { machine: allocated, job } = placeJob(cut, data.job, implied, file, data.seed);
  const topology = allocated.topology;
  const issues: InputIssue[] = [];

  // Link classes override the machine's class by class, field by field.
  const classes = mergeLinkClasses(allocated.network.linkClasses, networkOverrides.linkClasses);
  const network: NetworkConfig = { ...allocated.network, ...networkOverrides, ...(classes !== undefined ? { linkClasses: classes } : {}) };
  const machine: Machine = {
    ...allocated,
    network,
    host: { ...allocated.host, ...defined(data.host ?? {}) },
    collectives: { ...allocated.collectives, ...defined(data.collectives ?? {}) },
  };
  let order = machine.routingOrder;
  if (data.routing?.order !== undefined) {
    try {
      order = resolveOrder(topology, data.routing.order, file, "routing.order");
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues);
    }
  }
  const routing: RoutingSpec = {
    algorithm: data.routing?.algorithm ?? machine.routingAlgorithm,
    order,
    ties: data.routing?.ties ?? machine.ties,
    dateline: data.routing?.dateline ?? true,
    path: data.routing?.path ?? "fixed",
    upPort: data.routing?.upPort ?? machine.upPort,
  };
  if (data.routing?.upPort !== undefined && routing.algorithm !== "up-down") {
    noteIgnored({ code: "ignored", file, path: "routing.upPort", message: `applies only to routing algorithm up-down (fat trees), found algorithm ${routing.algorithm}` });
  }
  if (topology.kind !== "torus") {
    for (const key of ["ties", "dateline", "path"] as const) {
      if (data.routing?.[key] !== undefined) noteIgnored({ code: "ignored", file, path: `routing.${key}`, message: `applies only to a mesh/torus, and this topology is a ${topology.kind}` });
    }
  }
  if (data.routing?.path !== undefined && routing.algorithm !== "tofu") {
    noteIgnored({ code: "ignored", file, path: "routing.path", message: `applies only to routing algorithm tofu, found algorithm ${routing.algorithm}` });
  }
  if (data.routing?.dateline !== undefined && routing.algorithm === "tofu") {
    noteIgnored({ code: "ignored", file, path: "routing.dateline", message: "applies only to dimension-order routing (tofu routing always uses its VC classes)" });
  }
  let routingVcs = 1;
  try {
    routingVcs = buildRouting(topology, routing).vcCount;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    issues.push({ code: e instanceof TopologyKindError ? "unsupported" : "invalid", file, path: "routing.algorithm", message: e.message });
  }
  for (const problem of networkConfigProblems(network, routingVcs, model)) {
    issues.push({ code: "invalid", file, path: `network.${problem.field}`, message: problem.message });
  }
  if (networkOverrides.linkClasses !== undefined) {
    for (const problem of linkClassProblems({ linkClasses: networkOverrides.linkClasses }, topology.linkClassNames, topology.kind)) {
      issues.push({ code: problem.message.startsWith("must") ? "invalid" : "unsupported", file, path: `network.${problem.path}`, message: problem.message });
    }
  }

  const ctx: ResolveContext = {
    file,
    machineName: machine.name,
    topology,
    network,
    collectives: machine.collectives,
    job,
    issue: (code, path, message) => issues.push({ code, file, path, message }),
    ignored: (path, message) => noteIgnored({ code: "ignored", file, path, message }),
    endpoint: (nodeRef, path) => {
      try {
        return parseNodeRef(topology, nodeRef, file, path);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        issues.push(...e.issues);
        return undefined;
      }
    },
  };
  // The registry's union of plug-ins cannot relate each one's input to its own schema: the
  // discriminated union validated `data.workload` against this plug-in's schema, by its type.
  const spec = (plugin.resolve as (input: unknown, ctx: ResolveContext) => unknown)(data.workload, ctx);
  if (issues.length > 0 || spec === undefined) throw new InputError(issues);
  const point: ScenarioPoint = { sweep, seed: data.seed, machine, model, routing, workload: { plugin, spec }, job };
  checkEstimate(point, limits, file);
  return point;
}

/** A machine's link classes with a scenario's over them, class by class and field by field. */
export function mergeLinkClasses(base: NetworkConfig["linkClasses"], over: NetworkConfig["linkClasses"]): NetworkConfig["linkClasses"] {
  if (over === undefined) return base;
  const out: Record<string, { bandwidthGBps?: number; latencyNs?: number }> = { ...base };
  for (const [name, c] of Object.entries(over)) out[name] = { ...out[name], ...defined(c) };
  return out;
}

/** Refuses a point whose estimate does not fit, or whose numbers the model cannot hold. */
function checkEstimate(point: ScenarioPoint, limits: Limits, file: string): void {
  const e = estimatePoint(point);
  const issues: InputIssue[] = [];
  const sizeField = point.workload.plugin.type === "traffic" ? "workload.messageBytes" : "workload.sizeBytes";
  if (e.largestMessageUnits > MAX_MESSAGE_UNITS) {
    issues.push({ code: "out-of-range", file, path: sizeField, message: `expected a message of at most ${MAX_MESSAGE_UNITS.toLocaleString("en-US")} packets of network.packetPayloadBytes = ${point.machine.network.packetPayloadBytes} bytes, found ${e.largestMessageUnits.toLocaleString("en-US")}` });
  }
  if (!Number.isFinite(e.simulatedNs) || !Number.isFinite(e.events)) {
    issues.push({ code: "out-of-range", file, path: "", message: "expected times and rates whose products stay finite, found a run whose simulated time is not (an extreme size, time or rate)" });
  }
  if (!(e.memoryBytes <= limits.maxMemoryBytes)) {
    const m = e.memory;
    const parts = `topology ${formatMemory(m.topologyBytes)}, network ${formatMemory(m.networkBytes)}, workload ${formatMemory(m.workloadBytes)}`;
    const path = m.workloadBytes > m.topologyBytes + m.networkBytes ? "workload" : "topology";
    issues.push({ code: "too-large", file, path, message: `needs an estimated ${formatMemory(e.memoryBytes)} (${parts}), but ${memoryLimitText(limits)}` });
  }
  if (issues.length > 0) throw new InputError(issues);
}

/** Most packets one message may have (the packet network counts a message's packets in 32 bits). */
const MAX_MESSAGE_UNITS = 2 ** 31 - 1;

function memoryLimitText(limits: Limits): string {
  return limits.givenMemory
    ? `the limit is ${formatMemory(limits.maxMemoryBytes)} (--max-memory)`
    : `${formatMemory(limits.maxMemoryBytes)} is available (a higher limit: --max-memory)`;
}

/** Refuses a topology and network of these counts when their tables alone exceed the limit. */
function checkFits(counts: TopologyCounts, network: Pick<NetworkConfig, "virtualChannels" | "injectionPorts">, model: NetworkModelKind, limits: Limits, file: string, path: string): void {
  const bytes = counts.topologyBytes + networkBytes(model, counts, network);
  if (!(bytes <= limits.maxMemoryBytes)) {
    throw InputError.single("too-large", file, path, `needs an estimated ${formatMemory(bytes)} for ${counts.endpoints.toLocaleString("en-US")} nodes' topology and network tables alone, but ${memoryLimitText(limits)}`);
  }
}

function cached(machines: Map<string, Machine>, key: string, build: () => Machine): Machine {
  let machine = machines.get(key);
  if (machine === undefined) {
    machine = build();
    machines.set(key, machine);
  }
  return machine;
}

function cachedMachine(ref: string, file: string, machines: Map<string, Machine>, fromFlag: boolean, limits: Limits): Machine {
  let machine = machines.get(ref);
  if (machine === undefined) {
    // A relative path in a scenario file is relative to that file.
    const target = looksLikePath(ref) && !fromFlag && !isAbsolute(ref) ? resolve(dirname(file), ref) : ref;
    try {
      machine = resolveMachine(target, fromFlag ? "--topology" : file, limits.maxMemoryBytes);
    } catch (e) {
      if (e instanceof InputError && !fromFlag) {
        // The scenario's own field says which file could not be read.
        throw new InputError(
          e.issues.map((i) => (i.file === file ? { ...i, path: "topology" } : i.code === "unreadable" && i.file === target ? { ...i, file, path: "topology", message: `${i.message.replace(/^cannot read file: /, `cannot read ${target}: `)}` } : i)),
        );
      }
      throw e;
    }
    machines.set(ref, machine);
  }
  return machine;
}
