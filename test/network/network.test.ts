import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, packetHopNs, zeroLoadLatencyNs } from "../../src/network/index.js";
import { deadlineAfter } from "../../src/network/packet/watchdog.js";
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

  it("property: grants of one link never overlap in time (each packet has the link to itself while it serializes)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 4 }),
        (seed, nics, vcs) => {
          const topo = torus([4, 4]);
          const { sim, net } = build(topo, { injectionPorts: nics, virtualChannels: vcs, bufferBytesPerVc: 1992 * (1 + (seed % 3)) });
          // The latest grant's end per link; a grant must start at or after it.
          const endNs = new Float64Array(topo.linkCount).fill(-Infinity);
          let grants = 0;
          net.links.setObserver({
            onLinkGranted: (link, startNs, grantEndNs) => {
              if (startNs < endNs[link]) throw new Error(`link ${link} granted at ${startNs} ns while busy until ${endNs[link]} ns`);
              if (!(grantEndNs > startNs)) throw new Error(`link ${link}: empty grant ${startNs}..${grantEndNs}`);
              endNs[link] = grantEndNs;
              grants++;
            },
          });
          const rng = Rng.fromSeed(seed).stream("load");
          for (let i = 0; i < 200; i++) {
            if (i % 20 === 0) sim.run({ untilNs: sim.nowNs + rng.int(5000) });
            net.send(rng.int(16), rng.int(16), rng.int(20_000), i);
          }
          sim.run();
          expect(grants).toBe(net.packetHops);
          expect(net.packetsInFlight).toBe(0);
        },
      ),
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

