import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/input/errors.js";
import { requireTorus } from "../../src/topology/index.js";
import { loadScenario } from "../../src/scenario/scenario.js";
import { parseSizeBytes, parseTimeNs } from "../../src/input/units.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-scenario-"));
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function errorLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message.split("\n");
    throw e;
  }
  throw new Error("expected an InputError");
}

const base = `name: t
topology: torus-4x4x4
workload: { type: traffic, pattern: uniform, messageBytes: 1920, offeredLoad: 0.1, measureNs: 10us }
`;

describe("scenario files", () => {
  it("loads every bundled scenario", () => {
    const scenarios = join(import.meta.dirname, "..", "..", "scenarios");
    for (const f of readdirSync(scenarios).filter((n) => n.endsWith(".yaml"))) {
      expect(loadScenario(join(scenarios, f)).points.length).toBeGreaterThan(0);
    }
  });

  it("expands lists in scalar positions into the cross product, the first list varying slowest", () => {
    const f = write("sweep.yaml", `name: s
seed: [1, 2]
topology: torus-4x4x4
network: { linkLatencyNs: [10, 20, 30] }
workload: { type: traffic, pattern: uniform, messageBytes: 1920, offeredLoad: [0.1, 0.2], measureNs: 10us }
`);
    const s = loadScenario(f);
    expect(s.points).toHaveLength(12);
    expect(s.points[0].sweep).toEqual({ seed: 1, "network.linkLatencyNs": 10, "workload.offeredLoad": 0.1 });
    expect(s.points[1].sweep).toEqual({ seed: 1, "network.linkLatencyNs": 10, "workload.offeredLoad": 0.2 });
    expect(s.points[11].sweep).toEqual({ seed: 2, "network.linkLatencyNs": 30, "workload.offeredLoad": 0.2 });
    expect(s.points[11].machine.network.linkLatencyNs).toBe(30);
  });

  it("accepts sizes and times with units", () => {
    expect(parseSizeBytes("64KiB")).toBe(65536);
    expect(parseSizeBytes("1MiB")).toBe(1048576);
    expect(parseSizeBytes("1.5MB")).toBe(1_500_000);
    expect(parseSizeBytes("12 parsecs")).toBeUndefined();
    expect(parseTimeNs("2us")).toBe(2000);
    expect(parseTimeNs("1.5ms")).toBe(1_500_000);
    expect(parseTimeNs(250)).toBe(250);
    const s = loadScenario(write("units.yaml", base.replace("measureNs: 10us", "measureNs: 0.5ms") + "network: { bufferBytesPerVc: 16KiB }\n"));
    expect(s.points[0].machine.network.bufferBytesPerVc).toBe(16384);
    expect((s.points[0].workload.spec as { measureNs: number }).measureNs).toBe(500_000);
  });

  it("reports every problem, one line each, with file, path, expected and found (unknown keys too)", () => {
    const f = write("bad.yaml", `name: bad
topology: torus-4x4x4
netwrok: { linkLatencyNs: 10 }
network: { linkBandwidthGBps: -1, bufferBytesPerVc: 12 parsecs }
workload: { type: traffic, pattern: spiral, messageBytes: 1920, offeredLoad: 0.1, measureNs: 10us }
`);
    const lines = errorLines(() => loadScenario(f));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const l of lines) expect(l.startsWith(`${f}: `)).toBe(true);
    expect(lines.some((l) => /netwrok/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("network.linkBandwidthGBps") && /0/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("network.bufferBytesPerVc") && /parsecs/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("workload.pattern") && /uniform/.test(l))).toBe(true);
  });

  it("names the field the user meant inside a union: a missing wrap, a bad element of a sweep list", () => {
    expect(errorLines(() => loadScenario(write("nowrap.yaml", base.replace("torus-4x4x4", "{ shape: [4, 4] }"))))[0]).toMatch(/nowrap\.yaml: topology\.wrap: expected boolean/);
    expect(errorLines(() => loadScenario(write("badsweep.yaml", base.replace("offeredLoad: 0.1", 'offeredLoad: [0.1, "lots"]'))))[0]).toMatch(/badsweep\.yaml: workload\.offeredLoad\[1\]: expected number/);
  });

  it("accepts a field that only some points of a sweep use, and names the element of a bad list", () => {
    const mixed = loadScenario(write("mixed.yaml", base.replace("pattern: uniform", "pattern: [neighbor, uniform], axis: X")));
    expect(mixed.points).toHaveLength(2);
    expect(errorLines(() => loadScenario(write("typo.yaml", base.replace("pattern: uniform", "pattern: [uniform, unifrm]"))))[0]).toMatch(/typo\.yaml: workload\.pattern\[1\]: expected one of/);
  });

  it("refuses fields that would be silently ignored", () => {
    const lines = errorLines(() =>
      loadScenario(write("ignored.yaml", base.replace("pattern: uniform", "pattern: uniform, hotspot: 3, axis: X") + "routing: { path: spread }\n")),
    );
    expect(lines.some((l) => /workload\.hotspot: applies only to pattern hotspot/.test(l))).toBe(true);
    expect(lines.some((l) => /workload\.axis: applies only to patterns neighbor and tornado/.test(l))).toBe(true);
    expect(lines.some((l) => /routing\.path: applies only to routing algorithm tofu/.test(l))).toBe(true);
  });

  it("checks references against the topology: routing order, put endpoints, VCs the routing needs", () => {
    const f = write("refs.yaml", `name: refs
topology: torus-4x4x4
network: { virtualChannels: 1, bufferBytesPerVc: 1000 }
routing: { order: [X, Q, Z] }
workload: { type: put, from: "0,0,9", to: 5, sizeBytes: 8 }
`);
    const lines = errorLines(() => loadScenario(f));
    expect(lines).toContain(`${f}: routing.order[1]: expected one of the axes X, Y, Z, found Q`);
    expect(lines.some((l) => l.startsWith(`${f}: workload.from: expected a node id`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${f}: network.virtualChannels: must be at least 2`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${f}: network.bufferBytesPerVc: must hold one whole packet`))).toBe(true);
  });

  it("names the topology field when the preset does not exist", () => {
    const lines = errorLines(() => loadScenario(write("topo.yaml", base.replace("torus-4x4x4", "torus-9x9x9"))));
    expect(lines[0]).toMatch(/topo\.yaml: topology: expected a preset name \(.*\) or a topology file, found "torus-9x9x9"/);
  });

  it("takes an inline topology and a topology file relative to the scenario", () => {
    write("ring.yaml", "name: ring\ndescription: a ring\nsource: test\ntopology: { shape: [6], wrap: true }\n");
    expect(loadScenario(write("rel.yaml", base.replace("torus-4x4x4", "./ring.yaml"))).points[0].machine.topology.endpointCount).toBe(6);
    const inline = loadScenario(write("inline.yaml", base.replace("torus-4x4x4", "{ shape: [3, 5], wrap: [true, false] }")));
    expect(inline.points[0].machine.name).toBe("inline-3x5");
  });

  it("lets the preset's network parameters show through where the scenario is silent", () => {
    write("p.yaml", "name: p\ndescription: d\nsource: s\ntopology: { shape: [4], wrap: true }\nnetwork: { linkBandwidthGBps: 12.5, injectionPorts: 4 }\n");
    const s = loadScenario(write("over.yaml", base.replace("torus-4x4x4", "./p.yaml") + "network: { injectionPorts: 2 }\n"));
    expect(s.points[0].machine.network.linkBandwidthGBps).toBe(12.5);
    expect(s.points[0].machine.network.injectionPorts).toBe(2);
  });
});

