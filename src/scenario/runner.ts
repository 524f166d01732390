import { Rng, Simulator } from "../engine/index.js";
import { buildNetworkModel, type DeadlockReport, type NetworkModel } from "../network/index.js";
import {
  TrafficWorkload,
  makePattern,
  runAllreduceJob,
  runInjection,
  runPut,
  type AllreduceJobResult,
  type InjectionResult,
  type PutResult,
  type TrafficResult,
} from "../workload/index.js";
import { planAllreduce, type CollectivesConfig } from "../collectives/index.js";
import { buildRouting } from "./routing-choice.js";
import type { AllreduceSpec, PutSpec, ScenarioPoint, SweepValue, TrafficSpec } from "./scenario.js";

/** What a deadlocked run reports instead of hanging. */
export interface DeadlockSummary {
  readonly atNs: number;
  readonly message: string;
  readonly packetsInFlight: number;
  readonly cycle: readonly { node: number[]; inLink: string; vc: number; wants: string }[];
}

interface Common {
  readonly topology: string;
  readonly sweep: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  readonly deadlock: DeadlockSummary | null;
  readonly wallSeconds: number;
}

export type TrafficPointResult = Common & { readonly workload: "traffic"; readonly pattern: string; readonly messageBytes: number } & TrafficResult;
export type PutPointResult = Common & { readonly workload: "put"; readonly from: number[]; readonly to: number[] } & PutResult;
export type InjectionPointResult = Common & { readonly workload: "injection"; readonly from: number[] } & InjectionResult;
export type AllreducePointResult = Common & { readonly workload: "allreduce"; readonly placement: string } & AllreduceJobResult;
export type PointResult = TrafficPointResult | PutPointResult | InjectionPointResult | AllreducePointResult;

/** Runs one scenario point on a fresh simulator and network. */
export function runPoint(point: ScenarioPoint): PointResult {
  const start = process.hrtime.bigint();
  const sim = new Simulator();
  const routing = buildRouting(point.topology, point.routing);
  const net = buildNetworkModel(sim, routing, { model: "packet", config: point.network });
  const rng = Rng.fromSeed(point.seed);
  const common = { topology: point.topologyName, sweep: point.sweep, seed: point.seed };
  const w = point.workload;
  const finish = <T extends object>(result: T): T & { deadlock: DeadlockSummary | null; wallSeconds: number } => ({
    ...result,
    deadlock: summarize(net.stuck()),
    wallSeconds: Number(process.hrtime.bigint() - start) / 1e9,
  });
  if (w.type === "put") return finish({ ...common, workload: "put" as const, ...putFields(point, w), ...runPut(sim, net, w.from, w.to, w.sizeBytes) });
  if (w.type === "allreduce") {
    try {
      const job = runAllreduceJob(sim, net, { ...w, host: point.host, collectives: point.collectives }, rng);
      return finish({ ...common, workload: "allreduce" as const, placement: w.placement, ...job });
    } catch (e) {
      // A collective that cannot finish because the network deadlocked is reported as such.
      if (net.stuck() === undefined) throw e;
      return finish({ ...common, workload: "allreduce" as const, placement: w.placement, ...unfinishedAllreduce(w, point.collectives) });
    }
  }
  if (w.type === "injection") {
    const from = point.topology.endpointCoordinates(w.from);
    return finish({ ...common, workload: "injection" as const, from, ...runInjection(sim, net, w.from, w.neighbors, w.sizeBytes) });
  }
  return finish({ ...common, workload: "traffic" as const, pattern: w.pattern, messageBytes: w.messageBytes, ...runTraffic(sim, net, w, rng) });
}

function putFields(point: ScenarioPoint, w: PutSpec): { from: number[]; to: number[] } {
  return { from: point.topology.endpointCoordinates(w.from), to: point.topology.endpointCoordinates(w.to) };
}

function runTraffic(sim: Simulator, net: NetworkModel, w: TrafficSpec, rng: Rng): TrafficResult {
  const pattern = makePattern(net.topology, { pattern: w.pattern, axis: w.axis, hotspotNode: w.hotspotNode, hotspotFraction: w.hotspotFraction }, rng.stream("pattern"));
  const workload = new TrafficWorkload(sim, net, pattern, w, rng.stream("traffic"));
  return workload.run();
}

function summarize(report: DeadlockReport | undefined): DeadlockSummary | null {
  if (report === undefined) return null;
  return { atNs: report.atNs, message: report.message, packetsInFlight: report.packetsInFlight, cycle: report.cycle };
}

/** The result of an allreduce whose network deadlocked: no time, no bandwidth. */
function unfinishedAllreduce(w: AllreduceSpec, collectives: CollectivesConfig): AllreduceJobResult {
  const plan = planAllreduce(w.algorithm, collectives, w.sizeBytes, w.ranks);
  return {
    collective: "allreduce",
    algorithm: w.algorithm,
    algorithmUsed: plan.wanted,
    hardware: false,
    ranks: w.ranks,
    sizeBytes: w.sizeBytes,
    timeUs: Number.NaN,
    lowerBoundUs: Number.NaN,
    analyticUs: Number.NaN,
    algBandwidthGBps: 0,
    busBandwidthGBps: 0,
    verified: null,
    messages: 0,
    maxLinkUtilization: 0,
    linksUsed: 0,
    meanUsedLinkUtilization: 0,
    grid: [],
    events: 0,
  };
}
