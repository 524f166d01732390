import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALLREDUCE_ALGORITHMS, DEFAULT_COLLECTIVES, NO_HOST_COSTS } from "../../src/collectives/index.js";
import { Rng, Simulator, type EventHandler } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, FlowNetwork, PacketNetwork, packetCount, zeroLoadLatencyNs, type NetworkConfig } from "../../src/network/index.js";
import { DimensionOrderRouting, traceRoute, type DimensionOrderOptions } from "../../src/routing/index.js";
import { TorusTopology } from "../../src/topology/index.js";
import { TrafficWorkload, makePattern, runAllreduceJob, runInjection, runPut } from "../../src/workload/index.js";
import { arbTopology } from "../support/arbitraries.js";
import { torus } from "./helpers.js";

/** Tofu-D parameters (topologies/fugaku.yaml). */
const TOFU_D: NetworkConfig = { ...DEFAULT_NETWORK, packetHeaderBytes: 144, injectionPorts: 6, routerLatencyNs: 100, linkLatencyNs: 20, nicLatencyNs: 247.65 };
const NO_LATENCY: Partial<NetworkConfig> = { nicLatencyNs: 0, routerLatencyNs: 0, linkLatencyNs: 0 };

function tofu(shape: number[]): TorusTopology {
  return new TorusTopology({ shape, wrap: [true, true, true, false, true, false], axes: ["X", "Y", "Z", "A", "B", "C"] });
}

function flowNet(topo: TorusTopology, config: Partial<NetworkConfig> = {}, routing: DimensionOrderOptions = {}): { sim: Simulator; net: FlowNetwork; deliveredAt: Map<number, number> } {
  const sim = new Simulator();
  const net = new FlowNetwork(sim, topo, new DimensionOrderRouting(topo, routing), { ...DEFAULT_NETWORK, ...config });
  const deliveredAt = new Map<number, number>();
  net.setListener({
    onDelivered: (token, nowNs) => {
      if (deliveredAt.has(token)) throw new Error(`token ${token} delivered twice`);
      deliveredAt.set(token, nowNs);
    },
  });
  return { sim, net, deliveredAt };
}

function wire(config: NetworkConfig, sizeBytes: number): number {
  return sizeBytes + packetCount(config, sizeBytes) * config.packetHeaderBytes;
}

/** Calls `send` at each given time. */
function sendAt(sim: Simulator, times: readonly number[], send: (i: number) => void): void {
  const driver: EventHandler = { handleEvent: (_kind, i) => send(i) };
  const kind = sim.register(driver, 1);
  times.forEach((t, i) => sim.schedule(t, kind, i));
}

