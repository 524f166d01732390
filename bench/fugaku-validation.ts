/**
 * The fugaku preset against every published measurement it was fitted on or held back from
 * (bench/fugaku-data.ts), as markdown: the IMB point-to-point rows, then every allreduce row —
 * nodes, size, Fujitsu MPI's algorithm, what tofusim ran, measured and simulated µs, their
 * ratio, whether the row was fitted or held back, and the tier it ran on — then the best
 * algorithm per size as measured and as simulated.
 *
 *   npm run validate:fugaku   (or: npm run build && node dist/bench/fugaku-validation.js [--max-packet-bytes 33554432] [--skip-above 268435456] [--params fit.json])
 *
 * Rows up to --max-packet-bytes run at packet level; larger ones on the flow tier (max-min
 * fair flows on the packet model's routes: link and NIC contention kept, buffers and credits
 * left out): a 256 MiB row takes minutes at packet level and seconds on flow; at 32 MiB the two
 * tiers agree within 3%. Rows above --skip-above are left out. The preset's own parameters
 * are used, or those of --params (the JSON fugaku-fit.js prints). About 2 minutes of one core in all.
 */
import { readFileSync } from "node:fs";
import { resolveMachine } from "../src/scenario/machine.js";
import { ALLREDUCE_ROWS, IMB_ROWS, type AllreduceRow } from "./fugaku-data.js";
import { FIT_LOOP_ROWS, FIT_TIER } from "./fugaku-fit-rows.js";
import { allreduceAnswer, imbUs, type MpiParams } from "./fugaku-model.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MAX_PACKET_BYTES = arg("--max-packet-bytes", 32 * 1024 * 1024);
const SKIP_ABOVE = arg("--skip-above", 256 * 1024 * 1024);

/** The preset's parameters, as the fit names them. */
export function presetParams(): MpiParams {
  const m = resolveMachine("fugaku");
  const h = m.host;
  const need = <T>(v: T | null | undefined, name: string): T => {
    if (v === null || v === undefined) throw new Error(`the fugaku preset has no ${name}`);
    return v;
  };
  return {
    sendOverheadNs: h.sendOverheadNs,
    receiveOverheadNs: h.receiveOverheadNs,
    completionOverheadNs: need(h.completionOverheadNs, "completionOverheadNs"),
    eagerCopyGBps: need(h.eagerCopyGBps, "eagerCopyGBps"),
    rendezvousOverheadNs: h.rendezvousOverheadNs ?? 0,
    eagerLimitBytes: need(h.eagerLimitBytes, "eagerLimitBytes"),
    reduceBandwidthGBps: need(h.reduceBandwidthGBps, "reduceBandwidthGBps"),
    callOverheadNs: h.callOverheadNs ?? 0,
    directStepOverheadNs: need(h.directStepOverheadNs, "directStepOverheadNs"),
    barrierStageLatencyNs: need(m.collectives.barrierStageLatencyNs, "barrierStageLatencyNs"),
  };
}

export function formatBytes(b: number): string {
  if (b >= 1 << 20) return `${b / (1 << 20)} MiB`;
  if (b >= 1024) return `${b / 1024} KiB`;
  return `${b} B`;
}

const fmt = (us: number) => (us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2));

type RowSet = "fitted" | "64-node, not fitted" | "held back";

/** fitted: in the fit's objective (fugaku-fit-rows.ts); 64-node, not fitted: same job, never seen by the fit; held back: the 256-node validation. */
function setOf(row: AllreduceRow): RowSet {
  if (row.nodes === 256) return "held back";
  return FIT_LOOP_ROWS.includes(row) ? "fitted" : "64-node, not fitted";
}

function label(row: AllreduceRow): string {
  return row.segmentBytes === undefined ? row.algorithm : `${row.algorithm} (segsize ${formatBytes(row.segmentBytes)})`;
}

