import type { PointResult, ScenarioReport } from "../scenario/runner.js";
import { columnsFor, type Column } from "./columns.js";
import { renderTable } from "./text-table.js";

/** `table`, `json` (one document) and `csv` are written when the run ends; `jsonl` and `csv` rows stream point by point. */
export type OutputFormat = "table" | "json" | "jsonl" | "csv";
export type { ScenarioReport } from "../scenario/runner.js";

export interface RenderOptions {
  /** Leave out wall-clock times, so equal runs give byte-identical output. */
  readonly timing: boolean;
}

export function render(reports: readonly ScenarioReport[], format: OutputFormat, options: RenderOptions): string {
  switch (format) {
    case "json":
      return renderJson(reports, options);
    case "csv":
      return renderCsv(reports);
    case "jsonl":
      return reports.flatMap((rep, s) => rep.results.map((r, p) => jsonLine(rep.scenario, s, p, r, options))).join("");
    case "table":
      return reports.map(renderText).join("\n");
  }
}

function renderJson(reports: readonly ScenarioReport[], options: RenderOptions): string {
  const strip = (r: PointResult): PointResult | Omit<PointResult, "wallSeconds"> => {
    if (options.timing) return r;
    const { wallSeconds: _omit, ...rest } = r;
    return rest;
  };
  // One shape whatever the number of scenarios: a list of scenario documents, in the order given.
  const docs = reports.map((rep) => ({ scenario: rep.scenario, seed: rep.seed, results: rep.results.map(strip) }));
  return JSON.stringify(docs, null, 2) + "\n";
}

/**
 * One result as a line of JSON Lines: the scenario's name, its index among the run's scenarios,
 * the point's index in it, then the result. The indices let `tofusim merge` put shards back in
 * order.
 */
export function jsonLine(scenario: string, scenarioIndex: number, point: number, r: PointResult, options: RenderOptions): string {
  const result = options.timing ? r : stripTiming(r);
  return JSON.stringify({ scenario, scenarioIndex, point, ...result }) + "\n";
}

function stripTiming(r: PointResult): Omit<PointResult, "wallSeconds"> {
  const { wallSeconds: _omit, ...rest } = r;
  return rest;
}

/** The CSV header for these columns (after scenario, topology, seed; deadlock last). */
export function csvHeader(columns: readonly Column<PointResult>[]): string {
  return ["scenario", "topology", "seed", ...columns.map((c) => c.csv), "deadlock"].join(",") + "\n";
}

/** One result as a CSV row under `csvHeader(columns)`. */
export function csvRow(scenario: string, r: PointResult, columns: readonly Column<PointResult>[]): string {
  return [scenario, r.topology, r.seed, ...columns.map((c) => c.value(r)), r.deadlock?.message ?? ""].map(csvCell).join(",") + "\n";
}

function renderCsv(reports: readonly ScenarioReport[]): string {
  const all = reports.flatMap((rep) => rep.results.map((r) => ({ scenario: rep.scenario, r })));
  const columns = columnsFor(all.map((x) => x.r));
  const lines = [csvHeader(columns).trimEnd()];
  for (const { scenario, r } of all) {
    lines.push(csvRow(scenario, r, columns).trimEnd());
  }
  return lines.join("\n") + "\n";
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function renderText(rep: ScenarioReport): string {
  const columns = columnsFor(rep.results).filter((c) => c.csvOnly !== true);
  const topologies = [...new Set(rep.results.map((r) => r.topology))];
  const seeds = [...new Set(rep.results.map((r) => r.seed))];
  // The topology and the seed get a column only when they vary (a sweep), else the title says them.
  const withTopology = topologies.length > 1;
  const withSeed = seeds.length > 1;
  const lead = (r: PointResult): string[] => [...(withTopology ? [r.topology] : []), ...(withSeed ? [String(r.seed)] : [])];
  const rows: string[][] = [[...(withTopology ? ["topology"] : []), ...(withSeed ? ["seed"] : []), ...columns.map((c) => c.header)]];
  for (const r of rep.results) rows.push([...lead(r), ...columns.map((c) => (c.text ? c.text(r) : String(c.value(r))))]);
  const title = `${rep.scenario} (${rep.file})${withTopology ? "" : ` on ${topologies[0]}`}${withSeed ? "" : `, seed ${seeds[0] ?? rep.seed}`}\n`;
  const deadlocks = rep.results.filter((r) => r.deadlock).map((r) => `  ${r.deadlock?.message}`);
  return title + renderTable(rows) + (deadlocks.length > 0 ? `\n${deadlocks.join("\n")}\n` : "");
}
