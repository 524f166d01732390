/**
 * Published Fugaku measurements the fugaku preset is calibrated on and validated against.
 *
 * - IMB PingPong / PingPing (Fujitsu MPI, 2 nodes, 1 rank per node): RIKEN "Perf-MPI.pdf"
 *   (https://www.fugaku.r-ccs.riken.jp/doc_root/en/user_guides/perf/Perf-MPI.pdf, login only),
 *   read through the CSV copies in github.com/giordano/julia-on-fugaku
 *   `benchmarks/mpi-point-to-point/riken_imb_*.csv`, which name that PDF as their source.
 *   PingPong: half the round trip; PingPing: one simultaneous exchange.
 * - MPI_Allreduce (Fujitsu MPI, MPI_INT32 + MPI_SUM, 1 rank per node; median over iterations of
 *   the slowest rank): github.com/HLC-Lab/bine_trees_fugaku `data/fugaku/2024_09_09_21_18_55`
 *   (64 nodes, `node=4x4x4:torus`, `rank-map-bynode=XZY`: every stats file of that period prints
 *   this shape and map) and `data/fugaku/2024_09_26_00_27_32` (256 nodes, default algorithm
 *   only; its shape 4x8x8 with the default XYZ map is inferred from the ranks' hostnames).
 *   Reduced in ../shared/references/fugaku-allreduce.md and the issue-11 research note.
 */

export interface ImbRow {
  readonly kind: "pingpong" | "pingping";
  readonly sizeBytes: number;
  readonly measuredUs: number;
}

const KIB = 1024;
const MIB = 1024 * 1024;

const IMB_SIZES = [0, 8, 32, 128, 256, KIB, 2 * KIB, 4 * KIB, 8 * KIB, 16 * KIB, 32 * KIB, 64 * KIB, 128 * KIB, MIB, 4 * MIB];
const PINGPONG_US = [1.05, 1.05, 1.33, 1.32, 1.56, 1.98, 2.25, 2.76, 3.9, 7.27, 11.5, 17.1, 27.6, 172, 668];
const PINGPING_US = [2.05, 2.17, 2.49, 2.49, 2.71, 2.96, 3.33, 3.9, 5.1, 7.65, 11.9, 18.9, 29.4, 174, 670];

export const IMB_ROWS: readonly ImbRow[] = [
  ...IMB_SIZES.map((sizeBytes, i) => ({ kind: "pingpong" as const, sizeBytes, measuredUs: PINGPONG_US[i] })),
  ...IMB_SIZES.map((sizeBytes, i) => ({ kind: "pingping" as const, sizeBytes, measuredUs: PINGPING_US[i] })),
];

/** An allreduce measurement: Fujitsu MPI's algorithm name as forced (or `default`), segment size when forced. */
export interface AllreduceRow {
  readonly nodes: 64 | 256;
  readonly sizeBytes: number;
  readonly algorithm: "default" | "recursive_doubling" | "ring" | "trinaryx3" | "trinaryx6";
  /** The segment size Fujitsu MPI ran the trinaryx algorithm with. */
  readonly segmentBytes?: number;
  readonly measuredUs: number;
}

/**
 * Every default, recursive_doubling, ring, trinaryx3 and trinaryx6 row of the two runs (sizes
 * 4 B to 256 MiB = 1 to 67,108,864 int32 elements), reduced by tofusim's authors from the raw
 * per-rank CSVs (median over the 100 iterations of the slowest rank's time); the rows that
 * fugaku-allreduce.md and the research note print agree with these to the figure.
 */
