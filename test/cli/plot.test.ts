import { Resvg } from "@resvg/resvg-js";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { plotAfterRun } from "../../src/cli/commands/plot.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-plot-"));
const scenarios = join(import.meta.dirname, "..", "..", "scenarios");
const small = join(dir, "small-allreduce.yaml");
writeFileSync(
  small,
  `name: small allreduce
topology: torus-4x4x4
workload:
  type: allreduce
  algorithm: [ring, recursive-doubling]
  sizeBytes: [8, 64KiB]
  ranks: 16
`,
);

function svgTexts(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

function inkedShare(file: string): number {
  const image = new Resvg(readFileSync(file, "utf8"), { background: "white" }).render();
  const px = image.pixels; // a getter that copies the whole image: read it once
  let inked = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 245 || px[i + 1] < 245 || px[i + 2] < 245) inked++;
  return inked / (image.width * image.height);
}

describe("tofusim plot", () => {
  it("draws what run --format json printed: exit 0, axis titles, a picture that is not empty", () => {
    const json = join(dir, "put.json");
    expect(runCli(["run", join(scenarios, "put-torus-4x4x4.yaml"), "--format", "json", "--out", json]).status).toBe(0);
    const svg = join(dir, "put.svg");
    const r = runCli(["plot", json, "-o", svg]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["message size (bytes)", "time (µs)", "bandwidth (GB/s)"]));
    expect(inkedShare(svg)).toBeGreaterThan(0.01);
  });

  it("run --plot writes the results, then the same SVG that plot draws from them", () => {
    const a = join(dir, "run-plot.svg");
    const r = runCli(["run", join(scenarios, "uniform-torus-4x4x4.yaml"), "--format", "json", "--no-timing", "--plot", a]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { results: unknown[] }[])[0].results).toHaveLength(5);
    const json = join(dir, "uniform.json");
    writeFileSync(json, r.stdout);
    const b = join(dir, "plot.svg");
    expect(runCli(["plot", json, "-o", b]).status).toBe(0);
    expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
    expect(svgTexts(a)).toEqual(expect.arrayContaining(["offered load (fraction of link bandwidth)", "mean latency (ns)", "accepted load (fraction of link bandwidth)"]));
  });

  it("compare --plot draws one line per topology × algorithm against size", () => {
    const svg = join(dir, "compare.svg");
    const r = runCli(["compare", small, "--topology", "torus-4x4x4", "--topology", "tofu-small", "--plot", svg]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fastest per size/);
    const texts = svgTexts(svg);
    // On a Tofu preset, ranks: 16 alone is a 16-node job, which the topology's name shows.
    for (const line of [/^torus-4x4x4, ring$/, /^torus-4x4x4, recursive-doubling$/, /^tofu-small\[job 16:torus on .*\], ring$/, /^tofu-small\[job 16:torus on .*\], recursive-doubling$/]) {
      expect(texts.some((t) => line.test(t))).toBe(true);
    }
    expect(texts).toEqual(expect.arrayContaining(["allreduce size per rank (bytes)", "time (µs)", "bus bandwidth (GB/s)"]));
  });

  it("reads JSON Lines, and averages the seeds of several files with a 95% band", () => {
    const files = [1, 2].map((seed) => {
      const r = runCli(["run", join(scenarios, "uniform-torus-4x4x4.yaml"), "--format", "json", "--no-timing", "--seed", String(seed)]);
      const lines = (JSON.parse(r.stdout) as { results: unknown[] }[])[0].results.map((x) => JSON.stringify(x)).join("\n");
      const f = join(dir, `seed${seed}.jsonl`);
      writeFileSync(f, lines + "\n");
      return f;
    });
    const svg = join(dir, "seeds.svg");
    const r = runCli(["plot", ...files, "-o", svg]);
    expect(r.status).toBe(0);
    expect(svgTexts(svg)).toContain("mean over 2 seeds; band: 95% confidence interval (Student t)");
  });

  it("has help naming the inputs, -o and the seeds example", () => {
    const r = runCli(["plot", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tofusim plot <results\.\.>/);
    expect(r.stdout).toMatch(/-o, --out/);
  });

  it("refuses a file that is not results: exit 2, one line naming the file and what was expected", () => {
    const r = runCli(["plot", join(scenarios, "put-torus-4x4x4.yaml"), "-o", join(dir, "x.svg")]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/put-torus-4x4x4\.yaml: not JSON .*expected the output of `tofusim run` or `tofusim compare`/);
    expect(existsSync(join(dir, "x.svg"))).toBe(false);
    const missing = runCli(["plot", join(dir, "nothing.json"), "-o", join(dir, "x.svg")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nothing\.json: no such file/);
  });

  it("refuses an -o it cannot write, before reading or drawing anything", () => {
    const notADir = join(dir, "plain-file");
    writeFileSync(notADir, "x");
    for (const out of [join(dir, "no-such-dir", "x.svg"), join(notADir, "x.svg"), join(dir, "x.png"), dir + "/"]) {
      // The input does not exist either: the -o error must come first.
      const r = runCli(["plot", join(dir, "nothing.json"), "-o", out]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^tofusim: --out: /);
    }
  });

  it("run --plot to an unwritable path exits 2 before simulating, and never over a scenario file", () => {
    const r = runCli(["run", join(scenarios, "saturation-torus-8x8.yaml"), "--plot", join(dir, "no-such-dir", "x.svg")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^tofusim: --plot: .*no such directory/);
    const svgNamed = join(dir, "scenario.svg");
    writeFileSync(svgNamed, readFileSync(small));
    const same = runCli(["run", svgNamed, "--plot", svgNamed]);
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/is also an input or output of this command/);
  });

  it("run --plot refuses up front a workload it cannot draw", () => {
    const r = runCli(["run", join(scenarios, "injection-fugaku.yaml"), "--plot", join(dir, "inj.svg")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--plot: tofusim plot draws traffic, allreduce, put results; these scenarios run injection/);
  });

  it("a failure to draw never loses results: they are printed, the deadlock exit code stays", () => {
    const svg = join(dir, "deadlock.svg");
    const r = runCli(["run", join(scenarios, "deadlock-no-dateline.yaml"), "--format", "json", "--plot", svg]);
    expect(r.status).toBe(3);
    expect((JSON.parse(r.stdout) as { results: { deadlock: unknown }[] }[])[0].results[0].deadlock).not.toBeNull();
    expect(r.stderr).toMatch(/cannot draw .*deadlock\.svg \(the results were written\): .*nothing to plot/);
    expect(existsSync(svg)).toBe(false);
  });
});

describe("drawing after a run", () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it("reports an internal failure on stderr with exit code 1 instead of throwing", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    // A BigInt cannot become JSON: a failure inside drawing, not in the results.
    await expect(plotAfterRun(join(dir, "crash.svg"), { results: [{ workload: "put", size: 1n }] })).resolves.toBeUndefined();
    expect(process.exitCode).toBe(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(/internal error while drawing .*crash\.svg \(the results were written\)/);
  });

  it("keeps an exit code already set (a deadlock) when drawing fails", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    process.exitCode = 3;
    await plotAfterRun(join(dir, "bad.svg"), { results: [{ workload: "traffic" }] });
    expect(process.exitCode).toBe(3);
  });
});