function main(): void {
  const at = process.argv.indexOf("--params");
  const params: MpiParams = at >= 0 ? { ...presetParams(), ...(JSON.parse(readFileSync(process.argv[at + 1], "utf8")) as Partial<MpiParams>) } : presetParams();
  console.log(`${at >= 0 ? `parameters of ${process.argv[at + 1]}` : "fugaku preset"}: ${JSON.stringify(params)}\n`);
  calibration(params);
  console.log("\n| IMB test | size | measured µs | tofusim µs | ratio | set | tier |");
  console.log("|---|---|---|---|---|---|---|");
  const imbRatios: number[] = [];
  for (const row of IMB_ROWS) {
    const us = imbUs(row, params, "packet");
    imbRatios.push(us / row.measuredUs);
    console.log(`| ${row.kind === "pingpong" ? "PingPong" : "PingPing"} | ${formatBytes(row.sizeBytes)} | ${fmt(row.measuredUs)} | ${fmt(us)} | ${(us / row.measuredUs).toFixed(2)} | fitted | packet |`);
  }
  console.log("\n| nodes | size | Fujitsu MPI algorithm | tofusim ran | measured µs | tofusim µs | ratio | set | tier |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const results: { row: AllreduceRow; us: number }[] = [];
  for (const row of ALLREDUCE_ROWS) {
    if (row.sizeBytes > SKIP_ABOVE) {
      console.log(`| ${row.nodes} | ${formatBytes(row.sizeBytes)} | ${label(row)} | - | ${fmt(row.measuredUs)} | skipped | - | ${setOf(row)} | - |`);
      continue;
    }
    const tier = row.sizeBytes <= MAX_PACKET_BYTES ? "packet" : "flow";
    const a = allreduceAnswer(row, params, tier);
    results.push({ row, us: a.timeUs });
    const ran = a.segmentBytes === null ? a.algorithmUsed : `${a.algorithmUsed} (${formatBytes(a.segmentBytes)})`;
    console.log(`| ${row.nodes} | ${formatBytes(row.sizeBytes)} | ${label(row)} | ${ran} | ${fmt(row.measuredUs)} | ${fmt(a.timeUs)} | ${(a.timeUs / row.measuredUs).toFixed(2)} | ${setOf(row)} | ${tier} |`);
    console.error(`${row.nodes} ${label(row)} ${row.sizeBytes} (${tier}): ${a.wallSeconds.toFixed(1)} s`);
  }
  summary("IMB (fitted)", imbRatios);
  for (const set of ["fitted", "64-node, not fitted", "held back"] as const) {
    summary(`allreduce, ${set}`, results.filter((r) => setOf(r.row) === set).map((r) => r.us / r.row.measuredUs));
  }
  bestPerSize(results);
}

/** The fit as the optimiser saw it: each row of its objective on the fit's tier (fugaku-fit.ts), with its residual ln(simulated / measured). */
function calibration(params: MpiParams): void {
  console.log(`Calibration: the fit's objective rows on the tier it fits on (${FIT_TIER}), residual = ln(tofusim / measured)\n`);
  console.log(`| row | measured µs | tofusim µs (${FIT_TIER}) | residual |`);
  console.log("|---|---|---|---|");
  const residuals: number[] = [];
  const line = (name: string, measured: number, us: number) => {
    const r = Math.log(us / measured);
    residuals.push(r);
    console.log(`| ${name} | ${fmt(measured)} | ${fmt(us)} | ${r >= 0 ? "+" : "−"}${Math.abs(r).toFixed(2)} |`);
  };
  for (const row of IMB_ROWS) line(`IMB ${row.kind === "pingpong" ? "PingPong" : "PingPing"} ${formatBytes(row.sizeBytes)}`, row.measuredUs, imbUs(row, params, FIT_TIER));
  for (const row of FIT_LOOP_ROWS) line(`64 nodes ${formatBytes(row.sizeBytes)} ${label(row)}`, row.measuredUs, allreduceAnswer(row, params, FIT_TIER).timeUs);
  const mean = residuals.reduce((a, r) => a + Math.abs(r), 0) / residuals.length;
  console.log(`\nfit loss (mean |residual|): ${mean.toFixed(4)} over ${residuals.length} rows`);
}

function summary(name: string, ratios: readonly number[]): void {
  if (ratios.length === 0) return;
  const logs = ratios.map((r) => Math.abs(Math.log(r)));
  const geo = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
  const within2 = ratios.filter((r) => r >= 0.5 && r <= 2).length;
  const worst = ratios.reduce((w, r) => (Math.abs(Math.log(r)) > Math.abs(Math.log(w)) ? r : w), 1);
  console.log(`\n${name}: ${ratios.length} rows, geometric mean error ×${geo.toFixed(2)}, ${within2} within 2×, worst ratio ${worst.toFixed(2)}`);
}

/**
 * Per size at 64 nodes: the fastest of recursive doubling, ring, trix3 and trix6 (each at its
 * best segment size), measured and simulated, and the runner-up algorithm's time on each side
 * (how clear the choice is).
 */
function bestPerSize(results: readonly { row: AllreduceRow; us: number }[]): void {
  const rows = results.filter((r) => r.row.nodes === 64 && r.row.algorithm !== "default" && r.row.sizeBytes > 24);
  const sizes = [...new Set(rows.map((r) => r.row.sizeBytes))].sort((a, b) => a - b);
  console.log("\n| size (64 nodes) | fastest measured | µs | runner-up measured | fastest in tofusim | µs | runner-up in tofusim | same algorithm |");
  console.log("|---|---|---|---|---|---|---|---|");
  // The best row of each algorithm, by a time.
  const perAlgorithm = (at: typeof rows, time: (r: (typeof rows)[number]) => number) => {
    const best = new Map<string, (typeof rows)[number]>();
    for (const r of at) {
      const b = best.get(r.row.algorithm);
      if (b === undefined || time(r) < time(b)) best.set(r.row.algorithm, r);
    }
    return [...best.values()].sort((a, b) => time(a) - time(b));
  };
  for (const size of sizes) {
    const at = rows.filter((r) => r.row.sizeBytes === size);
    const [m1, m2] = perAlgorithm(at, (r) => r.row.measuredUs);
    const [s1, s2] = perAlgorithm(at, (r) => r.us);
    console.log(
      `| ${formatBytes(size)} | ${label(m1.row)} | ${fmt(m1.row.measuredUs)} | ${m2.row.algorithm} ${fmt(m2.row.measuredUs)} | ${label(s1.row)} | ${fmt(s1.us)} | ${s2.row.algorithm} ${fmt(s2.us)} | ${m1.row.algorithm === s1.row.algorithm ? "yes" : "no"} |`,
    );
  }
}

main();
