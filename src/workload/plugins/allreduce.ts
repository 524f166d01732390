import { z } from "zod";
import {
  ALLREDUCE_ALGORITHMS,
  PLACEMENT_KINDS,
  TOFU_3D_PAIRS,
  balancedDims,
  isGridAlgorithm,
  planAllreduce,
  type AllreduceChoice,
  type CollectivesConfig,
  type PlacementKind,
  type TofuJobLayout,
} from "../../collectives/index.js";
import { SWEEP_NOTE, sweep } from "../../input/sweep.js";
import { fixedSignificant, formatBytes, wholeBytes } from "../../input/units.js";
import { TorusTopology } from "../../topology/index.js";
import { estimateAllreduce } from "../allreduce-estimate.js";
import { runAllreduceJob, type AllreduceJobResult } from "../allreduce-job.js";
import { defineWorkload } from "../plugin.js";

const schema = z
  .strictObject({
    type: z.literal("allreduce").describe("allreduce: one allreduce job on an idle network."),
    algorithm: sweep(z.enum([...ALLREDUCE_ALGORITHMS, "tofu-barrier", "auto"])).describe(
      `A software algorithm, tofu-barrier (the hardware barrier interface; falls back when not eligible), or auto (per size, as the machine's collectives.auto says). ${SWEEP_NOTE}`,
    ),
    sizeBytes: sweep(wholeBytes(0)).describe(`Vector size per rank, bytes: a number or a size such as "8", "1MiB" (elements of 8 bytes). ${SWEEP_NOTE}`),
    ranks: sweep(z.union([z.int().min(1), z.literal("all")]))
      .default("all")
      .describe(`Ranks in the job, one per node: a count, or all (default). ${SWEEP_NOTE}`),
    placement: sweep(z.enum(PLACEMENT_KINDS as readonly [PlacementKind, ...PlacementKind[]]))
      .optional()
      .describe(`Where ranks run: linear (node order, default), random, or tofu-3d (Fujitsu's virtual 3D torus); not with a job, whose rank map places them. ${SWEEP_NOTE}`),
    segmentBytes: sweep(wholeBytes(1))
      .optional()
      .describe(`Pipeline messages in pieces of this size, bytes (the ring family, trix3, trix6). ${SWEEP_NOTE}`),
    grid: sweep(z.string().regex(/^\s*\d+(\s*x\s*\d+)*\s*$/, 'expected a grid such as "16x8x8"'))
      .optional()
      .describe(`A logical grid of the rank order for torus-ring, torus-multiring, trix3 and trix6, "AxBxC" (axis A fastest in rank order; the product is the rank count): the only way they run on a fat tree or dragonfly; on a torus it replaces the grid the placement forms. ${SWEEP_NOTE}`),
    verify: z.boolean().default(false).describe("Data mode: run real numbers through the schedule and check every rank ends with the sum (memory: 8 bytes per element and rank)."),
  })
  .describe("An allreduce job: time against its lower bound and alpha-beta-gamma estimate.");

export interface AllreduceSpec {
  readonly algorithm: AllreduceChoice;
  readonly sizeBytes: number;
  readonly ranks: number;
  readonly placement: PlacementKind;
  readonly segmentBytes?: number;
  readonly verify: boolean;
  /** The logical grid the scenario names (`workload.grid`), dims[0] fastest. */
  readonly grid?: readonly number[];
}

/** How the result names the placement: the kind, or `job` when a Fugaku job placed the ranks. */
type PlacementName = PlacementKind | "job";

/** The result of an allreduce whose network deadlocked: no time, no bandwidth. */
function unfinishedAllreduce(w: AllreduceSpec, collectives: CollectivesConfig, job: TofuJobLayout | undefined): AllreduceJobResult {
  return {
    collective: "allreduce",
    algorithm: w.algorithm,
    algorithmUsed: planAllreduce(w.algorithm, collectives, w.sizeBytes, w.ranks).wanted,
    hardware: false,
    ranks: w.ranks,
    sizeBytes: w.sizeBytes,
    segmentBytes: w.segmentBytes ?? null,
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
    gridRule: "flat",
    jobShape: job?.shape ?? null,
    jobMode: job?.mode ?? null,
    rankMap: job?.rankMap ?? null,
    warnings: ["the network deadlocked before the allreduce finished"],
    events: 0,
  };
}

/** A balanced grid of `ranks` for an example in a message (MPI_Dims_create's). */
function suggestGrid(ranks: number): string {
  return balancedDims(ranks, 3).join("x");
}

