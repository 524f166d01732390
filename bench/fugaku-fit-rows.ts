/**
 * Which measurements the fugaku fit sees (bench/fugaku-fit.ts). All IMB rows; of the 64-node
 * allreduce rows up to 32 MiB (the fitted set), the optimiser's loop evaluates a subset that
 * spans every algorithm, protocol and size band — the machine the fit runs on is shared and
 * slow — and the validation reports every row of the set.
 */
import type { NetworkModelKind } from "../src/network/index.js";
import { ALLREDUCE_ROWS, type AllreduceRow } from "./fugaku-data.js";

/**
 * The tier the fit evaluates its rows on: flow, which sees the link sharing the packet model
 * sees (the 4 MiB ring: 2,780 µs contention-free, 4,879 µs at packet level) at a fraction of
 * its cost. (An ideal-tier fit misses it and left the 256 MiB validation row at 1.96×.)
 */
export const FIT_TIER: NetworkModelKind = "flow";

/** Larger 64-node rows cost too much to simulate in the fit's loop (they are reported, not fitted). */
export const FIT_MAX_BYTES = 32 * 1024 * 1024;

export const FIT_ALLREDUCE_ROWS = ALLREDUCE_ROWS.filter((r) => r.nodes === 64 && r.sizeBytes <= FIT_MAX_BYTES);

const KIB = 1024;
const MIB = 1024 * KIB;
const LOOP: readonly [AllreduceRow["algorithm"], number, number?][] = [
  ["default", 4],
  ["recursive_doubling", 32],
  ["recursive_doubling", 2 * KIB],
  ["recursive_doubling", 8 * KIB],
  ["recursive_doubling", 64 * KIB],
  ["recursive_doubling", 512 * KIB],
  ["recursive_doubling", 4 * MIB],
  ["ring", 2 * KIB],
  ["ring", 64 * KIB],
  ["ring", 512 * KIB],
  ["ring", 4 * MIB],
  ["trinaryx3", 32, 4 * KIB],
  ["trinaryx3", 8 * KIB, 4 * KIB],
  ["trinaryx3", 64 * KIB, 4 * KIB],
  ["trinaryx3", 512 * KIB, 16 * KIB],
  ["trinaryx3", 4 * MIB, 16 * KIB],
  ["trinaryx3", 4 * MIB, 64 * KIB],
  ["trinaryx6", 32, 4 * KIB],
  ["trinaryx6", 512 * KIB, 16 * KIB],
  ["trinaryx6", 4 * MIB, 64 * KIB],
];

/** The subset the optimiser evaluates at every step. */
export const FIT_LOOP_ROWS: readonly AllreduceRow[] = LOOP.map(([algorithm, sizeBytes, segmentBytes]) => {
  const row = FIT_ALLREDUCE_ROWS.find((r) => r.algorithm === algorithm && r.sizeBytes === sizeBytes && r.segmentBytes === segmentBytes);
  if (row === undefined) throw new Error(`no 64-node row ${algorithm} ${sizeBytes} ${segmentBytes ?? ""}`);
  return row;
});
