import type { Argv } from "yargs";
import { scenarioJsonSchema } from "../../scenario/schema.js";
import { loadScenario } from "../../scenario/scenario.js";

export function validateCommand(yargs: Argv): Argv {
  return yargs
    .command(
      "validate <scenario..>",
      "Check scenario files without running them",
      (y) => y.positional("scenario", { type: "string", array: true, demandOption: true }),
      (argv) => {
        for (const file of argv.scenario as string[]) {
          const s = loadScenario(file);
          const topologies = [...new Set(s.points.map((p) => p.machine.name))].join(", ");
          process.stdout.write(`${file}: ok (${s.points.length} run${s.points.length === 1 ? "" : "s"} on ${topologies})\n`);
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