describe("allocations and Tofu routing in scenarios", () => {
  const put = (extra: string): string =>
    write(`alloc-${Math.random().toString(36).slice(2)}.yaml`, `name: a\ntopology: fugaku\n${extra}workload: { type: put, from: 0, to: "3,0,0,0,0,0", sizeBytes: 8 }\n`);

  it("runs a job on a torus-mode sub-block of fugaku: partial axes are open lines, full ones keep their ring", () => {
    const p = loadScenario(put("allocation: { shape: [4, 23, 4, 2, 3, 2], offset: [8, 0, 0, 0, 0, 0], mode: torus }\n")).points[0];
    expect(requireTorus(p.machine.topology, "test").shape).toEqual([4, 23, 4, 2, 3, 2]);
    expect(requireTorus(p.machine.topology, "test").ring).toEqual([false, true, false, false, true, false]);
    expect(p.machine.name).toBe("fugaku[4x23x4x2x3x2@8,0,0,0,0,0 torus]");
  });

  it("gives up the wrap-around links in mesh mode but keeps the unit's ring of 3", () => {
    const p = loadScenario(put("allocation: { shape: [24, 23, 24, 2, 3, 2], mode: mesh }\n")).points[0];
    expect(requireTorus(p.machine.topology, "test").ring).toEqual([false, false, false, false, true, false]);
  });

  it("rejects an allocation that does not fit in the machine, naming the axis", () => {
    const lines = errorLines(() => loadScenario(put("allocation: { shape: [8, 4, 4, 2, 3, 2], offset: [20, 0, 0, 0, 0, 0] }\n")));
    expect(lines[0]).toMatch(/allocation\.shape\[0\]: expected the block to fit in fugaku's X axis of 24 from offset 20, found size 8/);
  });

  it("selects tofu routing with path spreading, and refuses it on a topology without A, B, C", () => {
    const p = loadScenario(put("routing: { algorithm: tofu, path: spread }\n")).points[0];
    expect(p.routing.algorithm).toBe("tofu");
    expect(p.routing.path).toBe("spread");
    const lines = errorLines(() => loadScenario(write("tofu-torus.yaml", base + "routing: { algorithm: tofu }\n")));
    expect(lines[0]).toMatch(/routing\.algorithm: tofu routing needs axes A, B and C; the topology has X, Y, Z/);
  });
});
