import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/engine/index.js";
import { buildNetworkModel } from "../../src/network/index.js";
import { buildRouting } from "../../src/routing/index.js";
import { FLOW_SECONDS_PER_MESSAGE, estimatePoint, meanHops } from "../../src/scenario/estimate.js";
import { classTablesOf, networkBytes, topologyCounts } from "../../src/scenario/footprint.js";
import { buildTopology } from "../../src/scenario/machine.js";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { scenarioFromData, type ScenarioPoint } from "../../src/scenario/scenario.js";
import { requireTorus } from "../../src/topology/index.js";

/** Bytes of the typed arrays `root` holds, directly or through its own objects, except those under `skip`. */
function typedArrayBytes(root: object, skip: readonly object[] = []): number {
  const seen = new WeakSet<object>(skip);
  let bytes = 0;
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    else for (const child of Object.values(v)) visit(child);
  };
  visit(root);
  return bytes;
}

function point(data: Record<string, unknown>): ScenarioPoint {
  return scenarioFromData({ name: "t", ...data }, "e.yaml").points[0];
}

describe("estimatePoint", () => {
  it("sizes the topology and network tables as the classes allocate them (within 5%)", () => {
    for (const [topology, network] of [
      ["fugaku", { injectionPorts: 6 }],
      ["torus-16x16x16", { injectionPorts: 2, virtualChannels: 8 }],
      ["bgq-5d", { model: "ideal" }],
      [{ shape: [7, 5, 2], wrap: [true, false, true] }, {}],
    ] as const) {
      const p = point({ topology, network, workload: { type: "put", from: 0, to: 1, sizeBytes: 8 } });
      const counts = topologyCounts(p.machine.topology);
      const torus = requireTorus(p.machine.topology, "test");
      expect(counts.topologyBytes).toBe(typedArrayBytes(buildTopology({ shape: [...torus.shape], wrap: [...torus.wrap] })));
      const sim = new Simulator();
      const routing = buildRouting(p.machine.topology, p.routing);
      const net = buildNetworkModel(sim, routing, { model: p.model, config: p.machine.network });
      const ratio = networkBytes(p.model, counts, p.machine.network) / typedArrayBytes(net, [sim, routing, p.machine.topology]);
      expect(ratio).toBeGreaterThan(0.95);
      expect(ratio).toBeLessThan(1.05);
    }
  });

  it("sizes the packet network of every switched preset, link-class tables included, as it allocates them (within 5%)", () => {
    for (const topology of ["summit", "frontier", "abci", "oakforest-pacs", "fat-tree-64", "dragonfly-small"]) {
      const p = point({ topology, workload: { type: "put", from: 0, to: 1, sizeBytes: 8 } });
      const counts = topologyCounts(p.machine.topology);
      const sim = new Simulator();
      const routing = buildRouting(p.machine.topology, p.routing);
      const net = buildNetworkModel(sim, routing, { model: "packet", config: p.machine.network });
      const ratio = networkBytes("packet", counts, p.machine.network, classTablesOf(p.machine.topology, p.machine.network)) / typedArrayBytes(net, [sim, routing, p.machine.topology]);
      expect(ratio, topology).toBeGreaterThan(0.95);
      expect(ratio, topology).toBeLessThan(1.05);
    }
  });

  it("gives a put's simulated time as its zero-load latency, and its events within a factor 1.5", () => {
    for (const sizeBytes of [0, 8, 65536, 1 << 20]) {
      const p = point({ topology: "torus-4x4x4", workload: { type: "put", from: 0, to: "2,1,0", sizeBytes } });
      const e = estimatePoint(p);
      const r = runPoint(p) as ResultOf<"put">;
      expect(e.simulatedNs / 1000).toBeCloseTo(r.timeUs, 6);
      expect(e.events / r.events).toBeGreaterThan(1 / 1.5);
      expect(e.events / r.events).toBeLessThan(1.5);
    }
  });

  it("counts an allreduce's messages exactly on every tier, and its events within a factor 3 on the packet and ideal tiers (the flow tier handles flows of one instant together, so its events per message vary 30-fold with the job's symmetry)", () => {
    for (const model of ["packet", "ideal", "flow"]) {
      for (const algorithm of ["ring", "recursive-doubling", "rabenseifner", "binomial-tree", "torus-ring", "bidirectional-ring", "torus-multiring"]) {
        for (const sizeBytes of [8, 65536]) {
          const p = point({ topology: "torus-4x4x4", network: { model, injectionPorts: 2 }, workload: { type: "allreduce", algorithm, sizeBytes, segmentBytes: algorithm.includes("ring") ? 4096 : undefined } });
          const e = estimatePoint(p);
          const r = runPoint(p) as ResultOf<"allreduce">;
          expect(e.messages).toBe(r.messages);
          if (model === "flow") continue;
          expect(e.events / r.events).toBeGreaterThan(1 / 3);
          expect(e.events / r.events).toBeLessThan(3);
        }
      }
    }
  });

  it("prices a flow-tier point by its messages (FLOW_SECONDS_PER_MESSAGE each), not by the packet tier's events rate", () => {
    const at = (model: string) => estimatePoint(point({ topology: "torus-4x4x4", network: { model }, workload: { type: "allreduce", algorithm: "ring", sizeBytes: 1 << 20 } }));
    const flow = at("flow");
    expect(flow.wallSeconds).toBeGreaterThanOrEqual(flow.messages * FLOW_SECONDS_PER_MESSAGE);
    // A megabyte message is hundreds of packets: the packet tier costs far more per message.
    expect(at("packet").wallSeconds).toBeGreaterThan(flow.wallSeconds);
  });

  it("estimates traffic's events within a factor 3 below saturation", () => {
    for (const pattern of ["uniform", "neighbor", "transpose", "tornado"]) {
      const p = point({ topology: "torus-8x8", workload: { type: "traffic", pattern, messageBytes: 4096, offeredLoad: 0.15, warmupNs: "2us", measureNs: "10us" } });
      const e = estimatePoint(p);
      const r = runPoint(p) as ResultOf<"traffic">;
      expect(e.events / r.events).toBeGreaterThan(1 / 3);
      expect(e.events / r.events).toBeLessThan(3);
    }
  });

  it("charges data mode ranks × elements × 8 bytes: doubling the ranks or the size doubles the workload's memory", () => {
    const bytes = (ranks: number, sizeBytes: string): number =>
      estimatePoint(point({ topology: "torus-8x8x12", workload: { type: "allreduce", algorithm: "ring", sizeBytes, ranks, verify: true } })).memory.workloadBytes;
    expect(bytes(384, "1MiB")).toBeGreaterThan(384 * 131072 * 8);
    expect(bytes(384, "1MiB") / bytes(192, "1MiB")).toBeCloseTo(2, 1);
    expect(bytes(192, "2MiB") / bytes(192, "1MiB")).toBeCloseTo(2, 1);
  });

  it("takes the mean hop count of uniform pairs on a mesh/torus in closed form: k/4 on an even ring, (k²−1)/(3k) on a line", () => {
    const p = point({ topology: { shape: [8, 5, 2], wrap: [true, false, false] }, workload: { type: "put", from: 0, to: 1, sizeBytes: 8 } });
    const t = p.machine.topology;
    let sum = 0;
    for (let a = 0; a < t.endpointCount; a++) for (let b = 0; b < t.endpointCount; b++) sum += t.distance(a, b);
    expect(meanHops(t)).toBeCloseTo(sum / t.endpointCount ** 2, 9);
    expect(meanHops(t)).toBeCloseTo(8 / 4 + (25 - 1) / 15 + 0.5, 9);
  });
});
