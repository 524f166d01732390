import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-exec-"));
const scenarios = join(import.meta.dirname, "..", "..", "scenarios");
const allreduce = join(scenarios, "allreduce-torus-4x4x4.yaml");
/** Every algorithm of allreduce-torus-4x4x4 at two small sizes: 14 quick points. */
const small = ["--set", "workload.sizeBytes=[8, 1KiB]"];
const put = join(scenarios, "put-torus-4x4x4.yaml");

describe("tofusim run: parallel points and shards", () => {
  it("gives the same results in the same order with --jobs 1 and --jobs 3", () => {
    const one = runCli(["run", allreduce, ...small, "--format", "json", "--no-timing", "--jobs", "1", "-q"]);
    const three = runCli(["run", allreduce, ...small, "--format", "json", "--no-timing", "--jobs", "3", "-q"]);
    expect(one.status).toBe(0);
    expect(three.stdout).toBe(one.stdout);
  });

  it("merges the shards of a Slurm-style array into exactly what one run prints, byte for byte", () => {
    const whole = runCli(["run", put, allreduce, ...small, "--format", "jsonl", "--no-timing", "-q"]);
    expect(whole.status).toBe(0);
    const parts = [0, 1, 2].map((i) => {
      const out = join(dir, `part-${i}.jsonl`);
      expect(runCli(["run", put, allreduce, ...small, "--format", "jsonl", "--no-timing", "-q", "--shard", `${i}/3`, "--out", out]).status).toBe(0);
      return out;
    });
    const merged = runCli(["merge", parts[2], parts[0], parts[1]]);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    // Every line says where it belongs.
    const first = JSON.parse(whole.stdout.split("\n")[0]) as Record<string, unknown>;
    expect(Object.keys(first).slice(0, 4)).toEqual(["scenario", "scenarioIndex", "point", "topology"]);
  });

  it("refuses a malformed shard and a merge of lines that are not results, with exit 2", () => {
    const bad = runCli(["run", put, "--shard", "3/3"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shard: expected i\/N with 0 ≤ i < N/);
    const junk = join(dir, "junk.jsonl");
    writeFileSync(junk, '{"a":1}\nnot json\n');
    const m = runCli(["merge", junk]);
    expect(m.status).toBe(2);
    expect(m.stderr.trim().split("\n")).toHaveLength(2);
    expect(m.stderr).toMatch(/junk\.jsonl: line 2: not a JSON object/);
  });
});

describe("tofusim run: overrides and input", () => {
  it("sweeps a field given with --set as a list, validated like the file", () => {
    const r = runCli(["run", put, "--set", "workload.sizeBytes=[8, 1KiB]", "--set", "network.virtualChannels=2", "--format", "json", "--no-timing", "-q"]);
    expect(r.status).toBe(0);
    const [doc] = JSON.parse(r.stdout) as { results: { sizeBytes: number }[] }[];
    expect(doc.results.map((x) => x.sizeBytes)).toEqual([8, 1024]);
    const bad = runCli(["run", put, "--set", "network.virtualChannels=0"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/network\.virtualChannels/);
    // Each --set takes one value, so the scenario file may come after it.
    const before = runCli(["run", "--set", "workload.sizeBytes=[8, 1KiB]", put, "--format", "json", "--no-timing", "-q"]);
    expect(before.status).toBe(0);
    expect(before.stdout).toBe(runCli(["run", put, "--set", "workload.sizeBytes=[8, 1KiB]", "--format", "json", "--no-timing", "-q"]).stdout);
  });

  it("reads the scenario from standard input with -", () => {
    const r = runCli(["run", "-", "--format", "jsonl", "--no-timing", "-q"], undefined, readFileSync(put, "utf8"));
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(5);
  });

  it("answers bad flags with exit 2 and one line, never a stack trace: --seed without a value, -v prints the version", () => {
    const r = runCli(["run", put, "--seed"]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(runCli(["-v"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("tofusim run: results that survive", () => {
  it("checks --out before anything runs: a missing directory, a directory, an input file", () => {
    for (const [out, why] of [
      [join(dir, "no", "such", "dir.json"), /does not exist/],
      [dir, /is a directory/],
      [put, /is an input file/],
    ] as const) {
      const r = runCli(["run", put, "--out", out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(why);
    }
    expect(readFileSync(put, "utf8")).toMatch(/^name:/);
  });

  it("writes CSV of scenarios with different workloads as one rectangular table", () => {
    const r = runCli(["run", put, join(scenarios, "injection-fugaku.yaml"), "--format", "csv", "-q"]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split("\n").map((l) => l.split(","));
    expect(rows[0]).toContain("workload");
    for (const row of rows) expect(row).toHaveLength(rows[0].length);
  });

  it("on SIGTERM writes the finished points, leaves no temporary file, and exits 143", async () => {
    const out = join(dir, "stopped.jsonl");
    const child = spawn(process.execPath, [BIN, "run", allreduce, "--format", "jsonl", "--jobs", "1", "-q", "--out", out], { stdio: "pipe" });
    // Stop it once a point is written (to the temporary file), well before the last.
    const tmp = `${out}.tmp-${child.pid}`;
    for (let waited = 0; waited < 50_000 && !(existsSync(tmp) && readFileSync(tmp, "utf8").length > 0); waited += 100) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(143);
    expect(existsSync(out)).toBe(true);
    const text = readFileSync(out, "utf8");
    expect(text.length).toBeGreaterThan(0);
    for (const line of text.split("\n").filter((l) => l !== "")) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  }, 60_000);
});
