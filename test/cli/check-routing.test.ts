import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-check-routing-"));

describe("tofusim check-routing", () => {
  it.each([
    ["torus-8x8", []],
    ["tofu-small", ["--routing", "tofu", "--path", "spread"]],
    ["fat-tree-64", ["--up-port", "random"]],
    ["fat-tree-64", ["--up-port", "adaptive"]],
    ["dragonfly-small", ["--routing", "valiant"]],
    ["dragonfly-small", ["--routing", "ugal"]],
  ])("passes every pair on %s %j: delivered, no repeated channel, minimal where claimed, CDG acyclic; exit 0", (topology, flags) => {
    const r = runCli(["check-routing", "--topology", topology, ...flags, "--format", "json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ mode: "all", passed: true, failure: null });
    expect(out.routes).toBeGreaterThanOrEqual(out.pairs);
    expect(out.dependencies).toBeGreaterThan(0);
  });

  it("shows the cycle --no-dateline creates on a ring, in the topology's words, and exits 4", () => {
    const r = runCli(["check-routing", "--topology", "torus-8x8", "--no-dateline"]);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/CDG acyclic: +FAILED/);
    expect(r.stdout).toMatch(/a cycle of 8 channels/);
    const cycle = r.stdout.split("\n").filter((l) => /^ {4}\(\d,\d\) [XY][+-] -> \(\d,\d\), vc 0$/.test(l));
    expect(cycle).toHaveLength(8);
    const json = JSON.parse(runCli(["check-routing", "--topology", "torus-8x8", "--no-dateline", "--format", "json"]).stdout);
    expect(json.failure.check).toBe("acyclic");
    // The cycle closes: each channel ends where the next begins, the last where the first does.
    const c: { router: number; to: number }[] = json.failure.cycle;
    c.forEach((ch, i) => expect(ch.to).toBe(c[(i + 1) % c.length].router));
  });

  it("samples a large machine with fast-check, prints the seed, and the same seed checks the same pairs", () => {
    const a = runCli(["check-routing", "--topology", "frontier", "--routing", "valiant", "--samples", "2000", "--seed", "7"]);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/a sample of 2,000 pairs \(fast-check, seed 7; --all checks every pair\)/);
    const j1 = JSON.parse(runCli(["check-routing", "--topology", "summit", "--samples", "500", "--seed", "3", "--format", "json"]).stdout);
    const j2 = JSON.parse(runCli(["check-routing", "--topology", "summit", "--samples", "500", "--seed", "3", "--format", "json"]).stdout);
    expect(j1).toEqual(j2);
    expect(j1).toMatchObject({ mode: "sample", seed: 3, passed: true });
  });

  it("checks the routing of every point of a scenario file (the deadlock scenario's ring fails, exit 4)", () => {
    const r = runCli(["check-routing", "scenarios/deadlock-no-dateline.yaml"]);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/deadlock-no-dateline.yaml: inline-8/);
    expect(r.stdout).toMatch(/a cycle of 8 channels/);
  });

  it("checks a preset file the user wrote", () => {
    const file = join(dir, "my-tree.yaml");
    writeFileSync(file, "name: my-tree\ndescription: tapered\nsource: test\ntopology: { kind: fat-tree, children: [4, 4, 2], parents: [2, 2, 2], parallel: [1, 2, 1] }\nrouting: { algorithm: up-down, upPort: s-mod-k }\n");
    const r = runCli(["check-routing", "--topology", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/my-tree \(PGFT\(3; 4,4,2; 2,2,2; 1,2,1\)\), up-down \(upPort s-mod-k\)/);
    expect(r.stdout).toMatch(/passed/);
  });

  it.each([
    [["check-routing"], /expected --topology <preset\|file> or scenario files/],
    [["check-routing", "--topology", "fat-tree-64", "--routing", "minimal"], /--routing: routing minimal needs a dragonfly/],
  ])("exits 2 on bad input: %j", (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
