import { DEFAULT_NETWORK, type NetworkConfig } from "../src/network/index.js";
import { TorusTopology } from "../src/topology/index.js";

export interface Timed<T> {
  readonly value: T;
  readonly seconds: number;
}

export function timeIt<T>(fn: () => T): Timed<T> {
  const start = process.hrtime.bigint();
  const value = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { value, seconds };
}

export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`\n${title}`);
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

export function peakMemoryMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Fugaku's X, Y, Z in Tofu units (topologies/fugaku.yaml). */
export const FUGAKU_XYZ = [24, 23, 24] as const;

/**
 * A torus-mode block of Fugaku of `units` Tofu units along X, Y, Z (× 2×3×2): rings only on
 * the axes it spans whole, as the job manager gives them.
 */
export function fugakuBlock(units: readonly number[]): TorusTopology {
  const [x, y, z] = units;
  return new TorusTopology({
    shape: [x, y, z, 2, 3, 2],
    wrap: [x === FUGAKU_XYZ[0], y === FUGAKU_XYZ[1], z === FUGAKU_XYZ[2], false, true, false],
    axes: ["X", "Y", "Z", "A", "B", "C"],
  });
}

/** The fugaku preset's packet parameters over the defaults (topologies/fugaku.yaml). */
export const FUGAKU_PACKET_NETWORK: NetworkConfig = {
  ...DEFAULT_NETWORK,
  packetHeaderBytes: 144,
  injectionPorts: 6,
  routerLatencyNs: 100,
  linkLatencyNs: 20,
  nicLatencyNs: 247.65,
};
