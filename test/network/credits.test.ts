import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng, Simulator, type EventHandler } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork, type NetworkConfig } from "../../src/network/index.js";
import type { CreditEvents } from "../../src/network/packet/credits.js";
import { DimensionOrderRouting } from "../../src/routing/index.js";
import type { TorusTopology } from "../../src/topology/index.js";
import { arbTopology } from "../support/arbitraries.js";

interface Outcome {
  readonly deliveries: number[][];
  readonly credits: number[];
  readonly deadlock: string | undefined;
  readonly endNs: number;
  readonly events: number;
}

/** Sends `count` random messages at random integer times; returns what a user of the network could see. */
function drive(topo: TorusTopology, config: NetworkConfig, dateline: boolean, seed: number, count: number, creditEvents: CreditEvents): Outcome {
  const sim = new Simulator();
  const net = new PacketNetwork(sim, topo, new DimensionOrderRouting(topo, { dateline, ties: "positive" }), config, { creditEvents });
  const deliveries: number[][] = Array.from({ length: count }, () => []);
  net.setListener({ onDelivered: (token, nowNs) => deliveries[token].push(nowNs) });
  const rng = Rng.fromSeed(seed).stream("credits");
  const sends = Array.from({ length: count }, () => ({
    src: rng.int(topo.nodeCount),
    dst: rng.int(topo.nodeCount),
    sizeBytes: rng.next() < 0.2 ? 0 : rng.int(rng.next() < 0.3 ? 20_000 : 2000),
    atNs: rng.int(3000),
  }));
  const driver: EventHandler = { handleEvent: (_kind, token) => net.send(sends[token].src, sends[token].dst, sends[token].sizeBytes, token) };
  const kind = sim.register(driver, 1);
  sends.forEach((s, token) => sim.schedule(s.atNs, kind, token));
  sim.run({ untilNs: 5e6 });
  return { deliveries, credits: [...net.credits], deadlock: net.stuck()?.message, endNs: sim.nowNs, events: sim.events };
}

describe("Credit returns", () => {
  it("property: credits that are events only where their owner can act give exactly the run with an event per credit", () => {
    fc.assert(
      fc.property(
        arbTopology(48, 3, 5).filter((t) => t.nodeCount > 1),
        fc.record({
          virtualChannels: fc.integer({ min: 2, max: 4 }),
          injectionPorts: fc.integer({ min: 1, max: 3 }),
          packetPayloadBytes: fc.constantFrom(256, 1000),
          packetHeaderBytes: fc.constantFrom(0, 16, 100),
          bufferPackets: fc.integer({ min: 1, max: 3 }),
          linkLatencyNs: fc.constantFrom(0, 10, 500),
          routerLatencyNs: fc.constantFrom(0, 20, 100),
          nicLatencyNs: fc.constantFrom(0, 15),
          linkBandwidthGBps: fc.constantFrom(1, 4),
        }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (topo, c, dateline, seed) => {
          const config: NetworkConfig = {
            ...DEFAULT_NETWORK,
            ...c,
            bufferBytesPerVc: c.bufferPackets * (c.packetPayloadBytes + c.packetHeaderBytes) + (c.packetHeaderBytes === 0 ? 1 : 0),
            deadlockTimeoutNs: 20_000,
          };
          const every = drive(topo, config, dateline, seed, 120, "every");
          const lazy = drive(topo, config, dateline, seed, 120, "lazy");
          expect(lazy.deliveries).toEqual(every.deliveries);
          expect(lazy.credits).toEqual(every.credits);
          expect(lazy.deadlock).toEqual(every.deadlock);
          expect(lazy.endNs).toBe(every.endNs);
          expect(lazy.events).toBeLessThanOrEqual(every.events);
        },
      ),
      { numRuns: 120 },
    );
  });
});
