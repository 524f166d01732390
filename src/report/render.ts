import type { PointResult, ScenarioReport } from "../scenario/runner.js";
import { columnsFor } from "./columns.js";
import { renderTable } from "./text-table.js";

export type OutputFormat = "table" | "json" | "csv";
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
  const docs = reports.map((rep) => ({ scenario: rep.scenario, seed: rep.seed, results: rep.results.map(strip) }));
  return JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2) + "\n";
}

function renderCsv(reports: readonly ScenarioReport[]): string {
  const all = reports.flatMap((rep) => rep.results.map((r) => ({ scenario: rep.scenario, r })));
  const columns = columnsFor(all.map((x) => x.r));
  const header = ["scenario", "topology", "seed", ...columns.map((c) => c.csv)];
  const lines = [header.join(",")];
  for (const { scenario, r } of all) {
    lines.push([scenario, r.topology, r.seed, ...columns.map((c) => c.value(r))].map(csvCell).join(","));
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
  const withTopology = topologies.length > 1;
  const rows: string[][] = [[...(withTopology ? ["topology"] : []), ...columns.map((c) => c.header)]];
  for (const r of rep.results) {
    rows.push([...(withTopology ? [r.topology] : []), ...columns.map((c) => (c.text ? c.text(r) : String(c.value(r))))]);
  }
  const title = `${rep.scenario} (${rep.file})${withTopology ? "" : ` on ${topologies[0]}`}, seed ${rep.seed}\n`;
  const deadlocks = rep.results.filter((r) => r.deadlock).map((r) => `  ${r.deadlock?.message}`);
  return title + renderTable(rows) + (deadlocks.length > 0 ? `\n${deadlocks.join("\n")}\n` : "");
}
