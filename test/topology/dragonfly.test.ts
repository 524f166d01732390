import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DRAGONFLY_ARRANGEMENTS, Dragonfly, globalPeer, type DragonflyArrangement } from "../../src/topology/index.js";
import { routerBfs } from "../support/topology-contract.js";
import { arbDragonfly } from "../support/switched-arbitraries.js";

const dragonfly = (g: number, a: number, p: number, h: number, arrangement: DragonflyArrangement = "absolute", k = 1): Dragonfly =>
  new Dragonfly({ groups: g, routersPerGroup: a, endpointsPerRouter: p, globalLinksPerRouter: h, arrangement, attachmentsPerEndpoint: k });

/** Global links from each group to each other group. */
function trunking(t: Dragonfly): number[][] {
  const counts = Array.from({ length: t.groups }, () => new Array<number>(t.groups).fill(0));
  for (let r = 0; r < t.routerCount; r++) {
    for (let port = t.localPorts; port < t.maxRadix; port++) {
      const n = t.neighbor(r, port);
      if (n >= 0) counts[t.group(r)][t.group(n)]++;
    }
  }
  return counts;
}

describe("Dragonfly", () => {
  it("the maximal dragonfly a = 4, p = 2, h = 2 has g = a·h + 1 = 9 groups, 72 endpoints, 36 routers of radix a−1+h = 5, diameter 3", () => {
    const t = dragonfly(9, 4, 2, 2);
    expect([t.endpointCount, t.routerCount, t.maxRadix, t.diameter, t.linksPerGroupPair]).toEqual([72, 36, 5, 3, 1]);
    expect(t.linkCount).toBe(36 * 3 + 9 * 8);
    expect(t.describeShape()).toBe("dragonfly(g=9, a=4, p=2, h=2, absolute)");
    expect([t.describePort(0, 2), t.describePort(0, 4)]).toEqual(["local 2", "global 1"]);
    expect(t.linkClassNames[t.linkClass(t.linkId(0, 0))]).toBe("local");
    expect(t.linkClassNames[t.linkClass(t.linkId(0, 3))]).toBe("global");
  });

  it("property: in a maximal dragonfly every arrangement joins each pair of groups by exactly one global link", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...DRAGONFLY_ARRANGEMENTS), (a, h, arrangement) => {
        const t = dragonfly(a * h + 1, a, 1, h, arrangement);
        const counts = trunking(t);
        counts.forEach((row, G) => row.forEach((c, T) => expect(c).toBe(G === T ? 0 : 1)));
      }),
    );
  });

  it("property: with fewer groups each pair is joined by ⌊a·h/(g−1)⌋ links, and the a·h mod (g−1) ports of an incomplete round stay unconnected", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...DRAGONFLY_ARRANGEMENTS), fc.integer({ min: 2, max: 21 }), (a, h, arrangement, g) => {
        fc.pre(g - 1 <= a * h);
        const t = dragonfly(g, a, 1, h, arrangement);
        const L = Math.floor((a * h) / (g - 1));
        expect(t.linksPerGroupPair).toBe(L);
        trunking(t).forEach((row, G) => row.forEach((c, T) => expect(c).toBe(G === T ? 0 : L)));
        let unconnected = 0;
        for (let r = 0; r < a; r++) for (let port = t.localPorts; port < t.maxRadix; port++) if (t.neighbor(r, port) < 0) unconnected++;
        expect(unconnected).toBe((a * h) % (g - 1));
      }),
    );
  });

  it("absolute: port j of group G leads to group j, or j+1 from j = G on (Kim et al.; SST Merlin)", () => {
    const g = 9;
    for (let G = 0; G < g; G++) for (let j = 0; j < 8; j++) expect(globalPeer("absolute", g, G, j)[0]).toBe(j < G ? j : j + 1);
  });

  it("relative: port j of group G leads to group G+j+1 mod g, arriving on port g−2−j (SST Merlin)", () => {
    const g = 9;
    for (let G = 0; G < g; G++) for (let j = 0; j < 8; j++) expect(globalPeer("relative", g, G, j)).toEqual([(G + j + 1) % g, g - 2 - j]);
  });

  it("circulant: ports 2s and 2s+1 lead to groups G+(s+1) and G−(s+1), each arriving on the other of its pair; with g−1 odd the last port reaches G+g/2", () => {
    const g = 9;
    for (let G = 0; G < g; G++) {
      for (let s = 0; s < 4; s++) {
        expect(globalPeer("circulant", g, G, 2 * s)).toEqual([(G + s + 1) % g, 2 * s + 1]);
        expect(globalPeer("circulant", g, G, 2 * s + 1)).toEqual([(G - s - 1 + g) % g, 2 * s]);
      }
    }
    expect(globalPeer("circulant", 8, 1, 6)).toEqual([5, 6]);
  });

  it("property: every arrangement is an involution on the ports of complete rounds (the peer's peer is the port itself)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.constantFrom(...DRAGONFLY_ARRANGEMENTS), fc.integer({ min: 1, max: 3 }), (g, arrangement, rounds) => {
        for (let G = 0; G < g; G++) {
          for (let j = 0; j < rounds * (g - 1); j++) {
            const [T, jj] = globalPeer(arrangement, g, G, j);
            expect(T).not.toBe(G);
            expect(globalPeer(arrangement, g, T, jj)).toEqual([G, j]);
          }
        }
      }),
    );
  });

  it("property: router distance equals breadth-first search between every pair of routers", () => {
    fc.assert(
      fc.property(arbDragonfly(200), (t) => {
        for (let r = 0; r < t.routerCount; r++) {
          const bfs = routerBfs(t, r);
          for (let s = 0; s < t.routerCount; s++) expect(t.routerDistance(r, s)).toBe(bfs[s]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("endpoints spread over blocks of routers: with 4 routers per endpoint (HPE Cray EX), a group of 32 routers with 16 ports each has 128 endpoints, each on 4 consecutive routers", () => {
    const t = dragonfly(3, 32, 16, 1, "absolute", 4);
    expect(t.endpointsPerGroup).toBe(128);
    expect(t.endpointCount).toBe(384);
    // Endpoint 130: group 1, block 0, index 2.
    expect(t.endpointCoordinates(130)).toEqual([1, 0, 2]);
    expect([0, 1, 2, 3, 4].map((i) => t.endpointRouter(130, i))).toEqual([32, 33, 34, 35, 32]);
    // Every router has 16 endpoint ports in use.
    const perRouter = new Array<number>(t.routerCount).fill(0);
    for (let e = 0; e < t.endpointCount; e++) for (let i = 0; i < 4; i++) perRouter[t.endpointRouter(e, i)]++;
    expect(new Set(perRouter)).toEqual(new Set([16]));
  });

  it("refuses a dragonfly that cannot join every pair of groups, or a block that does not divide the group, naming the field", () => {
    expect(() => dragonfly(10, 4, 2, 2)).toThrow(/routersPerGroup × globalLinksPerRouter \(4 × 2 = 8\) must be at least groups − 1 \(9\)/);
    expect(() => dragonfly(3, 6, 2, 2, "absolute", 4)).toThrow(/attachmentsPerEndpoint \(4\) must divide routersPerGroup \(6\)/);
    expect(() => dragonfly(0, 4, 2, 2)).toThrow(/groups must be a positive integer/);
    expect(() => new Dragonfly({ groups: 3, routersPerGroup: 2, endpointsPerRouter: 1, globalLinksPerRouter: 1, arrangement: "spiral" as DragonflyArrangement })).toThrow(/arrangement must be one of/);
  });
});
