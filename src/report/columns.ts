import type { PointResult } from "../scenario/runner.js";
import { WORKLOADS, type Column, type WorkloadType } from "../workload/index.js";

export type { Column } from "../workload/index.js";

/**
 * The columns of a set of results: a column per swept field not already shown by a workload
 * column (nor by the topology and seed columns every output has), then each workload's own columns. Results of one workload type get that workload's
 * columns; results of several types get a `workload` column and the union of their columns
 * (a cell is empty where a result's workload has no such column), so the table stays
 * rectangular.
 */
export function columnsFor(results: readonly PointResult[]): Column<PointResult>[] {
  return columnsOf([...new Set(results.map((r) => r.workload))], [...new Set(results.flatMap((r) => Object.keys(r.sweep)))]);
}

/** The columns for results of these workload types and swept fields, known before any point runs. */
export function columnsOf(workloadTypes: readonly WorkloadType[], sweptFields: readonly string[]): Column<PointResult>[] {
  const kinds = [...new Set(workloadTypes)];
  const own = new Set(kinds.flatMap((k) => WORKLOADS[k].ownSweepKeys));
  // The topology and the seed have columns of their own (render.ts), so their sweeps add none.
  const sweepKeys = [...new Set(sweptFields)].filter((k) => k !== "topology" && k !== "seed");
  const sweepColumns: Column<PointResult>[] = sweepKeys
    .filter((k) => !own.has(k) || kinds.length > 1)
    .map((k) => ({ header: k.replace(/^(workload|network|routing)\./, ""), csv: k, value: (r) => r.sweep[k] ?? null }));
  if (kinds.length <= 1) {
    const kind = kinds[0] ?? "traffic";
    return [...sweepColumns, ...(WORKLOADS[kind].columns as readonly Column<PointResult>[])];
  }
  const merged: Column<PointResult>[] = [{ header: "workload", csv: "workload", value: (r) => r.workload }];
  for (const kind of kinds) {
    for (const column of WORKLOADS[kind].columns as readonly Column<PointResult>[]) {
      if (merged.some((c) => c.csv === column.csv)) continue;
      merged.push({
        ...column,
        value: (r) => (WORKLOADS[r.workload].columns.some((c) => c.csv === column.csv) ? ownValue(r, column.csv) : null),
        text: (r) => {
          const c = (WORKLOADS[r.workload].columns as readonly Column<PointResult>[]).find((x) => x.csv === column.csv);
          return c === undefined ? "" : c.text !== undefined ? c.text(r) : String(c.value(r));
        },
      });
    }
  }
  return [...sweepColumns, ...merged];
}

/** The value of column `csv` as the result's own workload defines it. */
function ownValue(r: PointResult, csv: string): number | string | boolean | null {
  const c = (WORKLOADS[r.workload].columns as readonly Column<PointResult>[]).find((x) => x.csv === csv);
  return c === undefined ? null : c.value(r);
}
