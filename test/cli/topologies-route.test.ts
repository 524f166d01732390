import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("the tofusim bin", () => {
  it("is executable after the build, so `npx tofusim` runs it on a fresh clone", () => {
    const bin = join(import.meta.dirname, "..", "..", "dist", "src", "cli", "main.js");
    expect(statSync(bin).mode & 0o111).not.toBe(0);
  });
});

describe("tofusim topologies", () => {
  it("lists the presets with shape, nodes, links and source", () => {
    const r = runCli(["topologies"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fugaku\s+24x23x24x2x3x2\s+XYZABC\s+TTT-T-\s+158,976\s+1,589,760/);
    expect(r.stdout).toContain("torus-4x4x4");
  });

  it("prints CSV with --format csv: a header and one row per preset", () => {
    const r = runCli(["topologies", "--format", "csv"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("name,kind,shape,axes,wrap,nodes,routers,links,radix,diameter,source");
    expect(lines.find((l) => l.startsWith("fugaku,"))).toMatch(/^fugaku,torus,24x23x24x2x3x2,XxYxZxAxBxC,ringxringxringxlinkxringxlink,158976,158976,1589760,10,/);
  });

  it("prints JSON with --format json", () => {
    const r = runCli(["topologies", "--format", "json"]);
    const list = JSON.parse(r.stdout) as { name: string; nodes: number }[];
    expect(list.find((p) => p.name === "k-computer")?.nodes).toBe(82_944);
  });
});

describe("tofusim route", () => {
  it("reports Fugaku's 38-hop route from the origin to 12,11,12,1,1,1 as JSON", () => {
    const r = runCli(["route", "--topology", "fugaku", "--from", "0,0,0,0,0,0", "--to", "12,11,12,1,1,1", "--format", "json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { hops: number; path: { axis: string; to: number[] }[] };
    expect(out.hops).toBe(38);
    expect(out.path).toHaveLength(38);
    expect(out.path.at(-1)?.to).toEqual([12, 11, 12, 1, 1, 1]);
    // Axes in the K computer order X, Y, Z, A, C, B.
    expect([...new Set(out.path.map((h) => h.axis))].join("")).toBe("XYZACB");
  });

  it("prints a table with one row per hop and the hop count", () => {
    const r = runCli(["route", "--topology", "torus-4x4x4", "--from", "0", "--to", "3,2,1"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/hops: 4 \(minimal: 4\)/);
    expect(r.stdout.split("\n").filter((l) => /^\s+\d+\s+\(/.test(l))).toHaveLength(4);
  });

  it.each([
    [["route", "--topology", "nowhere", "--from", "0", "--to", "1"], /--topology: expected a preset name/],
    [["route", "--topology", "fugaku", "--from", "0,0", "--to", "1"], /--from: expected a node id in 0..158975 or 6 comma-separated/],
    [["route", "--topology", "fugaku", "--from", "0", "--to", "999999"], /--to: expected a node id/],
    [["route", "--topology", "fugaku", "--from", "0"], /Missing required argument: to/],
    [["route", "--topology", "fugaku", "--from", "0", "--to", "1", "--order", "X,Y"], /--order: expected every axis exactly once/],
    [["no-such-command"], /Unknown argument|Did you mean/],
  ])("exits 2 with a one-line message and no stack trace for bad input %#", (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints help for every command", () => {
    for (const cmd of ["topologies", "route"]) {
      const r = runCli([cmd, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`tofusim ${cmd}`);
    }
  });
});
