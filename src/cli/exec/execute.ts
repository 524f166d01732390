import { availableParallelism } from "node:os";
import { InputError } from "../../input/errors.js";
import { columnsOf } from "../../report/columns.js";
import { csvHeader, csvRow, jsonLine, render, type OutputFormat } from "../../report/render.js";
import type { PointResult, ScenarioReport } from "../../scenario/runner.js";
import { estimatePoint } from "../../scenario/estimate.js";
import type { Scenario } from "../../scenario/scenario.js";
import { Output } from "./output.js";
import { PointError, PointPool } from "./pool.js";
import { Progress, type ProgressMode } from "./progress.js";
import { SIGNAL_EXIT, onStopSignal } from "./signals.js";
import type { PointJob, PointProgress } from "./protocol.js";
import { loadRequest, sourceName, type LoadRequest } from "./source.js";

/** Exit codes of a run (see the README). */
export const EXIT_DEADLOCK = 3;
export const EXIT_VERIFICATION = 4;
export const EXIT_INTERNAL = 1;

/** `--shard i/N`: this process runs every N-th point, starting at the i-th (0-based), over all scenarios in order. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface ExecuteOptions {
  readonly requests: readonly LoadRequest[];
  readonly format: OutputFormat;
  readonly out?: string;
  readonly timing: boolean;
  /** Worker threads running points at once (default: the cores). */
  readonly jobs?: number;
  readonly shard?: Shard;
  readonly progress: ProgressMode;
  /** Replaces the format's rendering of the finished reports (`tofusim compare`'s table). */
  readonly renderReports?: (reports: readonly ScenarioReport[]) => string;
  /** Checks the loaded scenarios before anything runs (throws an InputError). */
  readonly check?: (scenarios: readonly Scenario[]) => void;
}

export interface ExecuteOutcome {
  readonly reports: readonly ScenarioReport[];
  readonly exitCode: number;
}

/** `--shard` as given → a Shard; an InputError for anything but `i/N` with 0 ≤ i < N. */
export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(count >= 1 && index >= 0 && index < count)) {
    throw InputError.single("invalid", "--shard", "", `expected i/N with 0 ≤ i < N (e.g. 0/4, or $SLURM_ARRAY_TASK_ID/N), found ${JSON.stringify(text)}`);
  }
  return { index, count };
}

export function parseJobs(jobs: number | undefined): number {
  if (jobs === undefined) return availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw InputError.single("invalid", "--jobs", "", `expected a positive whole number of worker threads, found ${jobs}`);
  return jobs;
}

/**
 * Runs the points of every scenario (or this shard's) in worker threads and writes the results
 * in the scenarios' order, whatever order they finish in: JSON Lines and CSV rows as soon as
 * every earlier point is written, table and JSON when the run ends. SIGINT/SIGTERM stop the
 * workers, write what is finished and leave no half-written file.
 */
export async function execute(options: ExecuteOptions): Promise<ExecuteOutcome> {
  const scenarios = options.requests.map(loadRequest);
  options.check?.(scenarios);
  const jobs: PointJob[] = [];
  let global = 0;
  scenarios.forEach((s, scenario) =>
    s.points.forEach((_, point) => {
      if (options.shard === undefined || global % options.shard.count === options.shard.index) jobs.push({ scenario, point });
      global++;
    }),
  );
  const inputs = options.requests.flatMap((r) => (r.source.kind === "file" ? [r.source.file] : []));
  const output = Output.open(options.out, inputs);
  const results = new Map<number, PointResult>(); // by position in `jobs`
  const position = new Map(jobs.map((j, i) => [`${j.scenario}/${j.point}`, i]));
  let written = 0;

  const streaming = options.renderReports === undefined && (options.format === "jsonl" || options.format === "csv");
  const columns = columnsOf(
    jobs.map((j) => scenarios[j.scenario].points[j.point].workload.plugin.type),
    jobs.flatMap((j) => Object.keys(scenarios[j.scenario].points[j.point].sweep)),
  );
  const writeOne = (i: number): void => {
    const job = jobs[i];
    const r = results.get(i) as PointResult;
    const name = scenarios[job.scenario].name;
    output.write(options.format === "jsonl" ? jsonLine(name, job.scenario, job.point, r, { timing: options.timing }) : csvRow(name, r, columns));
  };
  if (streaming && options.format === "csv") output.write(csvHeader(columns));

  const progress = new Progress(jobs.length, options.progress, scenarios.map((s) => s.name).join(", "));
  const pool = new PointPool(parseJobs(options.jobs), options.requests);
  let signal: "SIGINT" | "SIGTERM" | undefined;
  const release = onStopSignal((s) => {
    signal ??= s;
    pool.stop();
  });
  let failure: unknown;
  try {
    const keyOf = (job: PointJob): string => `${job.scenario}/${job.point}`;
    const onProgress = (job: PointJob, p: PointProgress): void => {
      const point = scenarios[job.scenario].points[job.point];
      progress.pointProgress(keyOf(job), `point ${(position.get(keyOf(job)) as number) + 1}`, estimatePoint(point).simulatedNs, p);
    };
    await pool.run(jobs, (job, result) => {
      const i = position.get(keyOf(job)) as number;
      results.set(i, result);
      progress.pointDone(keyOf(job), result);
      if (!streaming) return;
      while (results.has(written)) writeOne(written++);
    }, onProgress);
  } catch (e) {
    failure = e;
  } finally {
    release();
    progress.end();
  }

  // What is finished, in order (an interrupted run may have gaps: JSON Lines keep each line's indices).
  const done = [...results.keys()].sort((a, b) => a - b);
  if (streaming) for (const i of done) if (i >= written) writeOne(i);
  const reports: ScenarioReport[] = scenarios.map((s, scenario) => ({
    scenario: s.name,
    file: sourceName(options.requests[scenario].source),
    seed: s.seed,
    results: done.filter((i) => jobs[i].scenario === scenario).map((i) => results.get(i) as PointResult),
  }));
  if (!streaming && (failure === undefined || signal !== undefined || done.length > 0)) {
    const nonEmpty = reports.filter((r) => r.results.length > 0 || done.length === 0);
    output.write(options.renderReports !== undefined ? options.renderReports(nonEmpty) : render(nonEmpty, options.format, { timing: options.timing }));
  }
  if (failure !== undefined && signal === undefined && done.length === 0) output.discard();
  else output.close();

  if (failure !== undefined && signal === undefined) {
    if (failure instanceof PointError) {
      const where = `${scenarios[failure.job.scenario].name}, point ${failure.job.point + 1}`;
      if (failure.detail.kind === "verification") {
        process.stderr.write(`tofusim: verification failed (${where}): ${failure.detail.message}\n`);
        return { reports, exitCode: EXIT_VERIFICATION };
      }
      process.stderr.write(`tofusim: internal error (${where}): ${failure.detail.stack || failure.detail.message}\n`);
      return { reports, exitCode: EXIT_INTERNAL };
    }
    throw failure;
  }
  if (signal !== undefined) {
    process.stderr.write(`tofusim: stopped by ${signal}: ${done.length} of ${jobs.length} points finished and written\n`);
    return { reports, exitCode: SIGNAL_EXIT[signal] };
  }
  const deadlocked = reports.some((r) => r.results.some((x) => x.deadlock !== null));
  return { reports, exitCode: deadlocked ? EXIT_DEADLOCK : 0 };
}
