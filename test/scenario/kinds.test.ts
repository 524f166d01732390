import { describe, expect, it } from "vitest";
import { errorOf, tempWriter } from "../support/files.js";
import { buildRouting } from "../../src/routing/index.js";
import { loadMachineFile, resolveMachine } from "../../src/scenario/machine.js";
import { scenarioFromData } from "../../src/scenario/scenario.js";
import { Dragonfly, FatTree, TorusTopology } from "../../src/topology/index.js";

const write = tempWriter("tofusim-kinds-");

const traffic = { type: "traffic", pattern: "uniform", offeredLoad: 0.2, messageBytes: 256, warmupNs: 1000, measureNs: 2000 };

describe("topology kinds in scenarios and presets", () => {
  it("takes a mesh/torus when kind is absent, and kind: torus says the same", () => {
    const a = scenarioFromData({ name: "t", topology: { shape: [4, 4], wrap: true }, workload: traffic }, "t.yaml");
    const b = scenarioFromData({ name: "t", topology: { kind: "torus", shape: [4, 4], wrap: true }, workload: traffic }, "t.yaml");
    expect(a.points[0].machine.topology).toBeInstanceOf(TorusTopology);
    expect(b.points[0].machine.topology.describeShape()).toBe(a.points[0].machine.topology.describeShape());
    expect(a.points[0].routing.algorithm).toBe("dimension-order");
  });

  it("builds an inline fat tree with the issue's keys (XGFT(2; 8,8; 1,8)) and routes it up*/down* by default", () => {
    const s = scenarioFromData({ name: "f", topology: { kind: "fat-tree", children: [8, 8], parents: [1, 8] }, workload: traffic }, "f.yaml");
    const t = s.points[0].machine.topology;
    expect(t).toBeInstanceOf(FatTree);
    expect([t.endpointCount, t.routerCount]).toEqual([64, 16]);
    expect(s.points[0].routing.algorithm).toBe("up-down");
    expect(s.points[0].routing.upPort).toBe("d-mod-k");
  });

  it("builds an inline dragonfly with the issue's keys, tapered below the maximal group count, minimal routing by default", () => {
    const s = scenarioFromData(
      { name: "d", topology: { kind: "dragonfly", groups: 5, routersPerGroup: 4, endpointsPerRouter: 2, globalLinksPerRouter: 2, arrangement: "circulant" }, workload: traffic },
      "d.yaml",
    );
    const t = s.points[0].machine.topology;
    expect(t).toBeInstanceOf(Dragonfly);
    expect(t.endpointCount).toBe(40);
    expect(s.points[0].routing.algorithm).toBe("minimal");
  });

  it("sweeps routing.upPort and the dragonfly algorithms, each point building its routing", () => {
    const s = scenarioFromData({ name: "f", topology: "fat-tree-64", routing: { algorithm: "up-down", upPort: ["d-mod-k", "s-mod-k", "random", "adaptive"] }, workload: traffic }, "f.yaml");
    expect(s.points.map((p) => p.routing.upPort)).toEqual(["d-mod-k", "s-mod-k", "random", "adaptive"]);
    const d = scenarioFromData({ name: "d", topology: "dragonfly-small", routing: { algorithm: ["minimal", "valiant", "ugal"] }, workload: traffic }, "d.yaml");
    expect(d.points.map((p) => buildRouting(p.machine.topology, p.routing).vcCount)).toEqual([2, 3, 3]);
  });

  it("refuses a routing that does not fit the topology's kind, naming the routings that do", () => {
    const e = errorOf(() => scenarioFromData({ name: "x", topology: "torus-4x4x4", routing: { algorithm: "ugal" }, workload: traffic }, "x.yaml"));
    expect(e.issues[0]).toMatchObject({ code: "unsupported", path: "routing.algorithm" });
    expect(e.issues[0].message).toMatch(/ugal needs a dragonfly.*torus \(its routings: dimension-order, tofu\)/);
    const f = errorOf(() => scenarioFromData({ name: "x", topology: "fat-tree-64", routing: { algorithm: "dimension-order" }, workload: traffic }, "x.yaml"));
    expect(f.issues[0].message).toMatch(/its routings: up-down/);
  });

  it("names the kinds when kind is unknown, and the field a fat tree's shape gets wrong", () => {
    const e = errorOf(() => scenarioFromData({ name: "x", topology: { kind: "fatree", children: [4] }, workload: traffic }, "x.yaml"));
    expect(e.issues[0].path).toBe("topology.kind");
    expect(e.issues[0].message).toMatch(/torus \(the default\), fat-tree or dragonfly, found "fatree"/);
    const f = errorOf(() => scenarioFromData({ name: "x", topology: { kind: "fat-tree", children: [4, 4], parents: [1] }, workload: traffic }, "x.yaml"));
    expect(f.issues[0]).toMatchObject({ path: "topology.parents" });
    const g = errorOf(() => scenarioFromData({ name: "x", topology: { kind: "dragonfly", groups: 20, routersPerGroup: 2, endpointsPerRouter: 1, globalLinksPerRouter: 1 }, workload: traffic }, "x.yaml"));
    expect(g.issues[0]).toMatchObject({ path: "topology" });
    expect(g.issues[0].message).toMatch(/groups − 1/);
  });

  it("refuses a fat tree too large for memory before building it", () => {
    const e = errorOf(() => scenarioFromData({ name: "x", topology: { kind: "fat-tree", children: [1000, 1000, 1000], parents: [1, 1000, 1000] }, workload: traffic }, "x.yaml", { maxMemoryBytes: 1e9 }));
    expect(e.issues[0].code).toBe("too-large");
  });

  it("takes network.linkClasses by the topology's class names, class by class over the preset's, and refuses others", () => {
    const s = scenarioFromData({ name: "s", topology: "summit", network: { linkClasses: { level1: { bandwidthGBps: 6.25 } } }, workload: traffic }, "s.yaml");
    expect(s.points[0].machine.network.linkClasses?.level1).toEqual({ bandwidthGBps: 6.25, latencyNs: 150 });
    expect(s.points[0].machine.network.linkClasses?.endpoint).toEqual({ bandwidthGBps: 12.5, latencyNs: 10 });
    const e = errorOf(() => scenarioFromData({ name: "x", topology: "dragonfly-small", network: { linkClasses: { level1: { latencyNs: 5 } } }, workload: traffic }, "x.yaml"));
    expect(e.issues[0]).toMatchObject({ code: "unsupported", path: "network.linkClasses.level1" });
    expect(e.issues[0].message).toMatch(/endpoint, local, global/);
    const t = errorOf(() => scenarioFromData({ name: "x", topology: "torus-4x4x4", network: { linkClasses: { endpoint: { latencyNs: 5 } } }, workload: traffic }, "x.yaml"));
    expect(t.issues[0].message).toMatch(/torus has no link classes/);
  });

  it("takes a preset's routing (summit: up-down with adaptive up ports; frontier: ugal) unless the scenario names one", () => {
    expect(resolveMachine("summit")).toMatchObject({ routingAlgorithm: "up-down", upPort: "adaptive" });
    expect(resolveMachine("frontier").routingAlgorithm).toBe("ugal");
    const s = scenarioFromData({ name: "s", topology: "summit", routing: { upPort: "d-mod-k" }, workload: traffic }, "s.yaml");
    expect(s.points[0].routing).toMatchObject({ algorithm: "up-down", upPort: "d-mod-k" });
  });

  it("refuses a preset whose routing does not fit its kind, or names a link class the kind lacks", () => {
    const bad = write("bad.yaml", "name: bad\ndescription: d\nsource: s\ntopology: { kind: fat-tree, children: [4, 4], parents: [1, 4] }\nrouting: { algorithm: valiant }\n");
    expect(errorOf(() => loadMachineFile(bad)).issues[0]).toMatchObject({ code: "unsupported", path: "routing.algorithm" });
    const cls = write("cls.yaml", "name: cls\ndescription: d\nsource: s\ntopology: { kind: fat-tree, children: [4, 4], parents: [1, 4] }\nnetwork: { linkClasses: { global: { latencyNs: 5 } } }\n");
    expect(errorOf(() => loadMachineFile(cls)).issues[0]).toMatchObject({ path: "network.linkClasses.global" });
  });
});
