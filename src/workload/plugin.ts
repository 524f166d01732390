import type { z } from "zod";
import type { CollectivesConfig, HostCosts, TofuJobLayout } from "../collectives/index.js";
import type { Rng, Simulator } from "../engine/index.js";
import type { IssueCode } from "../input/errors.js";
import type { Scalar } from "../input/sweep.js";
import type { NetworkConfig, NetworkModel } from "../network/index.js";
import type { Topology } from "../topology/index.js";

/** What a workload may ask while it resolves one point of a scenario. */
export interface ResolveContext {
  readonly file: string;
  /** The machine's name (preset, allocation), for messages. */
  readonly machineName: string;
  readonly topology: Topology;
  readonly network: NetworkConfig;
  readonly collectives: CollectivesConfig;
  /** The Fugaku job (scenario key `job`, or implied) laid on `topology`, if any. */
  readonly job?: TofuJobLayout;
  /** Records a problem; resolution goes on so that every problem is reported at once. */
  issue(code: IssueCode, path: string, message: string): void;
  /** A field this point ignores; reported only if every point of the scenario ignores it. */
  ignored(path: string, message: string): void;
  /** `ref` (an endpoint id or coordinates) as an endpoint, or undefined after recording the issue. */
  endpoint(ref: string | number, path: string): number | undefined;
}

/** What a workload runs on: a fresh simulator and network model, the point's seed and host. */
export interface RunContext {
  readonly sim: Simulator;
  readonly net: NetworkModel;
  /** Root random stream of the point (workloads draw named sub-streams). */
  readonly rng: Rng;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
  /** The Fugaku job laid on the network's topology, if any. */
  readonly job?: TofuJobLayout;
}

/** What a workload may ask while it estimates the cost of one resolved point. */
export interface EstimateContext {
  readonly topology: Topology;
  readonly network: NetworkConfig;
  readonly host: HostCosts;
  readonly collectives: CollectivesConfig;
  /** Units (packets; 1 where the model has none) a message of `sizeBytes` is cut into. */
  unitsPerMessage(sizeBytes: number): number;
  /** Time a lone message of `sizeBytes` takes over `hops` hops on an idle network, ns. */
  zeroLoadNs(hops: number, sizeBytes: number): number;
  /** Mean minimal hop count between two endpoints (exact on a mesh/torus, rough elsewhere). */
  readonly meanHops: number;
}

/**
 * What one point of a workload will cost, roughly, before it runs: the network's share of the
 * events and memory follows from the messages, units and unit-hops; the workload adds its own.
 */
export interface WorkloadEstimate {
  /** Messages sent in the whole run. */
  readonly messages: number;
  /** Units (packets) sent in the whole run. */
  readonly units: number;
  /** Σ units × hops: link traversals. */
  readonly unitHops: number;
  /** Most messages in flight (sent, not yet delivered) at once. */
  readonly messagesInFlight: number;
  /** The largest message, bytes. */
  readonly largestMessageBytes: number;
  /** Simulated time the run covers, ns. */
  readonly simulatedNs: number;
  /** Events the workload schedules itself (message generation, host CPU), beyond the network's. */
  readonly events: number;
  /** Bytes the workload holds at its peak (statistics, data vectors, per-rank state). */
  readonly bytes: number;
}

/** What a deadlocked run reports instead of hanging. */
export interface DeadlockSummary {
  readonly atNs: number;
  readonly message: string;
  readonly packetsInFlight: number;
  readonly cycle: readonly { node: number[]; inLink: string; vc: number; wants: string }[];
}

/** The fields every point's result has, whatever its workload, besides the workload's own. */
export interface PointCommon {
  readonly topology: string;
  readonly sweep: Readonly<Record<string, string | number | boolean | null>>;
  readonly seed: number;
  readonly deadlock: DeadlockSummary | null;
  readonly wallSeconds: number;
}

/** A result column: its header (units in it) and how to read its value. */
export interface Column<R> {
  readonly header: string;
  readonly csv: string;
  readonly value: (r: R) => number | string | boolean | null;
  /** How the text table shows the value. */
  readonly text?: (r: R) => string;
  /** Only in CSV (the table shows it inside another column). */
  readonly csvOnly?: boolean;
}

/**
 * A workload plug-in: one module per workload exports one of these, and one line of
 * `registry.ts` makes it known to scenarios, the runner and the reports.
 * - `schema`: the `workload` section (with `type` as its literal; sweepable fields wrapped in
 *   `sweep()`); `resolve` receives one point of it, every swept field a single value;
 * - `resolve`: checks what needs the machine (nodes, axes, NICs) and returns the spec, or
 *   undefined after recording issues in the context;
 * - `run`: runs the spec on an idle network and returns its result record (fields in the
 *   order results print them);
 * - `estimate`: its messages, simulated time and memory before anything runs (what
 *   `estimatePoint` adds to the network's share, and what refuses a point too large to run);
 * - `unfinished`: the result when the network deadlocked before the workload finished
 *   (absent: the workload reports what it measured so far from `run` itself);
 * - `columns`: how tables and CSV show a result; `ownSweepKeys`: swept fields a column
 *   already shows;
 * - `impliedJobNodes`: on a Tofu machine without `job` or `allocation`, the node count of the
 *   compact Fugaku job the point implies (Fugaku users get a job, not the first nodes in id
 *   order), or undefined for none.
 */
export interface Workload<T extends string, S extends z.ZodType, Spec, Result extends object> {
  readonly type: T;
  readonly schema: S;
  resolve(input: Scalar<z.output<S>>, ctx: ResolveContext): Spec | undefined;
  run(spec: Spec, ctx: RunContext): Result;
  estimate(spec: Spec, ctx: EstimateContext): WorkloadEstimate;
  unfinished?(spec: Spec, ctx: Pick<RunContext, "collectives" | "job">): Result;
  readonly columns: readonly Column<Result & PointCommon>[];
  readonly ownSweepKeys: readonly string[];
  impliedJobNodes?(input: Scalar<z.output<S>>): number | undefined;
}

/** Declares a workload with its types inferred (a function so that TypeScript infers them). */
export function defineWorkload<T extends string, S extends z.ZodType, Spec, Result extends object>(w: Workload<T, S, Spec, Result>): Workload<T, S, Spec, Result> {
  return w;
}