describe("Network: per-router state made ready on first use", () => {
  it("a put between neighbours of a 16×16×16 torus uses the state of 2 of its 4,096 routers", () => {
    const { sim, net, deliveredAt } = build(torus([16, 16, 16]));
    net.send(0, 1, 1 << 20, 1);
    sim.run();
    expect(deliveredAt.has(1)).toBe(true);
    expect(net.routersInUse).toBe(2);
  });

  it("property: the run is the same whether routers are readied on first use or all up front", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 3 }), (seed, nics) => {
        const run = (upFront: boolean): number[] => {
          const { sim, net, deliveredAt } = build(torus([4, 4, 2]), { injectionPorts: nics });
          if (upFront) void net.credits; // readies every router
          const rng = Rng.fromSeed(seed).stream("lazy");
          for (let i = 0; i < 60; i++) {
            if (i % 10 === 0) sim.run({ untilNs: sim.nowNs + rng.int(3000) });
            net.send(rng.int(32), rng.int(32), rng.int(10_000), i);
          }
          sim.run();
          return [...deliveredAt.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]).concat([sim.events]);
        };
        expect(run(false)).toEqual(run(true));
      }),
      { numRuns: 15 },
    );
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

  it("does not mistake a long wire or a long packet for a deadlock, with the shortest timeout allowed (one hop)", () => {
    const wire = { ...DEFAULT_NETWORK, linkLatencyNs: 20_000 };
    const line = build(torus([3], false), { ...wire, deadlockTimeoutNs: packetHopNs(wire) });
    line.net.send(0, 2, 8, 1);
    line.sim.run();
    expect(line.net.deadlock).toBeUndefined();
    expect(line.deliveredAt.has(1)).toBe(true);
    const long = { ...DEFAULT_NETWORK, packetPayloadBytes: 65_536, bufferBytesPerVc: 140_000, linkBandwidthGBps: 1 };
    const slow = build(torus([3], false), { ...long, deadlockTimeoutNs: packetHopNs(long) });
    slow.net.send(0, 1, 200_000, 1);
    slow.net.send(2, 1, 200_000, 2);
    slow.sim.run();
    expect(slow.net.deadlock).toBeUndefined();
    expect(slow.deliveredAt.size).toBe(2);
  });

  it("refuses a deadlock timeout shorter than one packet's hop, naming the field", () => {
    const hop = packetHopNs(DEFAULT_NETWORK);
    expect(() => build(torus([3], false), { deadlockTimeoutNs: hop * 0.99 })).toThrow(/network\.deadlockTimeoutNs must be at least one packet's hop/);
    expect(() => build(torus([3], false), { deadlockTimeoutNs: hop })).not.toThrow();
  });

  it("sleeps while no packet is in the network: messages waiting at their NIC, or an idle network, cost no checks", () => {
    // A NIC latency of 1 s and a timeout of 1 µs: message 2 waits at its NIC for half a second
    // after message 1's packets have left the network; a watchdog ticking meanwhile would
    // take half a million events.
    const { sim, net, deliveredAt } = build(torus([4], false), { nicLatencyNs: 1e9, deadlockTimeoutNs: 1000 });
    net.send(0, 3, 10_000, 1);
    sim.run({ untilNs: 0.5e9 });
    net.send(1, 2, 10_000, 2);
    sim.run();
    expect(deliveredAt.size).toBe(2);
    expect(sim.events).toBeLessThan(100);
    sim.run({ untilNs: sim.nowNs + 1e9 }); // idle
    net.send(3, 0, 10_000, 3);
    sim.run();
    expect(deliveredAt.has(3)).toBe(true);
    expect(sim.events).toBeLessThan(200);
    expect(net.deadlock).toBeUndefined();
  });

  it("wakes when a packet is injected after a long wait at the NIC, and then finds a deadlock", () => {
    const topo = torus([8]);
    const { sim, net } = build(topo, { virtualChannels: 1, bufferBytesPerVc: 1992, deadlockTimeoutNs: 100_000, nicLatencyNs: 1e8 }, { dateline: false, ties: "positive" });
    for (let n = 0; n < 8; n++) net.send(n, (n + 3) % 8, 1 << 20, n);
    sim.run({ untilNs: 1e10 });
    expect(net.deadlock).toBeDefined();
    expect(net.deadlock?.atNs).toBeGreaterThan(1e8);
    expect(net.deadlock?.atNs).toBeLessThan(1e8 + 1e6);
  });

  it("property: whatever the timeout's size, the deadlock is called exactly one timeout after the last progress", () => {
    const stuckRing = (timeoutNs: number): { atNs: number; events: number } => {
      const { sim, net } = build(torus([8]), { virtualChannels: 1, bufferBytesPerVc: 1992, deadlockTimeoutNs: timeoutNs }, { dateline: false, ties: "positive" });
      for (let n = 0; n < 8; n++) net.send(n, (n + 3) % 8, 1 << 20, n);
      sim.run();
      const report = net.stuck();
      if (report === undefined) throw new Error(`no deadlock with timeout ${timeoutNs}`);
      return { atNs: report.atNs, events: sim.events };
    };
    const hop = packetHopNs({ ...DEFAULT_NETWORK, virtualChannels: 1, bufferBytesPerVc: 1992 });
    const first = stuckRing(hop);
    const lastProgressNs = first.atNs - hop;
    fc.assert(
      fc.property(fc.double({ min: Math.log10(hop), max: 12, noNaN: true }), (exponent) => {
        const timeoutNs = 10 ** exponent;
        const run = stuckRing(timeoutNs);
        // Checks only at deadlines: a handful of them beyond the run's own events.
        expect(run.events).toBeLessThan(first.events + 50);
        expect(Math.abs(run.atNs - timeoutNs - lastProgressNs)).toBeLessThanOrEqual(1e-9 * run.atNs);
      }),
      { numRuns: 25 },
    );
  });

  it("a timeout below the clock's resolution still lets simulated time move on and ends the run", () => {
    // Every latency 0 and a fast link: one hop takes ~2e-6 ns, below a float's step at 1e13 ns.
    const fast = { ...DEFAULT_NETWORK, linkLatencyNs: 0, routerLatencyNs: 0, linkBandwidthGBps: 1e6, virtualChannels: 2, bufferBytesPerVc: 1992 };
    for (const dateline of [true, false]) {
      const { sim, net, deliveredAt } = build(torus([8]), { ...fast, virtualChannels: dateline ? 2 : 1, deadlockTimeoutNs: packetHopNs(fast) }, { dateline, ties: "positive" });
      sim.run({ untilNs: 1e13 });
      for (let n = 0; n < 8; n++) net.send(n, (n + 3) % 8, 1 << 16, n);
      const res = sim.run({ maxEvents: 1_000_000 });
      expect(res.stop).not.toBe("event-limit");
      if (dateline) {
        expect(net.stuck()).toBeUndefined();
        expect(deliveredAt.size).toBe(8);
      } else expect(net.stuck()).toBeDefined();
    }
    expect(deadlineAfter(1e13, 1e-9)).toBeGreaterThan(1e13);
    expect(deadlineAfter(0, 0)).toBeGreaterThan(0);
    expect(deadlineAfter(5, 2)).toBe(7);
  });

  it("an exception thrown in an event is not reported as a deadlock", () => {
    const { sim, net } = build(torus([8]), { injectionPorts: 1 });
    net.setListener({
      onDelivered: () => {
        throw new Error("unrelated");
      },
    });
    net.send(0, 1, 8, 1);
    net.send(0, 5, 1 << 20, 2);
    expect(() => sim.run()).toThrow("unrelated");
    expect(sim.inEvent).toBe(true);
    expect(net.packetsInFlight).toBeGreaterThan(0);
    expect(net.stuck()).toBeUndefined();
  });

  it("refuses a VC buffer of 2 GiB or more (32-bit credits), naming the field", () => {
    expect(() => build(torus([3], false), { bufferBytesPerVc: 2 ** 31 })).toThrow(/network\.bufferBytesPerVc must be below 2 GiB/);
    expect(() => build(torus([3], false), { bufferBytesPerVc: 2 ** 31 - 1 })).not.toThrow();
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
