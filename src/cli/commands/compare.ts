import type { Argv } from "yargs";
import { InputError } from "../../input/errors.js";
import { NETWORK_MODELS, type NetworkModelKind } from "../../network/index.js";
import { comparedTarget, isAllreduce, renderComparison, type Comparison } from "../../report/compare.js";
import type { ScenarioReport } from "../../scenario/runner.js";
import type { OutputFormat } from "../../report/index.js";
import { execute, parseShard } from "../exec/execute.js";
import { STDIN_ARG } from "../exec/source.js";
import { checkPlotTarget, plotAfterRun } from "./plot.js";
import { maxMemoryOf, progressMode, requestsOf, runOptions, sourcesOf } from "./run.js";

/** The allreduce results of every topology's report, as `renderComparison` wants them. */
function comparisonOf(reports: readonly ScenarioReport[]): Comparison {
  const results = reports.flatMap((r) => r.results).filter(isAllreduce);
  return { scenario: reports[0].scenario, seed: reports[0].seed, topologies: [...new Set(results.map(comparedTarget))], results };
}

const COMPARABLE_SWEEPS = ["topology", "allocation", "network.model", "workload.algorithm", "workload.sizeBytes"];

export function compareCommand(yargs: Argv): Argv {
  return yargs.command(
    "compare <scenario>",
    "Run an allreduce scenario on several topologies and compare the times",
    (y) =>
      runOptions(
        y
          .positional("scenario", { type: "string", demandOption: true, describe: "An allreduce scenario file (- reads it from standard input)" })
          .option("topology", { type: "string", array: true, nargs: 1, requiresArg: true, describe: "Preset or topology file (repeat; default: the scenario's own)" })
          .option("model", { choices: NETWORK_MODELS, array: true, nargs: 1, requiresArg: true, describe: "Network model tier (repeat to compare tiers side by side: --model packet --model flow)" })
          .option("format", { choices: ["table", "json", "csv"] as const, default: "table" as const }),
      )
        .example("$0 compare scenarios/compare-allreduce.yaml", "Tofu vs a 3D and a 5D torus")
        .example("$0 compare scenarios/compare-allreduce.yaml --topology tofu-d-768 --topology torus-8x8x12", "two of them: 768 ranks on every node of each, same links, NICs and hosts")
        .example("$0 compare scenarios/allreduce-torus-4x4x4.yaml --model packet --model flow", "the packet level and the flow tier side by side"),
    async (argv) => {
      const file = argv.scenario as string;
      if (argv.plot !== undefined) checkPlotTarget(argv.plot, "--plot", [...(file === STDIN_ARG || file === "-" ? [] : [file]), ...(argv.out === undefined ? [] : [argv.out])]);
      const flags = (argv.topology as string[] | undefined) ?? [];
      const [source] = sourcesOf([file]);
      const maxMemoryBytes = maxMemoryOf(argv["max-memory"]);
      // --model is --set network.model=[…]: a sweep, so each tier is a column of its own.
      const models = (argv.model as NetworkModelKind[] | undefined) ?? [];
      const shared = models.length === 0 ? argv : { ...argv, set: [...((argv.set as string[] | undefined) ?? []), `network.model=[${models.join(",")}]`] };
      const requests = flags.length > 0 ? flags.flatMap((t) => requestsOf([source], shared, { topology: t, maxMemoryBytes })) : requestsOf([source], shared, { maxMemoryBytes });
      const outcome = await execute({
        requests,
        format: argv.format as OutputFormat,
        out: argv.out,
        timing: argv.timing,
        jobs: argv.jobs,
        shard: parseShard(argv.shard),
        progress: progressMode(argv),
        check: (scenarios) => {
          const first = scenarios[0];
          if (first.points.some((p) => p.workload.plugin.type !== "allreduce")) {
            throw InputError.single("unsupported", file, "workload.type", `tofusim compare needs an allreduce workload, found ${first.points[0].workload.plugin.type}`);
          }
          // A table cell is (size, topology, algorithm), so other swept fields would be lost.
          const other = [...new Set(first.points.flatMap((p) => Object.keys(p.sweep)))].filter((k) => !COMPARABLE_SWEEPS.includes(k));
          if (other.length > 0) {
            throw InputError.single("unsupported", file, other[0], `tofusim compare sweeps only ${COMPARABLE_SWEEPS.join(", ")}; found a list in ${other.join(", ")} (use tofusim run for other sweeps)`);
          }
        },
        renderReports: (reports) => renderComparison(comparisonOf(reports), argv.format as OutputFormat, argv.timing),
      });
      process.exitCode = outcome.exitCode;
      if (argv.plot !== undefined && outcome.reports.length > 0 && outcome.exitCode !== 1 && outcome.exitCode !== 4) await plotAfterRun(argv.plot, comparisonOf(outcome.reports));
    },
  );
}
