/**
 * The fugaku preset against every published measurement it was fitted on or held back from
 * (bench/fugaku-data.ts), as markdown: the IMB point-to-point rows, then every allreduce row —
 * nodes, size, Fujitsu MPI's algorithm, what tofusim ran, measured and simulated µs, their
 * ratio, whether the row was fitted or held back, and the tier it ran on — then the best
 * algorithm per size as measured and as simulated.
 *
 *   npm run build && node dist/bench/fugaku-validation.js [--max-packet-bytes 4194304] [--skip-above 268435456]
 *
 * Rows up to --max-packet-bytes run at packet level; larger ones on the ideal tier
 * (contention-free, message level), since packet level takes hours there; rows above
 * --skip-above are left out. The preset's own parameters are used (no overrides).
 */
import { resolveMachine } from "../src/scenario/machine.js";
import { ALLREDUCE_ROWS, IMB_ROWS, type AllreduceRow } from "./fugaku-data.js";
import { FIT_MAX_BYTES } from "./fugaku-fit-rows.js";
import { allreduceAnswer, imbUs, type MpiParams } from "./fugaku-model.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MAX_PACKET_BYTES = arg("--max-packet-bytes", 4 * 1024 * 1024);
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

function setOf(row: AllreduceRow): "fitted" | "held back" | "64-node, not fitted" {
  if (row.nodes === 256) return "held back";
  return row.sizeBytes <= FIT_MAX_BYTES ? "fitted" : "64-node, not fitted";
}

function label(row: AllreduceRow): string {
  return row.segmentBytes === undefined ? row.algorithm : `${row.algorithm} (segsize ${formatBytes(row.segmentBytes)})`;
}

function main(): void {
  const params = presetParams();
  console.log(`fugaku preset: ${JSON.stringify(params)}\n`);
  console.log("| IMB test | size | measured µs | tofusim µs | ratio | set |");
  console.log("|---|---|---|---|---|---|");
  const imbRatios: number[] = [];
  for (const row of IMB_ROWS) {
    const us = imbUs(row, params, "packet");
    imbRatios.push(us / row.measuredUs);
    console.log(`| ${row.kind === "pingpong" ? "PingPong" : "PingPing"} | ${formatBytes(row.sizeBytes)} | ${fmt(row.measuredUs)} | ${fmt(us)} | ${(us / row.measuredUs).toFixed(2)} | fitted |`);
  }
  console.log("\n| nodes | size | Fujitsu MPI algorithm | tofusim ran | measured µs | tofusim µs | ratio | set | tier |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const results: { row: AllreduceRow; us: number }[] = [];
  for (const row of ALLREDUCE_ROWS) {
    if (row.sizeBytes > SKIP_ABOVE) {
      console.log(`| ${row.nodes} | ${formatBytes(row.sizeBytes)} | ${label(row)} | - | ${fmt(row.measuredUs)} | skipped | - | ${setOf(row)} | - |`);
      continue;
    }
    const tier = row.sizeBytes <= MAX_PACKET_BYTES ? "packet" : "ideal";
    const a = allreduceAnswer(row, params, tier);
    results.push({ row, us: a.timeUs });
    const ran = a.segmentBytes === null ? a.algorithmUsed : `${a.algorithmUsed} (${formatBytes(a.segmentBytes)})`;
    console.log(`| ${row.nodes} | ${formatBytes(row.sizeBytes)} | ${label(row)} | ${ran} | ${fmt(row.measuredUs)} | ${fmt(a.timeUs)} | ${(a.timeUs / row.measuredUs).toFixed(2)} | ${setOf(row)} | ${tier} |`);
    console.error(`${row.nodes} ${label(row)} ${row.sizeBytes}: ${a.wallSeconds.toFixed(1)} s`);
  }
  summary("IMB (fitted)", imbRatios);
  for (const set of ["fitted", "64-node, not fitted", "held back"] as const) {
    summary(`allreduce, ${set}`, results.filter((r) => setOf(r.row) === set).map((r) => r.us / r.row.measuredUs));
  }
  bestPerSize(results);
}

function summary(name: string, ratios: readonly number[]): void {
  if (ratios.length === 0) return;
  const logs = ratios.map((r) => Math.abs(Math.log(r)));
  const geo = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
  const within2 = ratios.filter((r) => r >= 0.5 && r <= 2).length;
  const worst = ratios.reduce((w, r) => (Math.abs(Math.log(r)) > Math.abs(Math.log(w)) ? r : w), 1);
  console.log(`\n${name}: ${ratios.length} rows, geometric mean error ×${geo.toFixed(2)}, ${within2} within 2×, worst ratio ${worst.toFixed(2)}`);
}

/** Per size at 64 nodes: the fastest of recursive doubling, ring, trix3 and trix6 (each at its best segment size), measured and simulated. */
function bestPerSize(results: readonly { row: AllreduceRow; us: number }[]): void {
  const rows = results.filter((r) => r.row.nodes === 64 && r.row.algorithm !== "default" && r.row.sizeBytes > 24);
  const sizes = [...new Set(rows.map((r) => r.row.sizeBytes))].sort((a, b) => a - b);
  console.log("\n| size (64 nodes) | fastest measured | µs | fastest in tofusim | µs | same |");
  console.log("|---|---|---|---|---|---|");
  for (const size of sizes) {
    const at = rows.filter((r) => r.row.sizeBytes === size);
    const measured = at.reduce((b, r) => (r.row.measuredUs < b.row.measuredUs ? r : b));
    const simulated = at.reduce((b, r) => (r.us < b.us ? r : b));
    const name = (r: AllreduceRow) => r.algorithm;
    console.log(`| ${formatBytes(size)} | ${label(measured.row)} | ${fmt(measured.row.measuredUs)} | ${label(simulated.row)} | ${fmt(simulated.us)} | ${name(measured.row) === name(simulated.row) ? "yes" : "no"} |`);
  }
}

main();
