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
 * What a comparison column is named by: the topology, and the network model tier when the
 * scenario sweeps it (`compare --model`), so packet and flow results stand side by side.
 */
export function comparedTarget(r: AllreducePointResult): string {
  const model = r.sweep["network.model"];
  return model === undefined || model === null ? r.topology : `${r.topology} (${String(model)})`;
}

/**
 * Rows = sizes, columns = topology (and model) × algorithm, cells = time in µs, the fastest of each row
 * marked with `*`.
 */
export function renderComparison(c: Comparison, format: OutputFormat, timing: boolean): string {
  if (format === "json") {
    const results = timing ? c.results : c.results.map(({ wallSeconds: _omit, ...rest }) => rest);
    return JSON.stringify({ scenario: c.scenario, seed: c.seed, topologies: c.topologies, results }, null, 2) + "\n";
  }
  if (format === "csv") {
    const header = "topology,model,algorithm,ranks,sizeBytes,timeUs,lowerBoundUs,analyticUs,busBandwidthGBps,verified";
    const rows = c.results.map((r) =>
      [r.topology, r.sweep["network.model"] ?? "", r.algorithm, r.ranks, r.sizeBytes, r.timeUs, r.lowerBoundUs, r.analyticUs, r.busBandwidthGBps, r.verified ?? ""].join(","),
    );
    return [header, ...rows].join("\n") + "\n";
  }
  const columns: { topology: string; algorithm: string; ranks: number }[] = [];
  for (const r of c.results) {
    const target = comparedTarget(r);
    if (!columns.some((k) => k.topology === target && k.algorithm === r.algorithm)) columns.push({ topology: target, algorithm: r.algorithm, ranks: r.ranks });
  }
  const sizes = [...new Set(c.results.map((r) => r.sizeBytes))].sort((a, b) => a - b);
  const cell = (size: number, k: { topology: string; algorithm: string }): AllreducePointResult | undefined =>
    c.results.find((r) => r.sizeBytes === size && comparedTarget(r) === k.topology && r.algorithm === k.algorithm);
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
