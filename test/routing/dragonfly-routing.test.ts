import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";
import { DragonflyRouting, traceRoute, type Hop } from "../../src/routing/index.js";
import { Dragonfly } from "../../src/topology/index.js";
import { dependencyGraphHasCycle } from "../support/cdg.js";
import { RandomCongestion, TableCongestion } from "../support/congestion.js";
import { arbDragonfly } from "../support/switched-arbitraries.js";

const maximal = (a: number, p: number, h: number, arrangement: "absolute" | "relative" | "circulant" = "absolute"): Dragonfly =>
  new Dragonfly({ groups: a * h + 1, routersPerGroup: a, endpointsPerRouter: p, globalLinksPerRouter: h, arrangement });

const globalHops = (t: Dragonfly, hops: readonly Hop[]): number => hops.filter((h) => t.isGlobalPort(h.port)).length;

/** Fewest hops from router r to router s over at most one global link (local, global, local). */
function oneGlobalDistance(t: Dragonfly, r: number, s: number): number {
  if (r === s) return 0;
  const G = t.group(r);
  const D = t.group(s);
  if (G === D) return 1;
  let best = Infinity;
  for (let e = t.pairStart(G, D); e < t.pairEnd(G, D); e++) {
    best = Math.min(best, (t.pairRouter(e) === r ? 0 : 1) + 1 + (t.pairLanding(e) === s ? 0 : 1));
  }
  return best;
}

/** All tags worth checking: every group and an out-of-range one. */
const allTags = (t: Dragonfly): number[] => Array.from({ length: t.groups + 1 }, (_, i) => i - 1);