/** One allreduce job on an idle network, with its lower bound and α-β-γ estimate. */
export const allreduceWorkload = defineWorkload({
  type: "allreduce",
  schema,
  resolve(w, ctx): AllreduceSpec | undefined {
    const { topology, job } = ctx;
    let ok = true;
    const ranks = w.ranks === "all" ? (job?.ranks ?? topology.endpointCount) : w.ranks;
    if (job !== undefined && ranks !== job.ranks) {
      ctx.issue("invalid", "workload.ranks", `expected ${job.ranks} (one rank per node of the ${job.shape.join("x")} job) or "all", found ${ranks}`);
      ok = false;
    } else if (ranks > topology.endpointCount) {
      ctx.issue("out-of-range", "workload.ranks", `expected at most ${topology.endpointCount} (one rank per node of ${ctx.machineName}), found ${ranks}`);
      ok = false;
    }
    if (job !== undefined && w.placement !== undefined) {
      ctx.issue("invalid", "workload.placement", `expected no placement with a job (its rank map places the ranks), found ${w.placement}`);
      ok = false;
    }
    const placement = w.placement ?? "linear";
    if (planAllreduce(w.algorithm, ctx.collectives, w.sizeBytes, ranks).problem !== undefined) {
      ctx.issue("unsupported", "workload.algorithm", `expected a machine with a barrier interface (collectives.barrierStageLatencyNs) for tofu-barrier; ${ctx.machineName} has none`);
      ok = false;
    }
    const grid = w.grid === undefined ? undefined : w.grid.split("x").map((d) => Number(d.trim()));
    if (grid !== undefined && grid.reduce((a, b) => a * b, 1) !== ranks) {
      ctx.issue("invalid", "workload.grid", `expected axes whose product is the rank count ${ranks}, found ${w.grid} (${grid.reduce((a, b) => a * b, 1)})`);
      ok = false;
    }
    if (grid !== undefined && grid.some((d) => d < 1)) {
      ctx.issue("invalid", "workload.grid", `expected axes of at least 1, found ${w.grid}`);
      ok = false;
    }
    if (grid !== undefined && job !== undefined) {
      ctx.issue("invalid", "workload.grid", `expected no grid with a job (its shape is the grid), found ${w.grid}`);
      ok = false;
    }
    if (isGridAlgorithm(w.algorithm) && !(topology instanceof TorusTopology) && grid === undefined) {
      ctx.issue("unsupported", "workload.algorithm", `${w.algorithm} runs one ring per axis of a grid; ${ctx.machineName} is a ${topology.kind} without coordinates, so name a logical grid of the rank order (workload.grid, e.g. "${suggestGrid(ranks)}") or use ring, bidirectional-ring, recursive-doubling, rabenseifner or binomial-tree`);
      ok = false;
    }
    if (placement === "tofu-3d") {
      const axes = topology instanceof TorusTopology ? topology.axes : [];
      const tofuAxes = [...TOFU_3D_PAIRS.map((p) => p[0]), ...TOFU_3D_PAIRS.map((p) => p[1])];
      if (axes.length !== tofuAxes.length || !tofuAxes.every((a) => axes.includes(a))) {
        const has = topology instanceof TorusTopology ? `has ${axes.join(", ")}` : `is a ${topology.kind}`;
        ctx.issue("unsupported", "workload.placement", `tofu-3d needs a topology with exactly the axes ${tofuAxes.join(", ")}; ${ctx.machineName} ${has}`);
        ok = false;
      }
    }
    if (!ok) return undefined;
    return { algorithm: w.algorithm, sizeBytes: w.sizeBytes, ranks, placement, segmentBytes: w.segmentBytes, verify: w.verify, ...(grid !== undefined ? { grid } : {}) };
  },
  estimate: estimateAllreduce,
  run(spec, { sim, net, rng, host, collectives, job }) {
    const placement: PlacementName = job !== undefined ? "job" : spec.placement;
    return { placement, ...runAllreduceJob(sim, net, { ...spec, host, collectives, job }, rng) };
  },
  unfinished(spec, { collectives, job }) {
    const placement: PlacementName = job !== undefined ? "job" : spec.placement;
    return { placement, ...unfinishedAllreduce(spec, collectives, job) };
  },
  impliedJobNodes(w) {
    return typeof w.ranks === "number" && w.placement === undefined ? w.ranks : undefined;
  },
  columns: [
    { header: "algorithm", csv: "algorithm", value: (r) => r.algorithm, text: (r) => (r.algorithm === r.algorithmUsed ? r.algorithm : `${r.algorithm}→${r.algorithmUsed}`) },
    { header: "used", csv: "algorithmUsed", value: (r) => r.algorithmUsed, csvOnly: true },
    { header: "hardware", csv: "hardware", value: (r) => r.hardware, csvOnly: true },
    { header: "placement", csv: "placement", value: (r) => r.placement, csvOnly: true },
    { header: "ranks", csv: "ranks", value: (r) => r.ranks },
    { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
    { header: "grid", csv: "grid", value: (r) => r.grid.join("x") },
    { header: "job", csv: "jobShape", value: (r) => (r.jobShape === null ? null : `${r.jobShape.join("x")}:${r.jobMode}${r.rankMap === null ? "" : ` ${r.rankMap}`}`), text: (r) => (r.jobShape === null ? "-" : `${r.jobShape.join("x")}:${r.jobMode}${r.rankMap === null ? "" : ` ${r.rankMap}`}`) },
    { header: "time us", csv: "timeUs", value: (r) => r.timeUs, text: (r) => fixedSignificant(r.timeUs) },
    { header: "bound us", csv: "lowerBoundUs", value: (r) => r.lowerBoundUs, text: (r) => fixedSignificant(r.lowerBoundUs) },
    { header: "α-β-γ us", csv: "analyticUs", value: (r) => r.analyticUs, text: (r) => fixedSignificant(r.analyticUs) },
    { header: "algbw GB/s", csv: "algBandwidthGBps", value: (r) => r.algBandwidthGBps, csvOnly: true },
    { header: "busbw GB/s", csv: "busBandwidthGBps", value: (r) => r.busBandwidthGBps, text: (r) => r.busBandwidthGBps.toFixed(3) },
    { header: "verified", csv: "verified", value: (r) => r.verified, text: (r) => (r.verified === null ? "-" : r.verified ? "yes" : "NO") },
    { header: "messages", csv: "messages", value: (r) => r.messages },
    { header: "links used", csv: "linksUsed", value: (r) => r.linksUsed },
    { header: "max link util", csv: "maxLinkUtilization", value: (r) => r.maxLinkUtilization, text: (r) => r.maxLinkUtilization.toFixed(2) },
    { header: "events", csv: "events", value: (r) => r.events },
    { header: "warnings", csv: "warnings", value: (r) => r.warnings.join("; "), csvOnly: true },
  ],
  ownSweepKeys: ["workload.sizeBytes", "workload.algorithm", "workload.ranks"],
});
