import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("tofusim route on every topology kind", () => {
  it("routes a fat tree up to a common ancestor and down, in ports up/down and switch levels, one VC class", () => {
    const r = runCli(["route", "--topology", "fat-tree-64", "--from", "0", "--to", "63", "--format", "json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: "fat-tree", hops: 2, minimalHops: 2, routing: { algorithm: "up-down", upPort: "d-mod-k", vcClasses: 1 } });
    expect(out.path.map((p: { port: string }) => p.port.split(" ")[0])).toEqual(["up", "down"]);
    expect(out.path[0].fromWords).toMatch(/level 1/);
    expect(out.path[0].toWords).toMatch(/level 2/);
  });

  it("routes a dragonfly through an intermediate group with valiant (local, global, local, global, local on VC classes 0, 0, 1, 1, 2)", () => {
    const r = runCli(["route", "--topology", "dragonfly-small", "--from", "0", "--to", "71", "--routing", "valiant", "--format", "json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const classes = out.path.map((p: { linkClass: string }) => p.linkClass);
    expect(classes.filter((c: string) => c === "global")).toHaveLength(2);
    const vcs: number[] = out.path.map((p: { vc: number }) => p.vc);
    expect([...vcs].sort()).toEqual(vcs);
    expect(vcs[vcs.length - 1]).toBeLessThanOrEqual(2);
    expect(out.routing.vcClasses).toBe(3);
  });

  it("prints a table in the topology's words with the hop count", () => {
    const r = runCli(["route", "--topology", "summit", "--from", "0", "--to", "4000", "--up-port", "s-mod-k"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/up-down \(upPort s-mod-k\)/);
    expect(r.stdout).toMatch(/switch \d+ \(level 3/);
    expect(r.stdout).toMatch(/hops: 4 \(minimal: 4\)/);
  });

  it.each([
    [["route", "--topology", "fat-tree-64", "--from", "0", "--to", "1", "--routing", "ugal"], /--routing: routing ugal needs a dragonfly topology; this one is a fat-tree \(its routings: up-down\)/],
    [["route", "--topology", "dragonfly-small", "--from", "0", "--to", "1", "--order", "X"], /--order: applies only to a mesh\/torus/],
    [["route", "--topology", "dragonfly-small", "--from", "0", "--to", "1", "--up-port", "random"], /--up-port: applies only to routing up-down/],
    [["route", "--topology", "fat-tree-64", "--from", "1,2", "--to", "1"], /--from: expected an endpoint id in 0..63/],
  ])("exits 2 with one line naming the flag: %j", (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
});

describe("tofusim topologies lists every kind", () => {
  it("gives endpoints, routers, links, radix and diameter of the torus, fat-tree and dragonfly presets", () => {
    const r = runCli(["topologies", "--format", "json"]);
    expect(r.status).toBe(0);
    const all: { name: string; kind: string; nodes: number; routers: number; links: number; radix: number; diameter: number }[] = JSON.parse(r.stdout);
    const by = new Map(all.map((m) => [m.name, m]));
    expect(by.get("fat-tree-64")).toMatchObject({ kind: "fat-tree", nodes: 64, routers: 16, links: 128, radix: 8, diameter: 2 });
    expect(by.get("dragonfly-small")).toMatchObject({ kind: "dragonfly", nodes: 72, routers: 36, radix: 5, diameter: 3 });
    expect(by.get("summit")).toMatchObject({ kind: "fat-tree", nodes: 4608 });
    expect(by.get("frontier")).toMatchObject({ kind: "dragonfly", nodes: 9472, routers: 2368 });
    expect(new Set(all.map((m) => m.kind))).toEqual(new Set(["torus", "fat-tree", "dragonfly"]));
  });
});
