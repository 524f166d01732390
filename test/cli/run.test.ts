import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-cli-"));
const scenarios = join(import.meta.dirname, "..", "..", "scenarios");

describe("tofusim run", () => {
  it("prints a table for the quick-start scenario", () => {
    const r = runCli(["run", join(scenarios, "uniform-torus-4x4x4.yaml")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/offered\s+accepted\s+lat mean ns/);
    expect(r.stdout.split("\n").filter((l) => /^\s+0\.\d\s+0\.\d{3}/.test(l))).toHaveLength(5);
    expect(r.stderr).toBe("");
  });

  it("prints JSON with the documented fields, byte-identical for the same scenario and seed (--no-timing)", () => {
    const args = ["run", join(scenarios, "uniform-torus-4x4x4.yaml"), "--format", "json", "--no-timing"];
    const a = runCli(args);
    const b = runCli(args);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const [doc] = JSON.parse(a.stdout) as { scenario: string; seed: number; results: Record<string, unknown>[] }[];
    expect(doc.results).toHaveLength(5);
    for (const key of ["offeredLoad", "acceptedLoad", "latencyNs", "hops", "packetsInjected", "packetsDelivered", "maxLinkUtilization", "events"]) {
      expect(doc.results[0]).toHaveProperty(key);
    }
    expect(doc.results[0]).not.toHaveProperty("wallSeconds");
    expect(doc.results[0].latencyNs).toEqual(expect.objectContaining({ mean: expect.any(Number), p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) }));
    const [withTiming] = JSON.parse(runCli(["run", join(scenarios, "put-torus-4x4x4.yaml"), "--format", "json"]).stdout) as { results: { wallSeconds: number }[] }[];
    expect(withTiming.results[0].wallSeconds).toBeGreaterThanOrEqual(0);
  });

  it("changes the random parts with --seed", () => {
    const run = (seed: string): string => runCli(["run", join(scenarios, "uniform-torus-4x4x4.yaml"), "--format", "json", "--no-timing", "--seed", seed]).stdout;
    expect(run("2")).not.toBe(run("3"));
  });

  it("writes CSV to --out with one row per sweep point", () => {
    const out = join(dir, "put.csv");
    const r = runCli(["run", join(scenarios, "put-torus-4x4x4.yaml"), "--format", "csv", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const rows = readFileSync(out, "utf8").trim().split("\n");
    expect(rows[0]).toBe("scenario,topology,seed,sizeBytes,hops,timeUs,bandwidthGBps,events,deadlock");
    expect(rows).toHaveLength(6);
  });

  it("traffic CSV carries absolute offered and accepted GB/s: the loads times the link bandwidth", () => {
    const r = runCli(["run", join(scenarios, "uniform-torus-4x4x4.yaml"), "--format", "csv", "--set", "workload.offeredLoad=[0.1,0.3]", "--set", "network.linkBandwidthGBps=20"]);
    expect(r.status).toBe(0);
    const [header, ...rows] = r.stdout.trim().split("\n").map((l) => l.split(","));
    const col = (name: string): number => header.indexOf(name);
    expect(col("acceptedGBps")).toBeGreaterThan(0);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Number(row[col("offeredGBps")])).toBeCloseTo(Number(row[col("offeredLoad")]) * 20, 9);
      expect(Number(row[col("acceptedGBps")])).toBeCloseTo(Number(row[col("acceptedLoad")]) * 20, 9);
      expect(Number(row[col("acceptedGBps")])).toBeGreaterThan(0);
    }
  });

  it("a topology or seed sweep shows the topology and the seed once each, in the table and the CSV", () => {
    const f = join(dir, "topologies.yaml");
    writeFileSync(f, "name: t\nseed: [1, 2]\ntopology: [torus-4x4x4, mesh-4x4]\nworkload: { type: put, sizeBytes: 8, from: 0, to: 1 }\n");
    const csv = runCli(["run", f, "--format", "csv"]);
    expect(csv.status).toBe(0);
    const header = csv.stdout.split("\n")[0].split(",");
    expect(header.filter((h) => h === "topology")).toHaveLength(1);
    expect(header.filter((h) => h === "seed")).toHaveLength(1);
    expect(csv.stdout.trim().split("\n")).toHaveLength(5);
    const table = runCli(["run", f]).stdout.split("\n").find((l) => l.startsWith("topology")) ?? "";
    expect(table.match(/topology/g)).toHaveLength(1);
    expect(table.match(/seed/g)).toHaveLength(1);
  });

  it("reports a deadlock with its cycle and exit code 3, not a hang", () => {
    const r = runCli(["run", join(scenarios, "deadlock-no-dateline.yaml")]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/DEADLOCK/);
    expect(r.stdout).toMatch(/deadlock at \d+ ns: \d+ packets stuck, \d+ buffers blocked; cycle of \d+ buffers: \(\d\) in X\+ vc0 -> X\+/);
  });

  it("exits 2 with one line per problem for a bad scenario", () => {
    const f = join(dir, "bad.yaml");
    writeFileSync(f, "name: bad\ntopology: torus-4x4x4\nworkload: { type: traffic, pattern: uniform, messageBytes: -3, offeredLoad: x, measureNs: 1us, colour: red }\n");
    const r = runCli(["run", f]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l).toMatch(new RegExp(`^tofusim: ${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: workload`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 naming the file when the scenario file does not exist", () => {
    const r = runCli(["run", "nowhere.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tofusim: nowhere.yaml: cannot read file: no such file\n");
  });
});

describe("tofusim validate and schema", () => {
  it("validates a good scenario and counts its runs", () => {
    const r = runCli(["validate", join(scenarios, "saturation-torus-8x8.yaml")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok \(20 runs on torus-8x8\)/);
  });

  it("prints a JSON Schema naming the workload types", () => {
    const r = runCli(["schema"]);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(JSON.stringify(schema)).toContain('"traffic"');
    expect(JSON.stringify(schema)).toContain('"put"');
  });
});
