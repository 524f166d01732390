import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { UP_PORT_POLICIES, UpDownRouting, traceRoute, type Hop } from "../../src/routing/index.js";
import { FatTree } from "../../src/topology/index.js";
import { dependencyGraphHasCycle } from "../support/cdg.js";
import { RandomCongestion, TableCongestion } from "../support/congestion.js";
import { arbFatTree } from "../support/switched-arbitraries.js";

const xgft = (children: number[], parents: number[], parallel?: number[]): FatTree => new FatTree({ children, parents, parallel });

/** The switches a route visits after its source leaf. */
const visited = (hops: readonly Hop[]): number[] => hops.map((h) => h.to);

describe("UpDownRouting", () => {
  it("d-mod-k on XGFT(2; 8,8; 1,8): every route to endpoint d crosses spine d mod 8 (SimGrid's d-mod-k)", () => {
    const t = xgft([8, 8], [1, 8]);
    const routing = new UpDownRouting(t);
    for (let s = 0; s < 64; s++) {
      for (let d = 0; d < 64; d++) {
        const hops = traceRoute(routing, s, d, routing.messageTag(s, d));
        if (t.distance(s, d) === 0) expect(hops).toEqual([]);
        else expect(visited(hops)).toEqual([t.levelStart(2) + (d % 8), t.endpointRouter(d, 0)]);
      }
    }
  });

  it("s-mod-k on XGFT(2; 8,8; 1,8): every route from endpoint s crosses spine s mod 8", () => {
    const t = xgft([8, 8], [1, 8]);
    const routing = new UpDownRouting(t, { upPort: "s-mod-k" });
    for (let s = 0; s < 64; s += 3) {
      for (let d = 0; d < 64; d += 5) {
        if (t.distance(s, d) > 0) expect(visited(traceRoute(routing, s, d, routing.messageTag(s, d)))[0]).toBe(t.levelStart(2) + (s % 8));
      }
    }
  });

  it("d-mod-k on XGFT(3; 4,4,4; 1,4,4): the leaf climbs through parent d mod 4, the level-2 switch through parent ⌊d/4⌋ mod 4", () => {
    const t = xgft([4, 4, 4], [1, 4, 4]);
    const routing = new UpDownRouting(t);
    for (const [s, d] of [[0, 63], [5, 40], [17, 2], [63, 21]]) {
      const hops = traceRoute(routing, s, d, d);
      expect(hops.length).toBe(4);
      expect(hops[0].port).toBe(d % 4);
      expect(t.digit(hops[0].to, 2)).toBe(d % 4);
      expect(hops[1].port - t.downPortCount(2)).toBe(Math.floor(d / 4) % 4);
      expect(t.digit(hops[1].to, 3)).toBe(Math.floor(d / 4) % 4);
    }
  });

  it("property: with d-mod-k the routes to a destination form a tree: every switch sends all of them through one port", () => {
    fc.assert(
      fc.property(arbFatTree(32, 80), (t) => {
        const routing = new UpDownRouting(t);
        for (let d = 0; d < t.endpointCount; d++) {
          const out = new Map<number, number>();
          for (let s = 0; s < t.endpointCount; s++) {
            for (const h of traceRoute(routing, s, d, routing.messageTag(s, d))) {
              expect(out.get(h.from) ?? h.port).toBe(h.port);
              out.set(h.from, h.port);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("property: a route climbs then descends, never turning down to up, and is minimal, for every policy", () => {
    fc.assert(
      fc.property(arbFatTree(32, 80), fc.constantFrom(...UP_PORT_POLICIES), fc.integer(), (t, upPort, seed) => {
        const routing = new UpDownRouting(t, { upPort, rng: Rng.fromSeed(seed) });
        if (upPort === "adaptive") routing.bindCongestion(new RandomCongestion(seed));
        for (let s = 0; s < t.endpointCount; s++) {
          for (let d = 0; d < t.endpointCount; d++) {
            const hops = traceRoute(routing, s, d, routing.messageTag(s, d));
            expect(hops.length).toBe(t.distance(s, d));
            let down = false;
            for (const h of hops) {
              const up = t.level(h.to) > t.level(h.from);
              if (down) expect(up).toBe(false);
              if (!up) down = true;
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("random draws per packet from its seeded stream: the same seed gives the same ports, another seed others, and every up port is used", () => {
    const t = xgft([8, 8], [1, 8]);
    const ports = (seed: number): number[] => {
      const routing = new UpDownRouting(t, { upPort: "random", rng: Rng.fromSeed(seed) });
      return Array.from({ length: 200 }, () => traceRoute(routing, 0, 63, 63)[0].port);
    };
    expect(ports(1)).toEqual(ports(1));
    expect(ports(2)).not.toEqual(ports(1));
    expect(new Set(ports(1))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
  });

  it("binding a congestion view restarts the random stream, so every network built on the routing sees the same choices", () => {
    const t = xgft([8, 8], [1, 8]);
    const routing = new UpDownRouting(t, { upPort: "random", rng: Rng.fromSeed(5) });
    const draw = (): number[] => Array.from({ length: 50 }, () => traceRoute(routing, 0, 63, 63)[0].port);
    routing.bindCongestion(new TableCongestion());
    const first = draw();
    routing.bindCongestion(new TableCongestion());
    expect(draw()).toEqual(first);
  });

  it("adaptive takes the up port with the fewest queued bytes, ties to the d-mod-k port, and is d-mod-k without a view", () => {
    const t = xgft([8, 8], [1, 8]);
    const routing = new UpDownRouting(t, { upPort: "adaptive" });
    const d = 61; // d-mod-k port 5
    expect(traceRoute(routing, 0, d, d)[0].port).toBe(5);
    const view = new TableCongestion();
    for (let u = 0; u < 8; u++) view.set(0, u, 4000);
    routing.bindCongestion(view);
    expect(traceRoute(routing, 0, d, d)[0].port).toBe(5);
    view.set(0, 2, 100).set(0, 6, 100);
    // Ties between 2 and 6 go to the first after the d-mod-k port 5 in scan order.
    expect(traceRoute(routing, 0, d, d)[0].port).toBe(6);
    view.set(0, 2, 50);
    expect(traceRoute(routing, 0, d, d)[0].port).toBe(2);
  });

  it("with parallel links d-mod-k descends on the copy it climbed, and adaptive takes the emptiest copy down", () => {
    const t = xgft([2, 4], [1, 2], [1, 2]);
    const routing = new UpDownRouting(t);
    for (let d = 0; d < 8; d++) {
      const u = d % 4;
      const hops = traceRoute(routing, 7 - d, d, d);
      if (hops.length === 0) continue;
      expect(hops[0].port).toBe(u);
      // Down from the spine to the leaf with digit x₂ on copy ⌊u/2⌋: port x₂ + 4·⌊u/2⌋.
      expect(hops[1].port).toBe(t.digit(t.endpointRouter(d, 0), 2) + 4 * Math.floor(u / 2));
    }
    const adaptive = new UpDownRouting(t, { upPort: "adaptive" });
    const spine = t.levelStart(2) + 1;
    adaptive.bindCongestion(new TableCongestion().set(spine, 1, 3000));
    // d = 3: up port 3 (spine 1, copy 1); leaf of d has x₂ = 1; copy 0 (port 1) is loaded, so copy 1 (port 5).
    expect(traceRoute(adaptive, 7, 3, 3)[1].port).toBe(5);
    adaptive.bindCongestion(new TableCongestion().set(spine, 5, 3000));
    expect(traceRoute(adaptive, 7, 3, 3)[1].port).toBe(1);
  });

  it("property: the channel dependency graph is acyclic with one VC class for every policy (up*/down* never turns down to up)", () => {
    fc.assert(
      fc.property(arbFatTree(24, 48), fc.constantFrom(...UP_PORT_POLICIES), fc.integer(), (t, upPort, seed) => {
        const routing = new UpDownRouting(t, { upPort, rng: Rng.fromSeed(seed) });
        if (upPort === "adaptive") routing.bindCongestion(new RandomCongestion(seed));
        const tags = Array.from({ length: t.endpointCount }, (_, i) => i);
        expect(dependencyGraphHasCycle(routing, tags, { passes: 2 })).toBe(false);
      }),
      { numRuns: 30 },
    );
  });
});
