import { readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { InputError, type InputIssue } from "../../input/errors.js";
import { render, type OutputFormat } from "../../report/index.js";
import type { PointResult, ScenarioReport } from "../../scenario/runner.js";
import { Output } from "../exec/output.js";

interface Line {
  readonly text: string;
  readonly scenario: string;
  readonly scenarioIndex: number;
  readonly point: number;
  readonly result: PointResult;
}

/** Reads shards' JSON Lines; every malformed line is an issue naming its file and line. */
function readLines(files: readonly string[]): Line[] {
  const issues: InputIssue[] = [];
  const lines: Line[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      issues.push({ code: "unreadable", file, path: "", message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    text.split("\n").forEach((raw, i) => {
      if (raw.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        issues.push({ code: "syntax", file, path: `line ${i + 1}`, message: "not a JSON object (expected a line of tofusim run --format jsonl)" });
        return;
      }
      const v = value as Partial<Line> & Record<string, unknown>;
      if (typeof v !== "object" || v === null || typeof v.scenario !== "string" || !Number.isInteger(v.scenarioIndex) || !Number.isInteger(v.point) || typeof v.workload !== "string") {
        issues.push({ code: "invalid", file, path: `line ${i + 1}`, message: "expected a result line of tofusim run --format jsonl (with scenario, scenarioIndex, point, workload)" });
        return;
      }
      const { scenario, scenarioIndex, point, ...result } = v as unknown as { scenario: string; scenarioIndex: number; point: number } & PointResult;
      lines.push({ text: raw, scenario, scenarioIndex, point, result: result as PointResult });
    });
  }
  const seen = new Map<string, Line>();
  for (const l of lines) {
    const key = `${l.scenarioIndex}/${l.point}`;
    const other = seen.get(key);
    if (other !== undefined && other.text !== l.text) issues.push({ code: "invalid", file: "merge", path: "", message: `point ${l.point} of scenario ${l.scenarioIndex} (${l.scenario}) appears twice with different results` });
    seen.set(key, l);
  }
  if (issues.length > 0) throw new InputError(issues);
  return [...seen.values()].sort((a, b) => a.scenarioIndex - b.scenarioIndex || a.point - b.point);
}

export function mergeCommand(yargs: Argv): Argv {
  return yargs.command(
    "merge <files..>",
    "Join the JSON Lines of shards (run --shard i/N --format jsonl) into the output one run gives",
    (y) =>
      y
        .positional("files", { type: "string", array: true, demandOption: true, describe: "JSON Lines files of the shards, in any order" })
        .option("format", { choices: ["jsonl", "json", "csv", "table"] as const, default: "jsonl" as const })
        .option("out", { type: "string", requiresArg: true, describe: "Write the merged results to this file" })
        .example("$0 merge part-*.jsonl --out all.jsonl", "what one run of every point gives"),
    (argv) => {
      const files = argv.files as string[];
      const lines = readLines(files);
      const output = Output.open(argv.out, files);
      const format = argv.format as OutputFormat;
      if (format === "jsonl") {
        for (const l of lines) output.write(l.text + "\n");
      } else {
        const reports: ScenarioReport[] = [];
        for (const l of lines) {
          let rep = reports.find((r) => r.scenario === l.scenario && (r as { index?: number }).index === l.scenarioIndex) as (ScenarioReport & { index: number; results: PointResult[] }) | undefined;
          if (rep === undefined) {
            rep = { scenario: l.scenario, file: "", seed: l.result.seed, results: [], index: l.scenarioIndex };
            reports.push(rep);
          }
          rep.results.push(l.result);
        }
        output.write(render(reports, format, { timing: lines.every((l) => "wallSeconds" in l.result) }));
      }
      output.close();
    },
  );
}