export const ALLREDUCE_ROWS: readonly AllreduceRow[] = [
  { nodes: 64, sizeBytes: 4, algorithm: "default", measuredUs: 3.6 },
  { nodes: 64, sizeBytes: 32, algorithm: "default", measuredUs: 19.0 },
  { nodes: 64, sizeBytes: 256, algorithm: "default", measuredUs: 20.6 },
  { nodes: 64, sizeBytes: 2048, algorithm: "default", measuredUs: 25.4 },
  { nodes: 64, sizeBytes: 8192, algorithm: "default", measuredUs: 37.8 },
  { nodes: 64, sizeBytes: 65536, algorithm: "default", measuredUs: 154.3 },
  { nodes: 64, sizeBytes: 524288, algorithm: "default", measuredUs: 240.9 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "default", measuredUs: 1033.6 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "default", measuredUs: 5289.7 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "default", measuredUs: 33966.2 },
  { nodes: 64, sizeBytes: 4, algorithm: "recursive_doubling", measuredUs: 3.7 },
  { nodes: 64, sizeBytes: 32, algorithm: "recursive_doubling", measuredUs: 17.6 },
  { nodes: 64, sizeBytes: 256, algorithm: "recursive_doubling", measuredUs: 19.3 },
  { nodes: 64, sizeBytes: 2048, algorithm: "recursive_doubling", measuredUs: 24.1 },
  { nodes: 64, sizeBytes: 8192, algorithm: "recursive_doubling", measuredUs: 36.5 },
  { nodes: 64, sizeBytes: 65536, algorithm: "recursive_doubling", measuredUs: 152.2 },
  { nodes: 64, sizeBytes: 524288, algorithm: "recursive_doubling", measuredUs: 739.7 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "recursive_doubling", measuredUs: 5665.1 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "recursive_doubling", measuredUs: 43231.8 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "recursive_doubling", measuredUs: 659122.7 },
  { nodes: 64, sizeBytes: 4, algorithm: "ring", measuredUs: 3.8 },
  { nodes: 64, sizeBytes: 32, algorithm: "ring", measuredUs: 20.3 },
  { nodes: 64, sizeBytes: 256, algorithm: "ring", measuredUs: 282.6 },
  { nodes: 64, sizeBytes: 2048, algorithm: "ring", measuredUs: 319.1 },
  { nodes: 64, sizeBytes: 8192, algorithm: "ring", measuredUs: 318.9 },
  { nodes: 64, sizeBytes: 65536, algorithm: "ring", measuredUs: 385.3 },
  { nodes: 64, sizeBytes: 524288, algorithm: "ring", measuredUs: 749.1 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "ring", measuredUs: 4293.9 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "ring", measuredUs: 33142.0 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "ring", measuredUs: 263481.2 },
  { nodes: 64, sizeBytes: 4, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 3.7 },
  { nodes: 64, sizeBytes: 32, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 63.5 },
  { nodes: 64, sizeBytes: 256, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 66.3 },
  { nodes: 64, sizeBytes: 2048, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 76.1 },
  { nodes: 64, sizeBytes: 8192, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 85.5 },
  { nodes: 64, sizeBytes: 65536, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 114.8 },
  { nodes: 64, sizeBytes: 524288, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 318.7 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 2077.2 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 16333.5 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "trinaryx3", segmentBytes: 4096, measuredUs: 148167.3 },
  { nodes: 64, sizeBytes: 4, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 3.8 },
  { nodes: 64, sizeBytes: 32, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 63.4 },
  { nodes: 64, sizeBytes: 256, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 66.1 },
  { nodes: 64, sizeBytes: 2048, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 76.0 },
  { nodes: 64, sizeBytes: 8192, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 97.0 },
  { nodes: 64, sizeBytes: 65536, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 141.3 },
  { nodes: 64, sizeBytes: 524288, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 241.1 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 998.7 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 7369.6 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "trinaryx3", segmentBytes: 16384, measuredUs: 63066.5 },
  { nodes: 64, sizeBytes: 4, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 3.7 },
  { nodes: 64, sizeBytes: 32, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 64.0 },
  { nodes: 64, sizeBytes: 256, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 66.7 },
  { nodes: 64, sizeBytes: 2048, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 75.7 },
  { nodes: 64, sizeBytes: 8192, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 97.5 },
  { nodes: 64, sizeBytes: 65536, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 302.4 },
  { nodes: 64, sizeBytes: 524288, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 369.2 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 948.3 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 5259.1 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "trinaryx3", segmentBytes: 65536, measuredUs: 34613.9 },
  { nodes: 64, sizeBytes: 4, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 3.8 },
  { nodes: 64, sizeBytes: 32, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 66.9 },
  { nodes: 64, sizeBytes: 256, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 69.3 },
  { nodes: 64, sizeBytes: 2048, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 78.9 },
  { nodes: 64, sizeBytes: 8192, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 88.5 },
  { nodes: 64, sizeBytes: 65536, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 125.0 },
  { nodes: 64, sizeBytes: 524288, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 371.6 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 2348.2 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 17901.7 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "trinaryx6", segmentBytes: 4096, measuredUs: 139675.6 },
  { nodes: 64, sizeBytes: 4, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 3.6 },
  { nodes: 64, sizeBytes: 32, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 67.0 },
  { nodes: 64, sizeBytes: 256, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 69.1 },
  { nodes: 64, sizeBytes: 2048, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 79.4 },
  { nodes: 64, sizeBytes: 8192, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 100.1 },
  { nodes: 64, sizeBytes: 65536, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 141.2 },
  { nodes: 64, sizeBytes: 524288, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 242.2 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 1105.2 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 7423.2 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "trinaryx6", segmentBytes: 16384, measuredUs: 54239.5 },
  { nodes: 64, sizeBytes: 4, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 3.6 },
  { nodes: 64, sizeBytes: 32, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 66.6 },
  { nodes: 64, sizeBytes: 256, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 69.7 },
  { nodes: 64, sizeBytes: 2048, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 79.4 },
  { nodes: 64, sizeBytes: 8192, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 100.2 },
  { nodes: 64, sizeBytes: 65536, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 305.9 },
  { nodes: 64, sizeBytes: 524288, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 360.2 },
  { nodes: 64, sizeBytes: 4194304, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 889.3 },
  { nodes: 64, sizeBytes: 33554432, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 4394.6 },
  { nodes: 64, sizeBytes: 268435456, algorithm: "trinaryx6", segmentBytes: 65536, measuredUs: 28725.2 },
  { nodes: 256, sizeBytes: 4, algorithm: "default", measuredUs: 4.7 },
  { nodes: 256, sizeBytes: 32, algorithm: "default", measuredUs: 25.5 },
  { nodes: 256, sizeBytes: 256, algorithm: "default", measuredUs: 27.1 },
  { nodes: 256, sizeBytes: 2048, algorithm: "default", measuredUs: 34.3 },
  { nodes: 256, sizeBytes: 8192, algorithm: "default", measuredUs: 55.1 },
  { nodes: 256, sizeBytes: 65536, algorithm: "default", measuredUs: 329.2 },
  { nodes: 256, sizeBytes: 524288, algorithm: "default", measuredUs: 332.9 },
  { nodes: 256, sizeBytes: 4194304, algorithm: "default", measuredUs: 1166.2 },
  { nodes: 256, sizeBytes: 33554432, algorithm: "default", measuredUs: 5524.4 },
  { nodes: 256, sizeBytes: 268435456, algorithm: "default", measuredUs: 34858.3 },
];

/** The jobs the measurements ran as. */
export const JOBS = {
  64: { nodes: [4, 4, 4], mode: "torus", rankMap: "XZY" },
  256: { nodes: [4, 8, 8], mode: "torus", rankMap: "XYZ" },
} as const;
