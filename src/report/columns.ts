import type { AllreducePointResult, InjectionPointResult, PointResult, PutPointResult, TrafficPointResult } from "../scenario/runner.js";
import { formatBytes } from "../scenario/units.js";

/** A result column: its header (units in it) and how to read its value. */
export interface Column<R> {
  readonly header: string;
  readonly csv: string;
  readonly value: (r: R) => number | string | boolean | null;
  /** How the text table shows the value. */
  readonly text?: (r: R) => string;
  /** Only in CSV (the table shows it inside another column). */
  readonly csvOnly?: boolean;
}

const fixed = (digits: number) => (x: number | string | boolean | null): string => (typeof x === "number" ? x.toFixed(digits) : String(x));

const trafficColumns: Column<TrafficPointResult>[] = [
  { header: "offered", csv: "offeredLoad", value: (r) => r.offeredLoad },
  { header: "accepted", csv: "acceptedLoad", value: (r) => r.acceptedLoad, text: (r) => r.acceptedLoad.toFixed(3) },
  { header: "lat mean ns", csv: "latencyNs.mean", value: (r) => r.latencyNs.mean, text: (r) => fixed(0)(r.latencyNs.mean) },
  { header: "p50 ns", csv: "latencyNs.p50", value: (r) => r.latencyNs.p50, text: (r) => fixed(0)(r.latencyNs.p50) },
  { header: "p99 ns", csv: "latencyNs.p99", value: (r) => r.latencyNs.p99, text: (r) => fixed(0)(r.latencyNs.p99) },
  { header: "max ns", csv: "latencyNs.max", value: (r) => r.latencyNs.max, text: (r) => fixed(0)(r.latencyNs.max) },
  { header: "hops", csv: "hops", value: (r) => r.hops, text: (r) => r.hops.toFixed(2) },
  { header: "max link util", csv: "maxLinkUtilization", value: (r) => r.maxLinkUtilization, text: (r) => r.maxLinkUtilization.toFixed(2) },
  { header: "packets", csv: "packetsMeasured", value: (r) => r.packetsMeasured },
  { header: "saturated", csv: "saturated", value: (r) => r.saturated, text: (r) => (r.deadlock ? "DEADLOCK" : r.saturated ? "yes" : "no") },
  { header: "events", csv: "events", value: (r) => r.events },
];

const putColumns: Column<PutPointResult>[] = [
  { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
  { header: "hops", csv: "hops", value: (r) => r.hops },
  { header: "time us", csv: "timeUs", value: (r) => r.timeUs, text: (r) => fixedSignificant(r.timeUs) },
  { header: "bandwidth GB/s", csv: "bandwidthGBps", value: (r) => r.bandwidthGBps, text: (r) => r.bandwidthGBps.toFixed(3) },
  { header: "events", csv: "events", value: (r) => r.events },
];

const injectionColumns: Column<InjectionPointResult>[] = [
  { header: "neighbors", csv: "neighbors", value: (r) => r.neighbors },
  { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
  { header: "time us", csv: "timeUs", value: (r) => r.timeUs, text: (r) => fixedSignificant(r.timeUs) },
  { header: "bandwidth GB/s", csv: "bandwidthGBps", value: (r) => r.bandwidthGBps, text: (r) => r.bandwidthGBps.toFixed(3) },
  { header: "events", csv: "events", value: (r) => r.events },
];

const allreduceColumns: Column<AllreducePointResult>[] = [
  { header: "algorithm", csv: "algorithm", value: (r) => r.algorithm, text: (r) => (r.algorithm === r.algorithmUsed ? r.algorithm : `${r.algorithm}→${r.algorithmUsed}`) },
  { header: "used", csv: "algorithmUsed", value: (r) => r.algorithmUsed, csvOnly: true },
  { header: "ranks", csv: "ranks", value: (r) => r.ranks },
  { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
  { header: "time us", csv: "timeUs", value: (r) => r.timeUs, text: (r) => fixedSignificant(r.timeUs) },
  { header: "bound us", csv: "lowerBoundUs", value: (r) => r.lowerBoundUs, text: (r) => fixedSignificant(r.lowerBoundUs) },
  { header: "α-β-γ us", csv: "analyticUs", value: (r) => r.analyticUs, text: (r) => fixedSignificant(r.analyticUs) },
  { header: "busbw GB/s", csv: "busBandwidthGBps", value: (r) => r.busBandwidthGBps, text: (r) => r.busBandwidthGBps.toFixed(3) },
  { header: "verified", csv: "verified", value: (r) => r.verified, text: (r) => (r.verified === null ? "-" : r.verified ? "yes" : "NO") },
  { header: "messages", csv: "messages", value: (r) => r.messages },
  { header: "links used", csv: "linksUsed", value: (r) => r.linksUsed },
  { header: "max link util", csv: "maxLinkUtilization", value: (r) => r.maxLinkUtilization, text: (r) => r.maxLinkUtilization.toFixed(2) },
  { header: "events", csv: "events", value: (r) => r.events },
];

/** 3 decimals below 10, fewer above: 0.490, 12.35, 1234.6. */
export function fixedSignificant(x: number): string {
  if (Number.isNaN(x)) return "-";
  if (x >= 1000) return x.toFixed(1);
  if (x >= 10) return x.toFixed(2);
  return x.toFixed(3);
}

export function columnsFor(results: readonly PointResult[]): Column<PointResult>[] {
  const kind = results[0]?.workload;
  const sweepKeys = [...new Set(results.flatMap((r) => Object.keys(r.sweep)))];
  // Columns already shown by the workload's own columns need no sweep column.
  const own =
    kind === "traffic" ? ["workload.offeredLoad"]
    : kind === "injection" ? ["workload.sizeBytes", "workload.neighbors"]
    : kind === "allreduce" ? ["workload.sizeBytes", "workload.algorithm", "workload.ranks"]
    : ["workload.sizeBytes"];
  const sweepColumns: Column<PointResult>[] = sweepKeys
    .filter((k) => !own.includes(k))
    .map((k) => ({ header: k.replace(/^(workload|network|routing)\./, ""), csv: k, value: (r) => r.sweep[k] ?? null }));
  const base = (
    kind === "put" ? putColumns : kind === "injection" ? injectionColumns : kind === "allreduce" ? allreduceColumns : trafficColumns
  ) as Column<PointResult>[];
  return [...sweepColumns, ...base];
}
