import { describe, expect, it } from "vitest";
import { Rng, Simulator } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork } from "../../src/network/index.js";
import { DragonflyRouting, UpDownRouting, type Routing } from "../../src/routing/index.js";
import { Dragonfly, FatTree } from "../../src/topology/index.js";
import { digitTransposeDestinations, groupShiftDestinations } from "../../src/workload/adversarial-patterns.js";
import { TrafficWorkload, makePattern, type TrafficPattern, type TrafficResult } from "../../src/workload/index.js";

/**
 * Saturation throughput of routings at packet level against closed-form bounds. Loads are
 * fractions of one link's bandwidth per endpoint; a packet carries at most 1,920 B of payload
 * in 1,992 B on the wire, so no load above 1920/1992 of a link can be accepted.
 */
const PAYLOAD_SHARE = DEFAULT_NETWORK.packetPayloadBytes / (DEFAULT_NETWORK.packetPayloadBytes + DEFAULT_NETWORK.packetHeaderBytes);

function fromTable(table: Int32Array): TrafficPattern {
  return { destination: (s) => table[s], activeSources: table.reduce((n, d) => n + (d >= 0 ? 1 : 0), 0) };
}

function run(routing: Routing, pattern: "uniform" | ((t: Dragonfly | FatTree) => Int32Array), offeredLoad: number): TrafficResult {
  const topology = routing.topology as Dragonfly | FatTree;
  const sim = new Simulator();
  const net = new PacketNetwork(sim, topology, routing, { ...DEFAULT_NETWORK, injectionPorts: 1 });
  const rng = Rng.fromSeed(1);
  const traffic = pattern === "uniform" ? makePattern(topology, { pattern: "uniform" }, rng.stream("pattern")) : fromTable(pattern(topology));
  const options = { messageBytes: 1920, offeredLoad, warmupNs: 20_000, measureNs: 50_000, drainNs: 200_000 };
  const result = new TrafficWorkload(sim, net, traffic, options, rng.stream("traffic")).run();
  expect(net.stuck()).toBeUndefined();
  return result;
}

describe("fat tree throughput", () => {
  const full = new FatTree({ children: [8, 8], parents: [1, 8] });

  it("a full-bisection fat tree carries uniform traffic near the injection rate with random or adaptive up ports (and d-mod-k)", () => {
    for (const upPort of ["random", "adaptive", "d-mod-k"] as const) {
      const below = run(new UpDownRouting(full, { upPort }), "uniform", 0.75);
      expect(below.saturated).toBe(false);
      expect(below.acceptedLoad).toBeGreaterThan(0.75 * 0.97);
      // At full offered load only the endpoints' own links and ejection contention limit it:
      // above 80% of the payload maximum.
      expect(run(new UpDownRouting(full, { upPort }), "uniform", 1).acceptedLoad).toBeGreaterThan(0.8 * PAYLOAD_SHARE);
    }
  });

  it("a 2:1 tapered fat tree carries uniform traffic up to its taper: w₂/m₁ of a link over the share of traffic leaving a leaf, (4/8)/(56/63)", () => {
    const tapered = new FatTree({ children: [8, 8], parents: [1, 4] });
    const bound = (4 / 8 / (56 / 63)) * PAYLOAD_SHARE;
    for (const upPort of ["random", "adaptive"] as const) {
      const r = run(new UpDownRouting(tapered, { upPort }), "uniform", 0.9);
      expect(r.acceptedLoad).toBeLessThan(bound * 1.01);
      expect(r.acceptedLoad).toBeGreaterThan(bound * 0.8);
    }
  });

  it("digit-transpose holds d-mod-k and s-mod-k to one link per leaf, shared by its m₁−1 = 7 senders; random and adaptive up ports lift it", () => {
    const bound = PAYLOAD_SHARE / 7;
    for (const upPort of ["d-mod-k", "s-mod-k"] as const) {
      const r = run(new UpDownRouting(full, { upPort }), digitTransposeDestinations, 0.5);
      expect(r.acceptedLoad).toBeLessThan(bound * 1.01);
      expect(r.acceptedLoad).toBeGreaterThan(bound * 0.95);
    }
    for (const upPort of ["random", "adaptive"] as const) {
      const r = run(new UpDownRouting(full, { upPort }), digitTransposeDestinations, 0.6);
      expect(r.saturated).toBe(false);
      expect(r.acceptedLoad).toBeGreaterThan(0.6 * 0.97);
    }
  });
});

describe("dragonfly throughput", () => {
  // The maximal dragonfly a = 4, p = 2, h = 2: 9 groups, one global link per pair of groups.
  const maximal = new Dragonfly({ groups: 9, routersPerGroup: 4, endpointsPerRouter: 2, globalLinksPerRouter: 2 });
  const minimalBound = PAYLOAD_SHARE / (4 * 2);

  it("group-shift with minimal routing is limited by the one global link per group pair: 1/(a·p) of a link per endpoint", () => {
    const r = run(new DragonflyRouting(maximal), groupShiftDestinations, 0.3);
    expect(r.saturated).toBe(true);
    expect(r.acceptedLoad).toBeLessThan(minimalBound * 1.01);
    expect(r.acceptedLoad).toBeGreaterThan(minimalBound * 0.95);
  });

  it("Valiant lifts group-shift towards one half: every packet crosses two global links, so h/(2p) = 1/2 of a link is the bound", () => {
    const r = run(new DragonflyRouting(maximal, { algorithm: "valiant" }), groupShiftDestinations, 0.6);
    expect(r.acceptedLoad).toBeLessThan(0.5 * PAYLOAD_SHARE);
    expect(r.acceptedLoad).toBeGreaterThan(2.5 * minimalBound);
  });

  it("UGAL-L lifts group-shift as Valiant does, reading its source router's queues", () => {
    const r = run(new DragonflyRouting(maximal, { algorithm: "ugal" }), groupShiftDestinations, 0.6);
    expect(r.acceptedLoad).toBeLessThan(0.5 * PAYLOAD_SHARE);
    expect(r.acceptedLoad).toBeGreaterThan(2.5 * minimalBound);
  });
});
