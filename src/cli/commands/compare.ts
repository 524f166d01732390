import type { Argv } from "yargs";
import { isAllreduce, renderComparison } from "../../report/compare.js";
import type { OutputFormat } from "../../report/index.js";
import { InputError } from "../../scenario/errors.js";
import { loadScenario, type Scenario } from "../../scenario/scenario.js";
import { checkPlotTarget, plotAfterRun } from "./plot.js";
import { EXIT_DEADLOCK, emit, runScenario } from "./run.js";

const COMPARABLE_SWEEPS = ["topology", "allocation", "workload.algorithm", "workload.sizeBytes"];

export function compareCommand(yargs: Argv): Argv {
  return yargs.command(
    "compare <scenario>",
    "Run an allreduce scenario on several topologies and compare the times",
    (y) =>
      y
        .positional("scenario", { type: "string", demandOption: true, describe: "An allreduce scenario file" })
        .option("topology", { type: "string", array: true, describe: "Preset or topology file (repeat; default: the scenario's own)" })
        .option("format", { choices: ["table", "json", "csv"] as const, default: "table" as const })
        .option("out", { type: "string", describe: "Write results to this file instead of stdout" })
        .option("seed", { type: "number", describe: "Override the scenario's seed" })
        .option("timing", { type: "boolean", default: true, describe: "Include wallSeconds in JSON" })
        .option("plot", { type: "string", describe: "Also draw time and bus bandwidth against size as this SVG, after writing the results" })
        .example("$0 compare scenarios/compare-allreduce.yaml", "Tofu vs a 3D and a 5D torus")
        .example("$0 compare scenarios/allreduce-torus-4x4x4.yaml --topology torus-4x4x4 --topology tofu-small", "two topologies"),
    async (argv) => {
      const file = argv.scenario as string;
      if (argv.plot !== undefined) checkPlotTarget(argv.plot, "--plot", [file, ...(argv.out === undefined ? [] : [argv.out])]);
      const flags = (argv.topology as string[] | undefined) ?? [];
      const scenarios: Scenario[] = flags.length > 0 ? flags.map((t) => loadScenario(file, { topology: t, seed: argv.seed })) : [loadScenario(file, { seed: argv.seed })];
      const first = scenarios[0];
      if (first.points.some((p) => p.workload.type !== "allreduce")) {
        throw InputError.single(file, "workload.type", `tofusim compare needs an allreduce workload, found ${first.points[0].workload.type}`);
      }
      // A table cell is (size, topology, algorithm), so other swept fields would be lost.
      const other = [...new Set(first.points.flatMap((p) => Object.keys(p.sweep)))].filter((k) => !COMPARABLE_SWEEPS.includes(k));
      if (other.length > 0) {
        throw InputError.single(file, other[0], `tofusim compare sweeps only ${COMPARABLE_SWEEPS.join(", ")}; found a list in ${other.join(", ")} (use tofusim run for other sweeps)`);
      }
      const results = scenarios.flatMap((s, i) => runScenario(s, flags.length > 0 ? ` on ${flags[i]}` : "").results).filter(isAllreduce);
      const topologies = [...new Set(results.map((r) => r.topology))];
      const comparison = { scenario: first.name, seed: first.seed, topologies, results };
      emit(renderComparison(comparison, argv.format as OutputFormat, argv.timing), argv.out);
      if (results.some((r) => r.deadlock !== null)) process.exitCode = EXIT_DEADLOCK;
      if (argv.plot !== undefined) await plotAfterRun(argv.plot, comparison);
    },
  );
}
