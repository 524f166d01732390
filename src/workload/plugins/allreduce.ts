import { z } from "zod";
import { ALLREDUCE_ALGORITHMS, PLACEMENT_KINDS, TOFU_3D_PAIRS, planAllreduce, type AllreduceChoice, type CollectivesConfig, type PlacementKind } from "../../collectives/index.js";
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
      .default("linear")
      .describe(`Where ranks run: linear (node order, default), random, or tofu-3d (Fujitsu's virtual 3D torus). ${SWEEP_NOTE}`),
    segmentBytes: sweep(wholeBytes(1))
      .optional()
      .describe(`Pipeline messages in pieces of this size, bytes (ring, bidirectional-ring, torus-ring, torus-multiring). ${SWEEP_NOTE}`),
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
}

/** Algorithms that run one ring per axis of a logical grid, which only a mesh/torus gives today. */
const GRID_ALGORITHMS: readonly AllreduceChoice[] = ["torus-ring", "torus-multiring"];

/** The result of an allreduce whose network deadlocked: no time, no bandwidth. */
function unfinishedAllreduce(w: AllreduceSpec, collectives: CollectivesConfig): AllreduceJobResult {
  return {
    collective: "allreduce",
    algorithm: w.algorithm,
    algorithmUsed: planAllreduce(w.algorithm, collectives, w.sizeBytes, w.ranks).wanted,
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

/** One allreduce job on an idle network, with its lower bound and α-β-γ estimate. */
export const allreduceWorkload = defineWorkload({
  type: "allreduce",
  schema,
  resolve(w, ctx): AllreduceSpec | undefined {
    const { topology } = ctx;
    let ok = true;
    const ranks = w.ranks === "all" ? topology.endpointCount : w.ranks;
    if (ranks > topology.endpointCount) {
      ctx.issue("out-of-range", "workload.ranks", `expected at most ${topology.endpointCount} (one rank per node of ${ctx.machineName}), found ${ranks}`);
      ok = false;
    }
    if (planAllreduce(w.algorithm, ctx.collectives, w.sizeBytes, ranks).problem !== undefined) {
      ctx.issue("unsupported", "workload.algorithm", `expected a machine with a barrier interface (collectives.barrierStageLatencyNs) for tofu-barrier; ${ctx.machineName} has none`);
      ok = false;
    }
    if (GRID_ALGORITHMS.includes(w.algorithm) && !(topology instanceof TorusTopology)) {
      ctx.issue("unsupported", "workload.algorithm", `${w.algorithm} runs one ring per axis of a grid, which needs a mesh/torus; ${ctx.machineName} is a ${topology.kind} (use ring, bidirectional-ring, recursive-doubling, rabenseifner or binomial-tree)`);
      ok = false;
    }
    if (w.placement === "tofu-3d") {
      const axes = topology instanceof TorusTopology ? topology.axes : [];
      const tofuAxes = [...TOFU_3D_PAIRS.map((p) => p[0]), ...TOFU_3D_PAIRS.map((p) => p[1])];
      if (axes.length !== tofuAxes.length || !tofuAxes.every((a) => axes.includes(a))) {
        const has = topology instanceof TorusTopology ? `has ${axes.join(", ")}` : `is a ${topology.kind}`;
        ctx.issue("unsupported", "workload.placement", `tofu-3d needs a topology with exactly the axes ${tofuAxes.join(", ")}; ${ctx.machineName} ${has}`);
        ok = false;
      }
    }
    if (!ok) return undefined;
    return { algorithm: w.algorithm, sizeBytes: w.sizeBytes, ranks, placement: w.placement, segmentBytes: w.segmentBytes, verify: w.verify };
  },
  estimate: estimateAllreduce,
  run(spec, { sim, net, rng, host, collectives }) {
    return { placement: spec.placement, ...runAllreduceJob(sim, net, { ...spec, host, collectives }, rng) };
  },
  unfinished(spec, { collectives }) {
    return { placement: spec.placement, ...unfinishedAllreduce(spec, collectives) };
  },
  columns: [
    { header: "algorithm", csv: "algorithm", value: (r) => r.algorithm, text: (r) => (r.algorithm === r.algorithmUsed ? r.algorithm : `${r.algorithm}→${r.algorithmUsed}`) },
    { header: "used", csv: "algorithmUsed", value: (r) => r.algorithmUsed, csvOnly: true },
    { header: "hardware", csv: "hardware", value: (r) => r.hardware, csvOnly: true },
    { header: "placement", csv: "placement", value: (r) => r.placement, csvOnly: true },
    { header: "grid", csv: "grid", value: (r) => r.grid.join("x"), csvOnly: true },
    { header: "ranks", csv: "ranks", value: (r) => r.ranks },
    { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
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
  ],
  ownSweepKeys: ["workload.sizeBytes", "workload.algorithm", "workload.ranks"],
});
