/**
 * tofusim's answer for each published Fugaku measurement (bench/fugaku-data.ts), for a given
 * set of MPI point-to-point parameters: the IMB tests as two-rank programs on a 2-node job,
 * allreduces as the jobs they ran as (4x4x4 XZY, 4x8x8 XYZ) on the fugaku preset.
 */
import { P2pBenchmarkProgram, elementCountOf, runProgram, type AllreduceChoice, type HostCosts } from "../src/collectives/index.js";
import { Simulator } from "../src/engine/index.js";
import { buildNetworkModel, type NetworkModelKind } from "../src/network/index.js";
import { buildRouting } from "../src/routing/index.js";
import { runPoint, type ResultOf } from "../src/scenario/runner.js";
import { scenarioFromData, type ScenarioPoint } from "../src/scenario/scenario.js";
import { JOBS, type AllreduceRow, type ImbRow } from "./fugaku-data.js";

/** The parameters the calibration fits (HostCosts' MPI part and the reduction rate). */
export interface MpiParams {
  readonly sendOverheadNs: number;
  readonly receiveOverheadNs: number;
  readonly completionOverheadNs: number;
  readonly eagerCopyGBps: number;
  readonly rendezvousOverheadNs: number;
  readonly eagerLimitBytes: number;
  readonly reduceBandwidthGBps: number;
  readonly callOverheadNs: number;
  readonly directStepOverheadNs: number;
  readonly barrierStageLatencyNs: number;
}

export function hostOf(p: MpiParams): HostCosts {
  const { barrierStageLatencyNs: _barrier, ...host } = p;
  return host;
}

// The 2-node job of the IMB tests, resolved once (only host costs change between calls).
let imbPoint: ScenarioPoint | undefined;

/** The IMB figure (µs) tofusim gives for one row. */
export function imbUs(row: ImbRow, params: MpiParams, model: NetworkModelKind = "packet", iterations = 10): number {
  imbPoint ??= scenarioFromData(
    { name: "imb", topology: "fugaku", job: { nodes: 2 }, workload: { type: "allreduce", algorithm: "ring", sizeBytes: 8 } },
    "imb",
  ).points[0];
  const point = imbPoint;
  const sim = new Simulator();
  const net = buildNetworkModel(sim, buildRouting(point.machine.topology, point.routing), { model, config: point.machine.network });
  const program = new P2pBenchmarkProgram(row.kind, elementCountOf(row.sizeBytes, 8), iterations);
  const placement = point.job?.placement ?? Int32Array.of(0, 1);
  const r = runProgram({ transport: net, placement, program, options: hostOf(params) });
  return program.reportedUs(r.timeNs);
}

/** tofusim's algorithm for a Fujitsu MPI algorithm name. */
export function algorithmOf(row: AllreduceRow): AllreduceChoice {
  // The barrier interface serves every algorithm for tiny sizes (Fujitsu MPI's `tbi` is chosen
  // before the algorithm: a 4-byte allreduce forced to trinaryx3 reports the barrier's ALG 200).
  if (row.sizeBytes <= 24) return "auto";
  switch (row.algorithm) {
    case "default":
      return "auto";
    case "recursive_doubling":
      return "recursive-doubling";
    case "ring":
      return "ring";
    case "trinaryx3":
      return "trix3";
    case "trinaryx6":
      return "trix6";
  }
}

export interface AllreduceAnswer {
  readonly timeUs: number;
  readonly algorithmUsed: string;
  readonly segmentBytes: number | null;
  readonly wallSeconds: number;
}

// Each row's scenario point, resolved once per tier; the parameters replace its host costs.
const points = new Map<string, ScenarioPoint>();

/** The allreduce tofusim gives for one row. */
export function allreduceAnswer(row: AllreduceRow, params: MpiParams, model: NetworkModelKind = "packet"): AllreduceAnswer {
  const key = `${row.nodes} ${row.algorithm} ${row.sizeBytes} ${row.segmentBytes ?? ""} ${model}`;
  let base = points.get(key);
  if (base === undefined) {
    base = scenarioFromData(
      {
        name: "allreduce",
        topology: "fugaku",
        job: JOBS[row.nodes],
        network: { model },
        workload: { type: "allreduce", algorithm: algorithmOf(row), sizeBytes: row.sizeBytes, ...(row.segmentBytes !== undefined ? { segmentBytes: row.segmentBytes } : {}) },
      },
      "allreduce",
    ).points[0];
    points.set(key, base);
  }
  const machine = { ...base.machine, host: hostOf(params), collectives: { ...base.machine.collectives, barrierStageLatencyNs: params.barrierStageLatencyNs } };
  const start = process.hrtime.bigint();
  const r = runPoint({ ...base, machine }) as ResultOf<"allreduce">;
  return { timeUs: r.timeUs, algorithmUsed: r.algorithmUsed, segmentBytes: r.segmentBytes, wallSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
