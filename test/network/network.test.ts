import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { zeroLoadLatencyNs } from "../../src/network/index.js";
import { arbTopology } from "../support/arbitraries.js";
import { build, torus } from "./helpers.js";

describe("Network: zero-load latency", () => {
  it("property: a lone message takes nic + (h+1)·router + h·link + Σwire/bandwidth, exactly", () => {
    fc.assert(
      fc.property(
        arbTopology(512).chain((topo) =>
          fc.record({
            topo: fc.constant(topo),
            src: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
            dst: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
            size: fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 200_000 })),
            routerLatencyNs: fc.integer({ min: 0, max: 200 }),
            linkLatencyNs: fc.integer({ min: 0, max: 100 }),
            nicLatencyNs: fc.integer({ min: 0, max: 300 }),
            bw: fc.constantFrom(1, 5, 6.8, 12.5),
          }),
        ),
        ({ topo, src, dst, size, routerLatencyNs, linkLatencyNs, nicLatencyNs, bw }) => {
          fc.pre(src !== dst);
          const config = { routerLatencyNs, linkLatencyNs, nicLatencyNs, linkBandwidthGBps: bw, bufferBytesPerVc: 1 << 22 };
          const { sim, net, deliveredAt } = build(topo, config);
          net.send(src, dst, size, 1);
          sim.run();
          const expected = zeroLoadLatencyNs(net.config, topo.distance(src, dst), size);
          expect(deliveredAt.get(1)).toBeCloseTo(expected, 6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("one link streaming a long message delivers its bandwidth × payload/(payload+header)", () => {
    const { sim, net, deliveredAt } = build(torus([4]), { linkBandwidthGBps: 6.8, packetPayloadBytes: 1920, packetHeaderBytes: 72 });
    const size = 32 * 1024 * 1024;
    net.send(0, 1, size, 1);
    sim.run();
    const rate = size / (deliveredAt.get(1) as number);
    expect(rate).toBeGreaterThan(6.8 * (1920 / 1992) * 0.999);
    expect(rate).toBeLessThanOrEqual(6.8 * (1920 / 1992));
  });

  it("delivers a message to oneself at once, without packets", () => {
    const { sim, net, deliveredAt } = build(torus([4]));
    net.send(2, 2, 1000, 9);
    sim.run();
    expect(deliveredAt.get(9)).toBe(0);
    expect(net.packetsInjected).toBe(0);
  });
});

describe("Network: conservation and flow control", () => {
  it("property: every message sent is delivered exactly once, buffers never overflow, credits return in full", () => {
    fc.assert(
      fc.property(
        arbTopology(64, 4, 5),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 300 }),
        (topo, vcs, nics, seed, messages) => {
          fc.pre(topo.nodeCount > 1);
          const vcNeed = topo.ring.some((r) => r) ? 2 : 1;
          const { sim, net, deliveredAt } = build(topo, {
            virtualChannels: Math.max(vcs, vcNeed),
            injectionPorts: nics,
            bufferBytesPerVc: 2 * 1992 + (seed % 3) * 1000,
          });
          const rng = Rng.fromSeed(seed).stream("test");
          const credits = net.credits;
          // Send bursts at random times; check credits at every event boundary we can reach.
          for (let i = 0; i < messages; i++) {
            const src = rng.int(topo.nodeCount);
            const dst = rng.int(topo.nodeCount);
            const size = rng.int(8000);
            sim.run({ untilNs: sim.nowNs + rng.int(2000) });
            if (i % 8 === 0) {
              for (let b = 0; b < credits.length; b++) {
                if (credits[b] < 0 || credits[b] > net.config.bufferBytesPerVc) {
                  throw new Error(`buffer ${b} has ${credits[b]} credits at ${sim.nowNs} ns`);
                }
              }
            }
            net.send(src, dst, size, i);
          }
          sim.run();
          expect(net.stuck()).toBeUndefined();
          expect(deliveredAt.size).toBe(messages);
          expect(net.packetsInFlight).toBe(0);
          expect(net.messagesInFlight).toBe(0);
          expect(net.packetsDelivered).toBe(net.packetsInjected);
          for (let b = 0; b < credits.length; b++) expect(credits[b]).toBe(net.config.bufferBytesPerVc);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: a link never carries more than its bandwidth", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const topo = torus([4, 4]);
        const { sim, net } = build(topo, { injectionPorts: 2 });
        const rng = Rng.fromSeed(seed).stream("load");
        for (let i = 0; i < 200; i++) net.send(rng.int(16), rng.int(16), rng.int(20_000), i);
        sim.run();
        const elapsed = sim.nowNs;
        for (let l = 0; l < topo.linkCount; l++) expect(net.links.busyNs[l]).toBeLessThanOrEqual(elapsed + 1e-6);
      }),
      { numRuns: 20 },
    );
  });

  it("is deterministic: the same sends give the same delivery times", () => {
    const run = (): number[] => {
      const { sim, net, deliveredAt } = build(torus([4, 4, 4]), { injectionPorts: 2 });
      const rng = Rng.fromSeed(5).stream("x");
      for (let i = 0; i < 500; i++) net.send(rng.int(64), rng.int(64), rng.int(10_000), i);
      sim.run();
      return [...deliveredAt.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    };
    expect(run()).toEqual(run());
  });

  it("shares a contended output round-robin: two senders into one link each get about half", () => {
    // On a 1D mesh 0→1→2→3, node 0's stream and node 1's NIC compete for link 1→2.
    const { sim, net, deliveredAt } = build(torus([4], false));
    const size = 4 * 1024 * 1024;
    net.send(0, 3, size, 1);
    net.send(1, 3, size, 2);
    sim.run();
    const t1 = deliveredAt.get(1) as number;
    const t2 = deliveredAt.get(2) as number;
    // Interleaved fairly, both finish near the time of 2 × size on one link.
    const both = (2 * size * 1992) / 1920 / 6.8;
    expect(Math.abs(t1 - t2) / both).toBeLessThan(0.01);
    expect(Math.max(t1, t2)).toBeGreaterThan(both);
    expect(Math.max(t1, t2)).toBeLessThan(both * 1.02);
  });
});

describe("Network: deadlock", () => {
  it("reports a deadlock, naming a cycle of blocked buffers, when a torus is routed without dateline VCs", () => {
    const topo = torus([8]);
    const { sim, net } = build(topo, { virtualChannels: 1, bufferBytesPerVc: 1992, deadlockTimeoutNs: 100_000 }, { dateline: false, ties: "positive" });
    // Every node sends 3 hops in the + direction around the ring: a classic cyclic wait.
    for (let n = 0; n < 8; n++) net.send(n, (n + 3) % 8, 1 << 20, n);
    const res = sim.run({ untilNs: 1e9 });
    const report = net.stuck();
    expect(res.stop === "stopped" || res.stop === "empty").toBe(true);
    expect(report).toBeDefined();
    expect(report?.cycle.length).toBeGreaterThan(1);
    expect(report?.message).toMatch(/deadlock at \d+ ns: \d+ packets stuck, \d+ buffers blocked; cycle of \d+ buffers: \(\d\) in D0\+ vc0 -> D0\+/);
  });

  it("does not mistake a long wire or a long packet for a deadlock (no event can come sooner)", () => {
    const line = build(torus([3], false), { linkLatencyNs: 20_000, deadlockTimeoutNs: 10_000 });
    line.net.send(0, 2, 8, 1);
    line.sim.run();
    expect(line.net.deadlock).toBeUndefined();
    expect(line.deliveredAt.has(1)).toBe(true);
    const slow = build(torus([3], false), { packetPayloadBytes: 65_536, bufferBytesPerVc: 140_000, linkBandwidthGBps: 1, deadlockTimeoutNs: 10_000 });
    slow.net.send(0, 1, 200_000, 1);
    slow.net.send(2, 1, 200_000, 2);
    slow.sim.run();
    expect(slow.net.deadlock).toBeUndefined();
    expect(slow.deliveredAt.size).toBe(2);
  });

  it("does not deadlock on the same traffic with the dateline", () => {
    const topo = torus([8]);
    const { sim, net, deliveredAt } = build(topo, { virtualChannels: 2, bufferBytesPerVc: 1992, deadlockTimeoutNs: 100_000 }, { dateline: true, ties: "positive" });
    for (let n = 0; n < 8; n++) net.send(n, (n + 3) % 8, 1 << 20, n);
    sim.run({ untilNs: 1e9 });
    expect(net.deadlock).toBeUndefined();
    expect(net.stuck()).toBeUndefined();
    expect(deliveredAt.size).toBe(8);
  });
});
