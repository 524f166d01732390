import { z } from "zod";
import { JOB_MODES, RANK_MAPS, layTofuJob, planTofuJob, tofuAxes, type JobMode, type RankMap, type TofuJobLayout } from "../collectives/index.js";
import { Rng } from "../engine/index.js";
import { InputError } from "../input/errors.js";
import { allocate } from "./allocation.js";
import type { Machine } from "./machine.js";

/**
 * The scenario key `job`: a Fugaku job as its user writes it — `#PJM -L "node=4x4x4:torus"` and
 * `--mpi "rank-map-bynode=XZY"` become `job: { nodes: [4, 4, 4], mode: torus, rankMap: XZY }`
 * (or `nodes: 4x4x4`). tofusim cuts the job's block out of the machine and places its ranks
 * (the rule, and what of it is public, is in collectives/tofu-job.ts). On a Tofu machine a
 * point with neither `job` nor `allocation` whose workload names only a rank count gets the
 * job that count implies: `ranks: 64` is `node=64` with a compact block.
 */
export const jobSchema = z
  .strictObject({
    /** Logical shape: n, [dx, dy], [dx, dy, dz], or "dx x dy x dz" as PJM writes it. */
    nodes: z
      .union([
        z.int().min(1),
        z.array(z.int().min(1)).min(1).max(3),
        z
          .string()
          .regex(/^\d+(x\d+){0,2}$/, "expected a shape such as 64, 64x64 or 4x4x4")
          .transform((s) => s.split("x").map(Number)),
      ])
      .describe('The job\'s logical shape as PJM takes it: a node count, [dx, dy], [dx, dy, dz], or "4x4x4" (this list is a shape, not a sweep: a list of jobs sweeps).'),
    /** Allocation mode (default torus; Fugaku's own default for ≤ 384 nodes is noncont). */
    mode: z.enum(JOB_MODES).default("torus").describe("Allocation mode: torus (default), mesh or noncont."),
    /** Fujitsu MPI's rank-map-bynode order, first letter fastest; default XY (2-D) or XYZ (3-D). */
    rankMap: z.enum(RANK_MAPS).optional().describe("Fujitsu MPI's rank-map-bynode order, first letter fastest (default XY or XYZ)."),
  })
  .describe("A Fugaku job: logical shape, allocation mode and rank map.");

export type JobInput = z.output<typeof jobSchema>;

/** A point's machine after its job, and the job laid on it. */
export interface JobPlacement {
  readonly machine: Machine;
  readonly job?: TofuJobLayout;
}

/**
 * Lays the point's job on `machine`: the `job` key, or the job `impliedNodes` implies on a Tofu
 * machine (when the scenario has no allocation and the count is below the machine's nodes).
 * Throws InputError naming `job.*` on a job that cannot run there.
 */
export function placeJob(machine: Machine, input: JobInput | undefined, impliedNodes: number | undefined, file: string, seed: number): JobPlacement {
  if (input === undefined) {
    if (impliedNodes === undefined || impliedNodes >= machine.topology.endpointCount || typeof tofuAxes(machine.topology) === "string") return { machine };
    return layJob(machine, { nodes: [impliedNodes], mode: "torus" }, file, seed, "workload.ranks");
  }
  const nodes = typeof input.nodes === "number" ? [input.nodes] : input.nodes;
  return layJob(machine, { nodes, mode: input.mode, rankMap: input.rankMap }, file, seed, "job");
}

function layJob(machine: Machine, request: { nodes: readonly number[]; mode: JobMode; rankMap?: RankMap }, file: string, seed: number, path: string): JobPlacement {
  const notTofu = tofuAxes(machine.topology);
  if (typeof notTofu === "string") throw InputError.single("unsupported", file, path, `${notTofu} (${machine.name})`);
  let plan;
  try {
    plan = planTofuJob(machine.topology, request);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const aboutRankMap = /rank map/.test(e.message);
    const field = path === "job" ? (aboutRankMap ? "job.rankMap" : "job.nodes") : path;
    throw InputError.single(aboutRankMap ? "invalid" : "out-of-range", file, field, `${e.message} (${machine.name})`);
  }
  const label = `${request.nodes.join("x")}:${request.mode}${plan.request.nodes.length > 1 ? ` ${plan.rankMap}` : ""}`;
  if (plan.blockShape === undefined) {
    const job = layTofuJob(machine.topology, plan, Rng.fromSeed(seed));
    return { machine: { ...machine, name: `${machine.name}[job ${label}]` }, job };
  }
  const cut = allocate(machine, { shape: plan.blockShape, mode: request.mode === "mesh" ? "mesh" : "torus" }, file);
  const job = layTofuJob(cut.topology, plan);
  return { machine: { ...cut, name: `${machine.name}[job ${label} on ${plan.blockShape.join("x")}]` }, job };
}