describe("FlowNetwork: one flow", () => {
  it("property: a lone message takes nic + (h+1)·router + h·link + (S + ⌈S/P⌉·H)/bandwidth, exactly", () => {
    fc.assert(
      fc.property(
        arbTopology(512).chain((topo) =>
          fc.record({
            topo: fc.constant(topo),
            src: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
            dst: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
            size: fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 1 << 24 })),
            routerLatencyNs: fc.integer({ min: 0, max: 200 }),
            linkLatencyNs: fc.integer({ min: 0, max: 100 }),
            nicLatencyNs: fc.integer({ min: 0, max: 300 }),
            bw: fc.constantFrom(1, 5, 6.8, 12.5),
          }),
        ),
        ({ topo, src, dst, size, routerLatencyNs, linkLatencyNs, nicLatencyNs, bw }) => {
          fc.pre(src !== dst);
          const { sim, net, deliveredAt } = flowNet(topo, { routerLatencyNs, linkLatencyNs, nicLatencyNs, linkBandwidthGBps: bw });
          net.send(src, dst, size, 1);
          sim.run();
          expect(deliveredAt.get(1)).toBeCloseTo(zeroLoadLatencyNs(net.config, topo.distance(src, dst), size), 6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a put takes the packet model's time within 1% from 64 KiB up (Tofu-D parameters, 1 to 9 hops)", () => {
    const topo = tofu([4, 4, 4, 2, 3, 2]);
    const routing = { order: [0, 1, 2, 3, 5, 4] };
    const pairs: [number, number][] = [
      [0, 1],
      [0, 2 + 4 * 2],
      [0, topo.nodeAt([2, 2, 2, 1, 1, 1])],
      [5, topo.nodeAt([3, 1, 2, 0, 2, 1])],
    ];
    for (const sizeBytes of [64 * 1024, 1 << 20, 16 << 20]) {
      for (const [src, dst] of pairs) {
        const flow = flowNet(topo, TOFU_D, routing);
        const f = runPut(flow.sim, flow.net, src, dst, sizeBytes);
        const sim = new Simulator();
        const p = runPut(sim, new PacketNetwork(sim, topo, new DimensionOrderRouting(topo, routing), TOFU_D), src, dst, sizeBytes);
        expect(Math.abs(f.timeUs - p.timeUs) / p.timeUs).toBeLessThan(0.01);
      }
    }
  });

  it("delivers a message to oneself at once, without the network", () => {
    const { sim, net, deliveredAt } = flowNet(torus([4]));
    net.send(2, 2, 1000, 9);
    sim.run();
    expect(deliveredAt.get(9)).toBe(0);
    expect(net.unitsInjected).toBe(0);
  });
});

describe("FlowNetwork: sharing", () => {
  it("two flows sharing one link both take head latency + 2 × wire bytes / bandwidth", () => {
    // A line of 4: 0→2 and 1→3 share only link 1→2 (and use different NICs).
    const topo = torus([4], false);
    const { sim, net, deliveredAt } = flowNet(topo, { injectionPorts: 2 });
    const size = 1 << 20;
    net.send(0, 2, size, 0, 0);
    net.send(1, 3, size, 1, 1);
    sim.run();
    const expected = net.headLatencyNs(2) + (2 * wire(net.config, size)) / net.linkBandwidthGBps;
    expect(deliveredAt.get(0)).toBeCloseTo(expected, 6);
    expect(deliveredAt.get(1)).toBeCloseTo(expected, 6);
  });

  it("a flow held to B/3 by its destination NIC leaves 2B/3 of a shared link to the flow beside it", () => {
    // 4x4 torus, node 5 = (1,1): flows into its NIC 0 from 4, 6 and 1 share that NIC; 4→6 (on
    // NIC 1, through 5) shares link 4→5 with 4→5 and so gets the 2/3 that flow cannot use.
    const topo = torus([4, 4]);
    const { sim, net, deliveredAt } = flowNet(topo, { ...NO_LATENCY, injectionPorts: 2 });
    const size = 3 << 20;
    net.send(4, 5, size, 0, 0);
    net.send(6, 5, size, 1, 0);
    net.send(1, 5, size, 2, 0);
    net.send(4, 6, size, 3, 1);
    sim.run();
    const w = wire(net.config, size) / net.linkBandwidthGBps;
    expect(deliveredAt.get(3)).toBeCloseTo(1.5 * w, 6);
    for (const token of [0, 1, 2]) expect(deliveredAt.get(token)).toBeCloseTo(3 * w, 6);
  });

  it("a NIC sends one message at a time, in send order: the second through it arrives head + (W1 + W2)/bandwidth after both were sent", () => {
    const topo = torus([4, 4]);
    const { sim, net, deliveredAt } = flowNet(topo, { injectionPorts: 1 });
    net.send(5, 6, 100_000, 0);
    net.send(5, 9, 300_000, 1);
    sim.run();
    const head = net.headLatencyNs(1);
    const bw = net.linkBandwidthGBps;
    expect(deliveredAt.get(0)).toBeCloseTo(head + wire(net.config, 100_000) / bw, 6);
    expect(deliveredAt.get(1)).toBeCloseTo(head + (wire(net.config, 100_000) + wire(net.config, 300_000)) / bw, 6);
  });

  it("a flow that would start on a link during another's last packet waits for it: that one ends as if alone, the newcomer W/bandwidth after", () => {
    // Ring of 8: 0→1 and 7→1 (through 7→0→1) share link 0→1 and node 1's NIC.
    const topo = torus([8]);
    const { sim, net, deliveredAt } = flowNet(topo, NO_LATENCY);
    const sizeA = 1 << 20;
    const sizeB = 1 << 18;
    const bw = net.linkBandwidthGBps;
    const endA = wire(net.config, sizeA) / bw;
    const lastPacketNs = (net.config.packetPayloadBytes + net.config.packetHeaderBytes) / bw;
    sendAt(sim, [0, endA - lastPacketNs / 2], (i) => (i === 0 ? net.send(0, 1, sizeA, 0) : net.send(7, 1, sizeB, 1)));
    sim.run();
    expect(deliveredAt.get(0)).toBeCloseTo(endA, 6);
    expect(deliveredAt.get(1)).toBeCloseTo(endA + wire(net.config, sizeB) / bw, 6);
  });

  it("property: bytes are conserved on every link: its busy time × bandwidth is the wire bytes of the messages routed over it", () => {
    fc.assert(
      fc.property(arbTopology(64, 3, 5), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 10_000 }), (topo, nics, seed) => {
        fc.pre(topo.nodeCount > 1);
        const { sim, net, deliveredAt } = flowNet(topo, { injectionPorts: nics });
        const rng = Rng.fromSeed(seed).stream("sends");
        const sends = Array.from({ length: 60 }, () => ({ src: rng.int(topo.nodeCount), dst: rng.int(topo.nodeCount), size: rng.int(rng.next() < 0.3 ? 200_000 : 5000), nic: rng.int(nics), atNs: rng.int(50_000) }));
        sendAt(sim, sends.map((s) => s.atNs), (i) => net.send(sends[i].src, sends[i].dst, sends[i].size, i, sends[i].nic));
        sim.run();
        expect(deliveredAt.size).toBe(sends.length);
        const expected = new Float64Array(topo.linkCount);
        for (const s of sends) {
          if (s.src === s.dst) continue;
          for (const hop of traceRoute(net.routing, s.src, s.dst, 0, s.nic)) expected[hop.link] += wire(net.config, s.size);
        }
        for (let l = 0; l < topo.linkCount; l++) {
          expect(net.linkBusyUpToNs(l, sim.nowNs) * net.linkBandwidthGBps).toBeCloseTo(expected[l], 3);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("FlowNetwork: workloads", () => {
  it("property: every allreduce algorithm sums correctly on the flow tier and never beats the lower bound", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLREDUCE_ALGORITHMS),
        fc.constantFrom([4, 4, 4], [3, 5], [2, 2, 2, 2], [6]),
        fc.integer({ min: 1, max: 40_000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 999 }),
        (algorithm, shape, elements, nics, seed) => {
          const topo = torus(shape);
          const { sim, net } = flowNet(topo, { injectionPorts: nics });
          const host = { sendOverheadNs: seed % 300, receiveOverheadNs: (seed * 7) % 300, reduceBandwidthGBps: seed % 2 === 0 ? null : 20 };
          const r = runAllreduceJob(sim, net, { algorithm, sizeBytes: 8 * elements, ranks: topo.nodeCount, placement: "linear", verify: true, host, collectives: DEFAULT_COLLECTIVES }, Rng.fromSeed(seed));
          expect(r.verified).toBe(true);
          expect(r.timeUs).toBeGreaterThanOrEqual(r.lowerBoundUs * (1 - 1e-12));
          expect(net.messagesInFlight).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("every allreduce algorithm sums correctly on a Tofu allocation with tofu-3d placement (data mode)", () => {
    const topo = tofu([2, 2, 2, 2, 3, 2]);
    for (const algorithm of ALLREDUCE_ALGORITHMS) {
      const { sim, net } = flowNet(topo, TOFU_D, { order: [0, 1, 2, 3, 5, 4] });
      const r = runAllreduceJob(sim, net, { algorithm, sizeBytes: 100_000, ranks: topo.nodeCount, placement: "tofu-3d", verify: true, host: NO_HOST_COSTS, collectives: DEFAULT_COLLECTIVES }, Rng.fromSeed(1));
      expect(r.verified).toBe(true);
    }
  });

  it("the injection benchmark drives all six NICs as the packet model does: 6 × bandwidth × payload/(payload + header), within 1%", () => {
    const topo = tofu([2, 2, 2, 2, 3, 2]);
    const size = 16 << 20;
    const flow = flowNet(topo, TOFU_D);
    const f = runInjection(flow.sim, flow.net, 0, 6, size);
    const sim = new Simulator();
    const p = runInjection(sim, new PacketNetwork(sim, topo, new DimensionOrderRouting(topo), TOFU_D), 0, 6, size);
    const stream = 6 * TOFU_D.linkBandwidthGBps * (1920 / (1920 + 144));
    expect(f.bandwidthGBps).toBeLessThanOrEqual(stream);
    expect(f.bandwidthGBps).toBeGreaterThan(stream * 0.99);
    expect(Math.abs(f.bandwidthGBps - p.bandwidthGBps) / p.bandwidthGBps).toBeLessThan(0.01);
  });

  it("open-loop traffic: accepted as offered well below saturation (uniform, 4x4x4, load 0.3), and never above the tornado bound b/(k/2−1) on the 8-ary 2-cube", () => {
    const run = (shape: number[], pattern: "uniform" | "tornado", offeredLoad: number) => {
      const topo = torus(shape);
      const { sim, net } = flowNet(topo, { injectionPorts: 1 });
      const rng = Rng.fromSeed(1);
      return new TrafficWorkload(sim, net, makePattern(topo, { pattern }, rng.stream("pattern")), { messageBytes: 1920, offeredLoad, warmupNs: 20_000, measureNs: 100_000, drainNs: 400_000 }, rng.stream("traffic")).run();
    };
    const uniform = run([4, 4, 4], "uniform", 0.3);
    expect(uniform.acceptedLoad).toBeGreaterThan(0.3 * 0.95);
    expect(uniform.acceptedLoad).toBeLessThan(0.3 * 1.05);
    expect(uniform.saturated).toBe(false);
    const tornado = run([8, 8], "tornado", 0.6);
    expect(tornado.acceptedLoad).toBeLessThanOrEqual(1920 / 1992 / 3);
    expect(tornado.saturated).toBe(true);
  });

  it("a routing that deadlocks the packet model delivers every message on the flow tier: a flow model cannot deadlock (stuck() is undefined)", () => {
    // Ring of 8, one VC, no dateline: every node sends 16 KiB three hops ahead at once.
    const topo = torus([8]);
    const config = { virtualChannels: 1, bufferBytesPerVc: 1992, deadlockTimeoutNs: 50_000 };
    const routing = { dateline: false, ties: "positive" as const };
    const sim = new Simulator();
    const packet = new PacketNetwork(sim, topo, new DimensionOrderRouting(topo, routing), { ...DEFAULT_NETWORK, ...config });
    packet.setListener({ onDelivered: () => {} });
    for (let n = 0; n < 8; n++) for (let k = 0; k < 4; k++) packet.send(n, (n + 3) % 8, 16 * 1024, n);
    sim.run();
    expect(packet.stuck()).toBeDefined();
    const flow = flowNet(topo, config, routing);
    for (let n = 0; n < 8; n++) for (let k = 0; k < 4; k++) flow.net.send(n, (n + 3) % 8, 16 * 1024, 4 * n + k);
    flow.sim.run();
    expect(flow.deliveredAt.size).toBe(32);
    expect(flow.net.stuck()).toBeUndefined();
  });
});
