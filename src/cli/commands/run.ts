import { writeFileSync } from "node:fs";
import type { Argv } from "yargs";
import { render, type OutputFormat, type ScenarioReport } from "../../report/index.js";
import { InputError } from "../../input/errors.js";
import { runScenario as runScenarioPoints } from "../../scenario/runner.js";
import { loadScenario, type Scenario } from "../../scenario/scenario.js";

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
        .example("$0 run scenarios/uniform-torus-4x4x4.yaml", "uniform traffic on a 4x4x4 torus")
        .example("$0 run scenarios/put-fugaku.yaml --format json", "put latency and bandwidth as JSON"),
    (argv) => {
      if (argv.seed !== undefined && (!Number.isInteger(argv.seed) || argv.seed < 0)) {
        throw InputError.single("invalid", "--seed", "", `expected a non-negative integer, found ${argv.seed}`);
      }
      const scenarios = (argv.scenario as string[]).map((f) => loadScenario(f, { seed: argv.seed }));
      const reports = scenarios.map((s) => runScenario(s));
      emit(render(reports, argv.format as OutputFormat, { timing: argv.timing }), argv.out);
      if (reports.some((r) => r.results.some((x) => x.deadlock !== null))) process.exitCode = EXIT_DEADLOCK;
    },
  );
}

/** Runs every point of a scenario, with progress on stderr when it is a terminal. */
export function runScenario(scenario: Scenario, label = ""): ScenarioReport {
  const progress = process.stderr.isTTY === true;
  const report = runScenarioPoints(scenario, {
    onPointStart: (i, point) => {
      if (!progress) return;
      const what = Object.entries(point.sweep).map(([k, v]) => `${k}=${v}`).join(" ");
      process.stderr.write(`\r\x1b[K${scenario.name}${label}: point ${i + 1}/${scenario.points.length} ${what}`);
    },
  });
  if (progress) process.stderr.write("\r\x1b[K");
  return report;
}

export function emit(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw InputError.single("unreadable", "--out", "", `cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
