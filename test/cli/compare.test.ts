import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-compare-"));
const scenario = join(dir, "small.yaml");
writeFileSync(
  scenario,
  `name: small allreduce
topology: torus-4x4x4
host: { sendOverheadNs: 100, receiveOverheadNs: 100, reduceBandwidthGBps: 600 }
workload:
  type: allreduce
  algorithm: [ring, recursive-doubling]
  sizeBytes: [8, 64KiB]
  ranks: 16
  verify: true
`,
);

describe("allreduce scenarios and tofusim compare", () => {
  it("run prints one row per (algorithm, size) with time, bound and verification", () => {
    const r = runCli(["run", scenario]);
    expect(r.status).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^(ring|recursive-doubling)\s/.test(l));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/\s16\s.*\syes\s/);
  });

  it("run --format json gives the documented fields for each result", () => {
    const [doc] = JSON.parse(runCli(["run", scenario, "--format", "json"]).stdout) as { results: Record<string, unknown>[] }[];
    for (const key of ["topology", "collective", "algorithm", "ranks", "sizeBytes", "timeUs", "lowerBoundUs", "algBandwidthGBps", "busBandwidthGBps", "verified", "events", "wallSeconds"]) {
      expect(doc.results[0]).toHaveProperty(key);
    }
    for (const r of doc.results) expect(r.timeUs as number).toBeGreaterThanOrEqual(r.lowerBoundUs as number);
  });

  it("compare runs the workload on each --topology and marks the fastest per size", () => {
    const r = runCli(["compare", scenario, "--topology", "torus-4x4x4", "--topology", "tofu-small"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toMatch(/torus-4x4x4\s+tofu-small/);
    expect(lines[2]).toMatch(/size\s+ring\s+recursive-doubling\s+ring\s+recursive-doubling/);
    const body = lines.filter((l) => /^\s*(8 B|64 KiB)\s/.test(l));
    expect(body).toHaveLength(2);
    for (const row of body) expect(row.split("*").length - 1).toBeGreaterThanOrEqual(1);
  });

  it("compare --format json lists the topologies and every result", () => {
    const doc = JSON.parse(runCli(["compare", scenario, "--topology", "torus-4x4x4", "--topology", "mesh-4x4", "--format", "json", "--no-timing"]).stdout) as {
      topologies: string[];
      results: { topology: string; timeUs: number }[];
    };
    expect(doc.topologies).toEqual(["torus-4x4x4", "mesh-4x4"]);
    expect(doc.results).toHaveLength(8);
  });

  it("compare and run print CSV with one row per result", () => {
    const compare = runCli(["compare", scenario, "--format", "csv"]).stdout.trim().split("\n");
    expect(compare[0]).toBe("topology,model,algorithm,ranks,sizeBytes,timeUs,lowerBoundUs,analyticUs,busBandwidthGBps,verified");
    expect(compare).toHaveLength(5);
    expect(compare[1]).toMatch(/^torus-4x4x4,,ring,16,8,[\d.]+,[\d.]+,[\d.]+,[\d.]+,true$/);
    const run = runCli(["run", scenario, "--format", "csv"]).stdout.trim().split("\n");
    expect(run[0]).toContain("algorithm,algorithmUsed,hardware,placement,ranks,sizeBytes,grid,jobShape,timeUs,lowerBoundUs,analyticUs,algBandwidthGBps,busBandwidthGBps");
    expect(run).toHaveLength(5);
  });

  it("compare --model puts each tier in its own columns: packet and flow side by side, the same sizes", () => {
    const doc = JSON.parse(runCli(["compare", scenario, "--topology", "torus-4x4x4", "--model", "packet", "--model", "flow", "--format", "json", "--no-timing"]).stdout) as {
      topologies: string[];
      results: { topology: string; sweep: Record<string, unknown>; sizeBytes: number; algorithm: string; timeUs: number }[];
    };
    expect(doc.topologies).toEqual(["torus-4x4x4 (packet)", "torus-4x4x4 (flow)"]);
    expect(doc.results).toHaveLength(8);
    const table = runCli(["compare", scenario, "--topology", "torus-4x4x4", "--model", "packet", "--model", "flow"]).stdout.split("\n");
    expect(table[1]).toMatch(/torus-4x4x4 \(packet\)\s+torus-4x4x4 \(flow\)/);
    // A lone message takes the packet model's zero-load time on the flow tier too, so the tiny sizes agree.
    const at = (model: string, algorithm: string, size: number) =>
      doc.results.find((r) => r.sweep["network.model"] === model && r.algorithm === algorithm && r.sizeBytes === size)?.timeUs;
    expect(at("flow", "recursive-doubling", 8)).toBeCloseTo(at("packet", "recursive-doubling", 8) ?? Number.NaN, 6);
  });

  it("compare refuses a scenario that is not an allreduce", () => {
    const r = runCli(["compare", join(import.meta.dirname, "..", "..", "scenarios", "put-torus-4x4x4.yaml")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/workload\.type: tofusim compare needs an allreduce workload, found put/);
  });
});

describe("an allreduce on a deadlocking network", () => {
  it("is reported as a deadlock with exit code 3, its time left blank", () => {
    const f = join(dir, "deadlock.yaml");
    writeFileSync(
      f,
      `name: allreduce deadlock
topology: { shape: [8], wrap: true, axes: [X] }
network: { virtualChannels: 1, bufferBytesPerVc: 2KiB, deadlockTimeoutNs: 20us }
routing: { dateline: false, ties: positive }
workload: { type: allreduce, algorithm: recursive-doubling, sizeBytes: 1MiB }
`,
    );
    const r = runCli(["run", f]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/recursive-doubling\s+8\s+1 MiB\s+-\s+-/);
    expect(r.stdout).toMatch(/deadlock at \d+ ns: .* cycle of \d+ buffers/);
  });
});

describe("review regressions", () => {
  it("reports a deadlock even when last progress + timeout rounds below the deadline (watchdog)", () => {
    const f = join(dir, "watchdog.yaml");
    // Default 1 ms timeout; the last progress lands on a time where now − last < timeout by one ulp.
    writeFileSync(f, "name: w\ntopology: { shape: [8], wrap: true, axes: [X] }\nnetwork: { virtualChannels: 1, bufferBytesPerVc: 1992 }\nrouting: { dateline: false, ties: positive }\nworkload: { type: allreduce, algorithm: recursive-doubling, sizeBytes: 1MiB }\n");
    const r = runCli(["run", f]);
    expect(r.status).toBe(3);
    // The last grant keeps the network "moving" until its packet has fully left; 1 ms after that.
    expect(r.stdout).toMatch(/deadlock at 1595560 ns/);
  });

  it("rejects a zero-byte traffic message (it would make the arrival rate infinite)", () => {
    const f = join(dir, "zero.yaml");
    writeFileSync(f, "name: z\ntopology: torus-4x4x4\nworkload: { type: traffic, pattern: uniform, messageBytes: 0, offeredLoad: 0.1, measureNs: 1us }\n");
    const r = runCli(["validate", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/workload\.messageBytes: .*>=1/);
  });

  it("rejects tofu-3d on a seven-axis topology with exit 2, not a stack trace", () => {
    const f = join(dir, "seven.yaml");
    writeFileSync(f, "name: s\ntopology: { shape: [2, 1, 1, 2, 3, 2, 2], wrap: true, axes: [X, Y, Z, A, B, C, D] }\nworkload: { type: allreduce, algorithm: ring, sizeBytes: 8, placement: tofu-3d }\n");
    const r = runCli(["run", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/workload\.placement: tofu-3d needs a topology with exactly the axes X, Y, Z, A, B, C/);
  });

  it("compare refuses sweeps it cannot show in its table", () => {
    const f = join(dir, "ranks.yaml");
    writeFileSync(f, "name: r\ntopology: torus-4x4x4\nworkload: { type: allreduce, algorithm: ring, sizeBytes: 8, ranks: [8, 16] }\n");
    const r = runCli(["compare", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/workload\.ranks: tofusim compare sweeps only topology, allocation, network\.model, workload\.algorithm, workload\.sizeBytes/);
  });
});
