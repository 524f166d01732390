import { writeFileSync } from "node:fs";
import type { Argv } from "yargs";
import { render, type OutputFormat, type ScenarioReport } from "../../report/index.js";
import { InputError } from "../../scenario/errors.js";
import { runPoint, type PointResult } from "../../scenario/runner.js";
import { loadScenario, type Scenario } from "../../scenario/scenario.js";
import { checkPlotTarget, checkPlottable, plotAfterRun } from "./plot.js";

/** Exit code when a simulated network deadlocked (results are still printed). */
export const EXIT_DEADLOCK = 3;

export function runCommand(yargs: Argv): Argv {
  return yargs.command(
    "run <scenario..>",
    "Run scenario files and print their results",
    (y) =>
      y
        .positional("scenario", { type: "string", array: true, demandOption: true, describe: "Scenario files (YAML or JSON)" })
        .option("format", { choices: ["table", "json", "csv"] as const, default: "table" as const, describe: "Output format" })
        .option("out", { type: "string", describe: "Write results to this file instead of stdout" })
        .option("seed", { type: "number", describe: "Override the scenario's seed" })
        .option("timing", { type: "boolean", default: true, describe: "Include wallSeconds in JSON (--no-timing: byte-identical output for equal runs)" })
        .option("plot", { type: "string", describe: "Also draw the results as this SVG (see tofusim plot), after writing them" })
        .example("$0 run scenarios/uniform-torus-4x4x4.yaml", "uniform traffic on a 4x4x4 torus")
        .example("$0 run scenarios/put-fugaku.yaml --format json", "put latency and bandwidth as JSON"),
    async (argv) => {
      if (argv.seed !== undefined && (!Number.isInteger(argv.seed) || argv.seed < 0)) {
        throw InputError.single("--seed", "", `expected a non-negative integer, found ${argv.seed}`);
      }
      if (argv.plot !== undefined) checkPlotTarget(argv.plot, "--plot", [...(argv.scenario as string[]), ...(argv.out === undefined ? [] : [argv.out])]);
      const scenarios = (argv.scenario as string[]).map((f) => loadScenario(f, { seed: argv.seed }));
      if (argv.plot !== undefined) checkPlottable(scenarios.flatMap((s) => s.points.map((p) => p.workload.type)));
      const reports = scenarios.map((s) => runScenario(s));
      emit(render(reports, argv.format as OutputFormat, { timing: argv.timing }), argv.out);
      if (reports.some((r) => r.results.some((x) => x.deadlock !== null))) process.exitCode = EXIT_DEADLOCK;
      if (argv.plot !== undefined) await plotAfterRun(argv.plot, reports);
    },
  );
}

/** Runs every point of a scenario, with progress on stderr when it is a terminal. */
export function runScenario(scenario: Scenario, label = ""): ScenarioReport {
  const results: PointResult[] = [];
  const progress = process.stderr.isTTY === true;
  for (const [i, point] of scenario.points.entries()) {
    if (progress) {
      const what = Object.entries(point.sweep).map(([k, v]) => `${k}=${v}`).join(" ");
      process.stderr.write(`\r\x1b[K${scenario.name}${label}: point ${i + 1}/${scenario.points.length} ${what}`);
    }
    results.push(runPoint(point));
  }
  if (progress) process.stderr.write("\r\x1b[K");
  return { scenario: scenario.name, file: scenario.file, seed: scenario.seed, results };
}

export function emit(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw InputError.single("--out", "", `cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
