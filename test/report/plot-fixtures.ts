/**
 * Result objects shaped as `tofusim run --format json` prints them (the fields a plot reads and
 * a few it ignores), with values from simple curves: inputs for the plot, not simulator output.
 */

export interface TrafficFixture {
  readonly pattern?: string;
  readonly offeredLoad: number;
  readonly seed?: number;
  readonly latencyNs?: number | null;
  readonly acceptedLoad?: number | null;
  readonly saturated?: boolean;
  readonly topology?: string;
  readonly deadlock?: boolean;
}

export function trafficResult(f: TrafficFixture): Record<string, unknown> {
  const pattern = f.pattern ?? "uniform";
  const latency = f.latencyNs === undefined ? 500 / Math.max(0.05, 1 - f.offeredLoad) : f.latencyNs;
  return {
    topology: f.topology ?? "torus-4x4x4",
    sweep: { "workload.pattern": pattern, "workload.offeredLoad": f.offeredLoad },
    seed: f.seed ?? 1,
    workload: "traffic",
    pattern,
    messageBytes: 1920,
    offeredLoad: f.offeredLoad,
    acceptedLoad: f.acceptedLoad === undefined ? Math.min(f.offeredLoad, 0.6) : f.acceptedLoad,
    latencyNs: latency === null ? null : { mean: latency, p50: latency, p99: 2 * latency, max: 3 * latency },
    hops: 2,
    saturated: f.saturated ?? f.offeredLoad > 0.6,
    deadlock: f.deadlock === true ? { atNs: 1000, message: "deadlock", packetsInFlight: 3, cycle: [] } : null,
  };
}

export interface AllreduceFixture {
  readonly algorithm: string;
  readonly sizeBytes: number;
  readonly topology?: string;
  readonly ranks?: number;
  readonly seed?: number;
  readonly timeUs?: number | null;
  readonly lowerBoundUs?: number;
}

export function allreduceResult(f: AllreduceFixture): Record<string, unknown> {
  const ranks = f.ranks ?? 64;
  const timeUs = f.timeUs === undefined ? 2 + f.sizeBytes / 1000 : f.timeUs;
  const lowerBoundUs = f.lowerBoundUs ?? 0.5 + f.sizeBytes / 4000;
  const alg = timeUs === null ? 0 : f.sizeBytes / (timeUs * 1000);
  return {
    topology: f.topology ?? "torus-4x4x4",
    sweep: { "workload.algorithm": f.algorithm, "workload.sizeBytes": f.sizeBytes },
    seed: f.seed ?? 1,
    workload: "allreduce",
    placement: "linear",
    collective: "allreduce",
    algorithm: f.algorithm,
    ranks,
    sizeBytes: f.sizeBytes,
    timeUs,
    lowerBoundUs,
    analyticUs: timeUs,
    algBandwidthGBps: alg,
    busBandwidthGBps: (alg * 2 * (ranks - 1)) / ranks,
    deadlock: timeUs === null ? { atNs: 1, message: "deadlock", packetsInFlight: 1, cycle: [] } : null,
  };
}

export function putResult(sizeBytes: number, seed = 1): Record<string, unknown> {
  const timeUs = 0.5 + sizeBytes / 6500;
  return {
    topology: "fugaku",
    sweep: { "workload.sizeBytes": sizeBytes },
    seed,
    workload: "put",
    from: [0, 0, 0],
    to: [1, 0, 0],
    sizeBytes,
    hops: 1,
    timeUs,
    bandwidthGBps: sizeBytes / (timeUs * 1000),
    deadlock: null,
  };
}

export const SIZES = [8, 1024, 65536, 1048576];
export const LOADS = [0.1, 0.3, 0.5, 0.7, 0.9];

/** A `run --format json` document. */
export function report(scenario: string, results: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ scenario, seed: 1, results }, null, 2) + "\n";
}
