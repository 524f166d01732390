import { Rng, Simulator } from "../engine/index.js";
import { buildNetworkModel, type DeadlockReport } from "../network/index.js";
import { buildRouting } from "../routing/index.js";
import type { DeadlockSummary, PointCommon, RunContext, WorkloadResult, WorkloadType } from "../workload/index.js";
import type { Scenario, ScenarioPoint } from "./scenario.js";

/** One point's result: the common fields, the workload's type, and the workload's own record. */
export type PointResult = { [K in WorkloadType]: PointCommon & { readonly workload: K } & WorkloadResult<K> }[WorkloadType];
/** One point's result of one workload type. */
export type ResultOf<K extends WorkloadType> = Extract<PointResult, { workload: K }>;

/** The results of one scenario. */
export interface ScenarioReport {
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly results: readonly PointResult[];
}

/**
 * Runs one scenario point on a fresh simulator and network model. A workload that cannot
 * finish because the network deadlocked is reported as such (its `unfinished` result and the
 * deadlock); any other failure is rethrown.
 */
export function runPoint(point: ScenarioPoint): PointResult {
  const start = process.hrtime.bigint();
  const sim = new Simulator();
  const machine = point.machine;
  // Random routing choices (random up ports, Valiant's groups) draw from the point's seed.
  const routing = buildRouting(machine.topology, point.routing, Rng.fromSeed(point.seed).stream("routing"));
  const net = buildNetworkModel(sim, routing, { model: point.model, config: machine.network });
  const ctx: RunContext = { sim, net, rng: Rng.fromSeed(point.seed), host: machine.host, collectives: machine.collectives, job: point.job };
  const { plugin, spec } = point.workload;
  const run = plugin.run as (spec: unknown, ctx: RunContext) => object;
  let record: object;
  try {
    record = run(spec, ctx);
  } catch (e) {
    if (net.stuck() === undefined || plugin.unfinished === undefined) throw e;
    record = (plugin.unfinished as (spec: unknown, ctx: Pick<RunContext, "collectives" | "job">) => object)(spec, ctx);
  }
  return {
    topology: machine.name,
    sweep: point.sweep,
    seed: point.seed,
    workload: plugin.type,
    ...record,
    deadlock: summarize(net.stuck()),
    wallSeconds: Number(process.hrtime.bigint() - start) / 1e9,
  } as PointResult;
}

export interface RunScenarioOptions {
  /** Called before each point runs (index from 0), e.g. to show progress. */
  readonly onPointStart?: (index: number, point: ScenarioPoint) => void;
  /** Called with each point's result as soon as it is done. */
  readonly onPointDone?: (index: number, result: PointResult) => void;
}

/** Runs every point of a scenario in order. */
export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): ScenarioReport {
  const results: PointResult[] = [];
  for (const [i, point] of scenario.points.entries()) {
    options.onPointStart?.(i, point);
    const result = runPoint(point);
    results.push(result);
    options.onPointDone?.(i, result);
  }
  return { scenario: scenario.name, file: scenario.file, seed: scenario.seed, results };
}

function summarize(report: DeadlockReport | undefined): DeadlockSummary | null {
  if (report === undefined) return null;
  return { atNs: report.atNs, message: report.message, packetsInFlight: report.packetsInFlight, cycle: report.cycle };
}
