import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, type NetworkConfig, type NetworkModelKind } from "../../src/network/index.js";
import { buildNetworkModel } from "../../src/network/build.js";
import { DragonflyRouting, UpDownRouting, type Routing } from "../../src/routing/index.js";
import { Dragonfly, FatTree } from "../../src/topology/index.js";

/** Delivery time of one lone message on a fresh model. */
function lone(routing: Routing, model: NetworkModelKind, config: NetworkConfig, src: number, dst: number, sizeBytes: number): { atNs: number; zeroLoadNs: number } {
  const sim = new Simulator();
  const net = buildNetworkModel(sim, routing, { model, config });
  let atNs = Number.NaN;
  net.setListener({ onDelivered: (_token, now) => (atNs = now) });
  net.send(src, dst, sizeBytes, 1, 0);
  sim.run();
  return { atNs, zeroLoadNs: net.zeroLoadLatencyNs(src, dst, sizeBytes) };
}

const tree = new FatTree({ children: [4, 4, 2], parents: [1, 4, 2] });
const base: NetworkConfig = { ...DEFAULT_NETWORK, linkLatencyNs: 10, routerLatencyNs: 50, nicLatencyNs: 100 };

describe("link classes: each class's bandwidth and latency, on every tier", () => {
  it("a lone message pays each link's own latency and the endpoint latency at both ends: packet, flow and ideal agree with the route's zero-load time", () => {
    fc.assert(
      fc.property(fc.nat(tree.endpointCount - 1), fc.nat(tree.endpointCount - 1), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 50 }), (src, dst, size, l1, l2, ep) => {
        fc.pre(src !== dst);
        const config = { ...base, linkClasses: { endpoint: { latencyNs: ep }, level1: { latencyNs: l1 }, level2: { latencyNs: l2 } } };
        const routing = new UpDownRouting(tree);
        const hops = tree.distance(src, dst);
        // Up and down the same levels: level 1 links twice when the route crosses level 2, level 2 twice when it reaches level 3.
        const linkNs = hops === 2 ? 2 * l1 : hops === 4 ? 2 * l1 + 2 * l2 : 0;
        const packets = Math.max(1, Math.ceil(size / base.packetPayloadBytes));
        const expected = base.nicLatencyNs + (hops + 1) * base.routerLatencyNs + linkNs + 2 * ep + (size + packets * base.packetHeaderBytes) / base.linkBandwidthGBps;
        for (const model of ["packet", "flow", "ideal"] as const) {
          const r = lone(routing, model, config, src, dst, size);
          expect(r.atNs).toBeCloseTo(expected, 6);
          expect(r.zeroLoadNs).toBeCloseTo(expected, 6);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("a slower class is the bottleneck of a long message: serialization at level 1's rate when the route crosses it (packet and flow), the NICs' rate when the endpoint class is slower", () => {
    const routing = new UpDownRouting(tree);
    const size = 1 << 20;
    const fast = lone(routing, "packet", base, 0, 31, size).atNs;
    for (const model of ["packet", "flow"] as const) {
      const slowCore = lone(routing, model, { ...base, linkClasses: { level1: { bandwidthGBps: base.linkBandwidthGBps / 2 } } }, 0, 31, size).atNs;
      expect(slowCore / fast).toBeGreaterThan(1.9);
      expect(slowCore / fast).toBeLessThan(2.05);
      // Inside a leaf no level-1 link is crossed: the slow core does not matter.
      const inLeaf = lone(routing, model, { ...base, linkClasses: { level1: { bandwidthGBps: base.linkBandwidthGBps / 2 } } }, 0, 1, size).atNs;
      expect(inLeaf).toBeCloseTo(lone(routing, model, base, 0, 1, size).atNs, 6);
      const slowNic = lone(routing, model, { ...base, linkClasses: { endpoint: { bandwidthGBps: base.linkBandwidthGBps / 4 } } }, 0, 1, size).atNs;
      expect(slowNic / lone(routing, model, base, 0, 1, size).atNs).toBeGreaterThan(3.9);
    }
  });

  it("a dragonfly's global links take the global class's latency: one global hop on a minimal route between groups", () => {
    const df = new Dragonfly({ groups: 9, routersPerGroup: 4, endpointsPerRouter: 2, globalLinksPerRouter: 2 });
    const routing = new DragonflyRouting(df, { algorithm: "minimal" });
    const plain = lone(routing, "packet", base, 0, 71, 8).atNs;
    const far = lone(routing, "packet", { ...base, linkClasses: { global: { latencyNs: 1010 } } }, 0, 71, 8).atNs;
    expect(far - plain).toBeCloseTo(1000, 6);
    const near = lone(routing, "packet", { ...base, linkClasses: { global: { latencyNs: 1010 } } }, 0, 3, 8).atNs;
    expect(near).toBeCloseTo(lone(routing, "packet", base, 0, 3, 8).atNs, 6);
  });
});

describe("link classes under load", () => {
  it("an allreduce whose routes of equal length differ in latency completes with the right sum on every tier (flow queues latent flows by latency)", async () => {
    const { scenarioFromData } = await import("../../src/scenario/scenario.js");
    const { runScenario } = await import("../../src/scenario/runner.js");
    const s = scenarioFromData(
      { name: "c", topology: "dragonfly-small", network: { model: ["packet", "flow", "ideal"], linkClasses: { endpoint: { latencyNs: 7 }, local: { latencyNs: 30 }, global: { latencyNs: 700 } } }, workload: { type: "allreduce", algorithm: ["rabenseifner", "ring"], sizeBytes: "64KiB", ranks: 72, verify: true } },
      "c.yaml",
    );
    for (const r of runScenario(s).results) expect(r.workload === "allreduce" && r.verified).toBe(true);
  });
});
