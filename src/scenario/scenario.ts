import { dirname, isAbsolute, resolve } from "node:path";
import { InputError, type InputIssue } from "../input/errors.js";
import { readDataFile, validate } from "../input/parse.js";
import { expandSweeps, type Scalar } from "../input/sweep.js";
import { networkConfigProblems, type NetworkConfig, type NetworkModelKind } from "../network/index.js";
import { buildRouting, type RoutingSpec } from "../routing/index.js";
import { TopologyKindError } from "../topology/index.js";
import { parseNodeRef, workloadOf, type AnyWorkload, type ResolveContext } from "../workload/index.js";
import type { TofuJobLayout } from "../collectives/index.js";
import { allocate } from "./allocation.js";
import { placeJob } from "./job.js";
import { inlineMachine, resolveMachine, resolveOrder, type Machine, type TopologyShapeInput } from "./machine.js";
import { scenarioSchema, type ScenarioFile } from "./schema.js";

export type SweepValue = string | number | boolean;

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
  const issues: InputIssue[] = [];
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
      points.push(resolvePoint(values, sweep as Record<string, SweepValue>, file, machines, overrides.topology !== undefined, noteIgnored));
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

function sweepLabel(value: unknown): SweepValue {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
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
): ScenarioPoint {
  const ref = data.topology;
  const base = typeof ref === "string" ? cachedMachine(ref, file, machines, topologyFromFlag) : inlineMachine(ref);
  const plugin = workloadOf(data.workload.type);
  if (plugin === undefined) throw new Error(`internal: workload ${data.workload.type} passed validation but is not registered`);
  const cut = data.allocation === undefined ? base : allocate(base, data.allocation, file);
  const implied = data.job === undefined && data.allocation === undefined ? (plugin.impliedJobNodes as ((input: unknown) => number | undefined) | undefined)?.(data.workload) : undefined;
  const { machine: allocated, job } = placeJob(cut, data.job, implied, file, data.seed);
  const topology = allocated.topology;
  const issues: InputIssue[] = [];

  const { model: modelIn, ...networkOverrides } = data.network ?? {};
  const network: NetworkConfig = { ...allocated.network, ...networkOverrides };
  const machine: Machine = {
    ...allocated,
    network,
    host: { ...allocated.host, ...data.host },
    collectives: { ...allocated.collectives, ...data.collectives },
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
    algorithm: data.routing?.algorithm ?? "dimension-order",
    order,
    ties: data.routing?.ties ?? machine.ties,
    dateline: data.routing?.dateline ?? true,
    path: data.routing?.path ?? "fixed",
  };
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
  for (const problem of networkConfigProblems(network, routingVcs)) {
    issues.push({ code: "invalid", file, path: `network.${problem.field}`, message: problem.message });
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
  return { sweep, seed: data.seed, machine, model: modelIn ?? "packet", routing, workload: { plugin, spec }, job };
}

function cachedMachine(ref: string, file: string, machines: Map<string, Machine>, fromFlag: boolean): Machine {
  let machine = machines.get(ref);
  if (machine === undefined) {
    // A relative path in a scenario file is relative to that file.
    const looksLikePath = /[/\\]|\.(ya?ml|json)$/.test(ref);
    const target = looksLikePath && !fromFlag && !isAbsolute(ref) ? resolve(dirname(file), ref) : ref;
    try {
      machine = resolveMachine(target, fromFlag ? "--topology" : file);
    } catch (e) {
      if (e instanceof InputError && !fromFlag) {
        throw new InputError(e.issues.map((i) => (i.file === file ? { ...i, path: "topology" } : i)));
      }
      throw e;
    }
    machines.set(ref, machine);
  }
  return machine;
}
