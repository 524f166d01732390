import type { Argv } from "yargs";
import { InputError } from "../../input/errors.js";
import { parseSizeBytes } from "../../input/units.js";
import type { OutputFormat } from "../../report/index.js";
import type { ScenarioOverrides } from "../../scenario/scenario.js";
import { execute, parseShard } from "../exec/execute.js";
import { checkPlotTarget, checkPlottable, plotAfterRun } from "./plot.js";
import type { ProgressMode } from "../exec/progress.js";
import { STDIN_ARG, parseAssignments, readStdin, type LoadRequest, type ScenarioSource } from "../exec/source.js";

export { EXIT_DEADLOCK } from "../exec/execute.js";

/** The options `run` and `compare` share: seed, overrides, output, parallelism, progress. */
export function runOptions<T>(y: Argv<T>) {
  return y
    .option("out", { type: "string", requiresArg: true, describe: "Write results to this file (checked before anything runs; written whole or not at all)" })
    .option("seed", { type: "number", requiresArg: true, describe: "Override the scenario's seed" })
    .option("set", { type: "string", array: true, nargs: 1, requiresArg: true, describe: "Override a field, validated like the file: --set network.virtualChannels=8 (repeat; a list such as [2,4,8] makes a sweep)" })
    .option("timing", { type: "boolean", default: true, describe: "Include wallSeconds in JSON (--no-timing: byte-identical output for equal runs)" })
    .option("jobs", { type: "number", requiresArg: true, describe: "Points run at once in worker threads (default: the cores); results are the same and in the same order" })
    .option("shard", { type: "string", requiresArg: true, describe: "Run every N-th point, starting at the i-th: i/N (Slurm: $SLURM_ARRAY_TASK_ID/N); join the shards' --format jsonl with tofusim merge" })
    .option("progress", { type: "boolean", describe: "Progress lines on stderr even when it is not a terminal (batch jobs)" })
    .option("quiet", { type: "boolean", alias: "q", describe: "No progress on stderr" })
    .option("max-memory", { type: "string", requiresArg: true, describe: "Refuse points estimated above this memory (e.g. 8GiB; default: what the machine has available)" })
    .option("plot", { type: "string", requiresArg: true, describe: "Also draw the results as this SVG (see tofusim plot), after writing them" });
}

export interface SharedArgs {
  readonly seed?: number;
  readonly set?: string[];
  readonly progress?: boolean;
  readonly quiet?: boolean;
}

/** Scenario sources from the command line: files, or `-` for standard input (once). */
export function sourcesOf(files: readonly string[]): ScenarioSource[] {
  const stdin = (f: string): boolean => f === "-" || f === STDIN_ARG;
  if (files.filter(stdin).length > 1) throw InputError.single("invalid", "-", "", "standard input can be read once: give - at most once");
  return files.map((f) => (stdin(f) ? { kind: "text", name: "<stdin>", text: readStdin() } : { kind: "file", file: f }));
}

export function requestsOf(sources: readonly ScenarioSource[], argv: SharedArgs, extra: ScenarioOverrides = {}): LoadRequest[] {
  if (argv.seed !== undefined && (!Number.isInteger(argv.seed) || argv.seed < 0)) {
    throw InputError.single("invalid", "--seed", "", `expected a non-negative integer, found ${argv.seed}`);
  }
  const assignments = parseAssignments(argv.set ?? []);
  return sources.map((source) => ({ source, overrides: { ...extra, seed: argv.seed }, assignments }));
}

/** `--max-memory 8GiB` → bytes; an InputError for anything that is not a size. */
export function maxMemoryOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bytes = parseSizeBytes(text);
  if (bytes === undefined || !(bytes > 0)) throw InputError.single("invalid", "--max-memory", "", `expected a size such as 8GiB or 500MB, found ${JSON.stringify(text)}`);
  return bytes;
}

export function progressMode(argv: SharedArgs): ProgressMode {
  return argv.quiet === true ? "never" : argv.progress === true ? "always" : "auto";
}

export function runCommand(yargs: Argv): Argv {
  return yargs.command(
    "run <scenario..>",
    "Run scenario files and print their results",
    (y) =>
      runOptions(
        y
          .positional("scenario", { type: "string", array: true, demandOption: true, describe: "Scenario files (YAML or JSON); - reads one from standard input" })
          .option("format", { choices: ["table", "json", "jsonl", "csv"] as const, default: "table" as const, describe: "Output format (jsonl and csv stream a point as soon as it is done)" }),
      )
        .example("$0 run scenarios/uniform-torus-4x4x4.yaml", "uniform traffic on a 4x4x4 torus")
        .example("$0 run scenarios/put-fugaku.yaml --format json", "put latency and bandwidth as JSON")
        .example("$0 run scenarios/uniform-torus-4x4x4.yaml --set network.virtualChannels=[2,4,8]", "sweep a field from the command line")
        .example("$0 run big.yaml --format jsonl --shard $SLURM_ARRAY_TASK_ID/16 --out part-$SLURM_ARRAY_TASK_ID.jsonl", "one shard of a Slurm job array"),
    async (argv) => {
      const files = argv.scenario as string[];
      if (argv.plot !== undefined) checkPlotTarget(argv.plot, "--plot", [...files.filter((f) => f !== STDIN_ARG && f !== "-"), ...(argv.out === undefined ? [] : [argv.out])]);
      const requests = requestsOf(sourcesOf(files), argv, { maxMemoryBytes: maxMemoryOf(argv["max-memory"]) });
      const outcome = await execute({
        requests,
        format: argv.format as OutputFormat,
        out: argv.out,
        timing: argv.timing,
        jobs: argv.jobs,
        shard: parseShard(argv.shard),
        progress: progressMode(argv),
        check: (scenarios) => {
          if (argv.plot !== undefined) checkPlottable(scenarios.flatMap((s) => s.points.map((p) => p.workload.plugin.type)));
        },
      });
      process.exitCode = outcome.exitCode;
      if (argv.plot !== undefined && outcome.exitCode !== 1 && outcome.exitCode !== 4) await plotAfterRun(argv.plot, outcome.reports);
    },
  );
}
