import { fixedSignificant, formatBytes } from "../input/units.js";
import type { PointResult, ResultOf } from "../scenario/runner.js";
import type { OutputFormat } from "./render.js";
import { renderTable } from "./text-table.js";

type AllreducePointResult = ResultOf<"allreduce">;

export interface Comparison {
  readonly scenario: string;
  readonly seed: number;
  readonly topologies: readonly string[];
  readonly results: readonly AllreducePointResult[];
}

/** Only allreduce results can be compared across topologies. */
export function isAllreduce(r: PointResult): r is AllreducePointResult {
  return r.workload === "allreduce";
}

/**
 * Rows = sizes, columns = topology × algorithm, cells = time in µs, the fastest of each row
 * marked with `*`.
 */
export function renderComparison(c: Comparison, format: OutputFormat, timing: boolean): string {
  if (format === "json") {
    const results = timing ? c.results : c.results.map(({ wallSeconds: _omit, ...rest }) => rest);
    return JSON.stringify({ scenario: c.scenario, seed: c.seed, topologies: c.topologies, results }, null, 2) + "\n";
  }
  if (format === "csv") {
    const header = "topology,algorithm,ranks,sizeBytes,timeUs,lowerBoundUs,analyticUs,busBandwidthGBps,verified";
    const rows = c.results.map((r) =>
      [r.topology, r.algorithm, r.ranks, r.sizeBytes, r.timeUs, r.lowerBoundUs, r.analyticUs, r.busBandwidthGBps, r.verified ?? ""].join(","),
    );
    return [header, ...rows].join("\n") + "\n";
  }
  const columns: { topology: string; algorithm: string; ranks: number }[] = [];
  for (const r of c.results) {
    if (!columns.some((k) => k.topology === r.topology && k.algorithm === r.algorithm)) columns.push({ topology: r.topology, algorithm: r.algorithm, ranks: r.ranks });
  }
  const sizes = [...new Set(c.results.map((r) => r.sizeBytes))].sort((a, b) => a - b);
  const cell = (size: number, k: { topology: string; algorithm: string }): AllreducePointResult | undefined =>
    c.results.find((r) => r.sizeBytes === size && r.topology === k.topology && r.algorithm === k.algorithm);
  // Two header rows: the topology over its first column, then the algorithms.
  const rows: string[][] = [
    ["", ...columns.map((k, i) => (i === 0 || columns[i - 1].topology !== k.topology ? k.topology : ""))],
    ["size", ...columns.map((k) => k.algorithm)],
  ];
  for (const size of sizes) {
    // A deadlocked run has no time (NaN): shown as "-" and never the fastest.
    const times = columns.map((k) => cell(size, k)?.timeUs ?? Number.NaN);
    const best = Math.min(...times.filter((t) => !Number.isNaN(t)));
    rows.push([formatBytes(size), ...times.map((t) => (Number.isNaN(t) ? "-" : `${fixedSignificant(t)}${t === best ? "*" : " "}`))]);
  }
  const ranks = [...new Set(columns.map((k) => `${k.topology}: ${k.ranks} ranks`))].join(", ");
  return `${c.scenario}: allreduce time in us (* fastest per size); ${ranks}\n` + renderTable(rows, undefined, 2);
}
