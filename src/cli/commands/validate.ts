import type { Argv } from "yargs";
import { formatBytes } from "../../input/units.js";
import { renderTable } from "../../report/text-table.js";
import { estimatePoint, formatMemory } from "../../scenario/estimate.js";
import { scenarioJsonSchema } from "../../scenario/schema.js";
import { loadRequest } from "../exec/source.js";
import { maxMemoryOf, requestsOf, sourcesOf } from "./run.js";

function formatCount(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(Math.round(n));
}

function formatWall(s: number): string {
  return s < 1 ? "< 1 s" : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(0)} min` : `${(s / 3600).toFixed(1)} h`;
}

export function validateCommand(yargs: Argv): Argv {
  return yargs
    .command(
      "validate <scenario..>",
      "Check scenario files without running them, and estimate each point's events, memory and time",
      (y) =>
        y
          .positional("scenario", { type: "string", array: true, demandOption: true, describe: "Scenario files; - reads one from standard input" })
          .option("set", { type: "string", array: true, nargs: 1, requiresArg: true, describe: "Override a field, as run --set does" })
          .option("max-memory", { type: "string", requiresArg: true, describe: "Refuse points estimated above this memory (e.g. 8GiB; default: what the machine has available)" })
          .option("estimates", { type: "boolean", default: true, describe: "Print each point's estimate (--no-estimates: one line per file)" }),
      (argv) => {
        const requests = requestsOf(sourcesOf(argv.scenario as string[]), argv, { maxMemoryBytes: maxMemoryOf(argv["max-memory"]) });
        for (const request of requests) {
          const s = loadRequest(request);
          const name = request.source.kind === "file" ? request.source.file : request.source.name;
          const topologies = [...new Set(s.points.map((p) => p.machine.name))].join(", ");
          process.stdout.write(`${name}: ok (${s.points.length} run${s.points.length === 1 ? "" : "s"} on ${topologies})\n`);
          if (!argv.estimates) continue;
          const rows = [["point", "swept", "events", "messages", "memory", "simulated", "about"]];
          s.points.forEach((p, i) => {
            const e = estimatePoint(p);
            const swept = Object.entries(p.sweep).map(([k, v]) => `${k.replace(/^(workload|network|routing)\./, "")}=${typeof v === "number" && k.endsWith("Bytes") ? formatBytes(v) : v}`).join(" ");
            rows.push([String(i + 1), swept || "-", formatCount(e.events), formatCount(e.messages), formatMemory(e.memoryBytes), `${(e.simulatedNs / 1000).toPrecision(3)} us`, formatWall(e.wallSeconds)]);
          });
          process.stdout.write(renderTable(rows, [true, false, true, true, true, true, true]));
        }
      },
    )
    .command(
      "schema",
      "Print the JSON Schema of scenario files (for editors)",
      (y) => y,
      () => {
        process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
      },
    );
}