describe("DragonflyRouting", () => {
  it("property: minimal takes at most one global link and the fewest hops among such routes, local hops in the source group on class 0, in the destination's on class 1", () => {
    fc.assert(
      fc.property(arbDragonfly(120), (t) => {
        const routing = new DragonflyRouting(t);
        for (let a = 0; a < t.endpointCount; a++) {
          for (let b = 0; b < t.endpointCount; b++) {
            const hops = traceRoute(routing, a, b);
            const from = t.endpointRouter(a, 0);
            expect(globalHops(t, hops)).toBeLessThanOrEqual(1);
            expect(hops.length).toBe(oneGlobalDistance(t, from, t.endpointRouter(b, 0)));
            for (const h of hops) expect(h.vc).toBe(t.group(h.from) === t.group(t.endpointRouter(b, 0)) && !t.isGlobalPort(h.port) ? 1 : 0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("minimal is not always shortest: two global links through a third group can beat local, global, local (so it does not claim minimality)", () => {
    const t = maximal(4, 1, 2);
    let shorter = 0;
    for (let r = 0; r < t.routerCount; r++) for (let s = 0; s < t.routerCount; s++) if (t.routerDistance(r, s) < oneGlobalDistance(t, r, s)) shorter++;
    expect(shorter).toBeGreaterThan(0);
    expect(new DragonflyRouting(t).minimal).toBe(false);
  });

  it("minimal's channel dependency graph is acyclic with its 2 classes and cyclic with one (a = 4, h = 2, 9 groups)", () => {
    const routing = new DragonflyRouting(maximal(4, 1, 2));
    expect(dependencyGraphHasCycle(routing)).toBe(false);
    expect(dependencyGraphHasCycle(routing, [0], { collapseClasses: true })).toBe(true);
  });

  it("property: valiant crosses the tag's intermediate group with at most two global links, on classes 0 then 1 then 2; a tag naming the source's or destination's group (or none) routes minimally", () => {
    fc.assert(
      fc.property(arbDragonfly(36), (t) => {
        const routing = new DragonflyRouting(t, { algorithm: "valiant" });
        const minimal = new DragonflyRouting(t);
        for (const tag of allTags(t)) {
          for (let a = 0; a < t.endpointCount; a++) {
            for (let b = 0; b < t.endpointCount; b++) {
              const hops = traceRoute(routing, a, b, tag);
              const G = t.group(t.endpointRouter(a, 0));
              const D = t.group(t.endpointRouter(b, 0));
              expect(globalHops(t, hops)).toBeLessThanOrEqual(2);
              for (let i = 1; i < hops.length; i++) expect(hops[i].vc).toBeGreaterThanOrEqual(hops[i - 1].vc);
              if (G === D || tag === G || tag === D || tag < 0) {
                expect(hops.map((h) => h.port)).toEqual(traceRoute(minimal, a, b).map((h) => h.port));
              } else {
                expect(hops.some((h) => t.group(h.to) === tag)).toBe(true);
                expect(globalHops(t, hops)).toBe(2);
              }
            }
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it("valiant's channel dependency graph is acyclic with its 3 classes and cyclic with one", () => {
    const t = maximal(2, 1, 2);
    const routing = new DragonflyRouting(t, { algorithm: "valiant" });
    expect(dependencyGraphHasCycle(routing, allTags(t))).toBe(false);
    expect(dependencyGraphHasCycle(routing, allTags(t), { collapseClasses: true })).toBe(true);
  });

  it("the intermediate group is drawn uniformly from the groups other than the source's and the destination's, the same after the stream restarts", () => {
    const t = maximal(2, 1, 2); // 5 groups of 2 endpoints
    const routing = new DragonflyRouting(t, { algorithm: "valiant", rng: Rng.fromSeed(3) });
    routing.bindCongestion(new TableCongestion());
    const draws = Array.from({ length: 600 }, () => routing.messageTag(0, 4)); // groups 0 and 2
    const counts = [0, 1, 2, 3, 4].map((g) => draws.filter((x) => x === g).length);
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    for (const g of [1, 3, 4]) expect(counts[g]).toBeGreaterThan(150);
    routing.bindCongestion(new TableCongestion());
    expect(Array.from({ length: 600 }, () => routing.messageTag(0, 4))).toEqual(draws);
    expect(routing.messageTag(0, 1)).toBe(0); // same group: no intermediate
    expect(new DragonflyRouting(t).messageTag(0, 4)).toBe(0);
  });

  it("ugal without a congestion view routes minimally; with one it leaves the minimal route when its first hop's queue × hops exceeds the Valiant route's", () => {
    const t = maximal(4, 1, 2);
    const ugal = new DragonflyRouting(t, { algorithm: "ugal" });
    const minimal = new DragonflyRouting(t);
    const ports = (hops: readonly Hop[]): number[] => hops.map((h) => h.port);
    const [a, b, tag] = [0, 20, 7]; // groups 0 → 5 via group 7
    expect(ports(traceRoute(ugal, a, b, tag))).toEqual(ports(traceRoute(minimal, a, b)));
    const view = new TableCongestion();
    ugal.bindCongestion(view);
    expect(ports(traceRoute(ugal, a, b, tag))).toEqual(ports(traceRoute(minimal, a, b)));
    const firstMinimal = traceRoute(minimal, a, b)[0].port;
    view.set(t.endpointRouter(a, 0), firstMinimal, 8000);
    const hops = traceRoute(ugal, a, b, tag);
    expect(hops.some((h) => t.group(h.to) === tag)).toBe(true);
    expect(hops[0].vc).toBe(0);
    // A bias larger than the difference keeps it minimal.
    const biased = new DragonflyRouting(t, { algorithm: "ugal", ugalBiasBytes: 3 * 8000 });
    biased.bindCongestion(view);
    expect(ports(traceRoute(biased, a, b, tag))).toEqual(ports(traceRoute(minimal, a, b)));
  });

  it("property: ugal's channel dependency graph, over routes deciding both ways, is acyclic with 3 classes", () => {
    fc.assert(
      fc.property(arbDragonfly(40), fc.integer(), (t, seed) => {
        const routing = new DragonflyRouting(t, { algorithm: "ugal" });
        routing.bindCongestion(new RandomCongestion(seed));
        expect(dependencyGraphHasCycle(routing, allTags(t), { passes: 2 })).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it("ugal over random loads takes both routes, and its graph is cyclic with one class", () => {
    const t = maximal(2, 1, 2);
    const routing = new DragonflyRouting(t, { algorithm: "ugal" });
    routing.bindCongestion(new RandomCongestion(11));
    let valiant = 0;
    let direct = 0;
    for (let a = 0; a < t.endpointCount; a++) {
      for (let b = 0; b < t.endpointCount; b++) {
        const G = t.group(t.endpointRouter(a, 0));
        const D = t.group(t.endpointRouter(b, 0));
        const tag = (Math.max(G, D) + 1) % t.groups;
        if (G === D || tag === G || tag === D) continue;
        if (traceRoute(routing, a, b, tag).some((h) => t.group(h.to) === tag)) valiant++;
        else direct++;
      }
    }
    expect(valiant).toBeGreaterThan(0);
    expect(direct).toBeGreaterThan(0);
    expect(dependencyGraphHasCycle(routing, allTags(t), { collapseClasses: true, passes: 2 })).toBe(true);
  });
});
