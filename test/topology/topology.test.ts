import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TorusTopology } from "../../src/topology/index.js";
import { arbTopology, arbTopologyAndPair } from "../support/arbitraries.js";

describe("TorusTopology", () => {
  it("property: node id ↔ coordinates round-trips", () => {
    fc.assert(
      fc.property(arbTopologyAndPair(), ({ topo, a }) => {
        expect(topo.nodeAt(topo.coordsOf(a))).toBe(a);
        topo.coordsOf(a).forEach((c, i) => expect(c).toBe(topo.coord(a, i)));
      }),
    );
  });

  it("property: neighbour relations are symmetric and move ±1 along one axis", () => {
    fc.assert(
      fc.property(arbTopology(2000), (topo) => {
        for (let n = 0; n < topo.nodeCount; n++) {
          for (let p = 0; p < topo.portCount; p++) {
            const m = topo.neighbor(n, p);
            if (m < 0) continue;
            const axis = topo.portAxis[p];
            const back = topo.portFor(axis, topo.portDirection[p] === 0 ? 1 : (-topo.portDirection[p] as 1 | -1));
            expect(topo.neighbor(m, back)).toBe(n);
            expect(topo.distance(n, m)).toBe(1);
            for (let i = 0; i < topo.axisCount; i++) if (i !== axis) expect(topo.coord(m, i)).toBe(topo.coord(n, i));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("property: distance is a metric (identity, symmetry, triangle inequality)", () => {
    fc.assert(
      fc.property(
        arbTopology().chain((topo) =>
          fc.tuple(fc.constant(topo), ...[0, 1, 2].map(() => fc.integer({ min: 0, max: topo.nodeCount - 1 }))),
        ),
        ([topo, a, b, c]) => {
          expect(topo.distance(a, a)).toBe(0);
          if (a !== b) expect(topo.distance(a, b)).toBeGreaterThan(0);
          expect(topo.distance(a, b)).toBe(topo.distance(b, a));
          expect(topo.distance(a, c)).toBeLessThanOrEqual(topo.distance(a, b) + topo.distance(b, c));
          expect(topo.distance(a, b)).toBeLessThanOrEqual(topo.diameter);
        },
      ),
    );
  });

  it("property: minimal distance equals breadth-first search over the links", () => {
    fc.assert(
      fc.property(arbTopologyAndPair(500), ({ topo, a }) => {
        const dist = new Int32Array(topo.nodeCount).fill(-1);
        dist[a] = 0;
        const queue = [a];
        for (let q = 0; q < queue.length; q++) {
          const n = queue[q];
          for (let p = 0; p < topo.portCount; p++) {
            const m = topo.neighbor(n, p);
            if (m >= 0 && dist[m] < 0) {
              dist[m] = dist[n] + 1;
              queue.push(m);
            }
          }
        }
        for (let n = 0; n < topo.nodeCount; n++) expect(dist[n]).toBe(topo.distance(a, n));
      }),
      { numRuns: 60 },
    );
  });

  it("gives a size-2 axis one link and one port, even with wrap, and a size-1 axis none", () => {
    const t = new TorusTopology({ shape: [2, 1, 3], wrap: [true, true, true], axes: ["A", "U", "B"] });
    expect(t.portCount).toBe(3); // A: 1, U: 0, B: 2
    expect(t.ring).toEqual([false, false, true]);
    // 6 nodes; A: 1 channel per node; B ring of 3: 2 channels per node.
    expect(t.linkCount).toBe(6 * 3);
  });

  it("counts Fugaku's 158,976 nodes, 10 ports per node and a 38-hop diameter", () => {
    const t = new TorusTopology({
      shape: [24, 23, 24, 2, 3, 2],
      wrap: [true, true, true, false, true, false],
      axes: ["X", "Y", "Z", "A", "B", "C"],
    });
    expect(t.nodeCount).toBe(158_976);
    expect(t.portCount).toBe(10);
    expect(t.linkCount).toBe(158_976 * 10);
    expect(t.diameter).toBe(12 + 11 + 12 + 1 + 1 + 1);
  });

  it("leaves mesh edge ports unconnected", () => {
    const t = new TorusTopology({ shape: [4], wrap: [false], axes: ["X"] });
    expect(t.neighbor(3, t.portFor(0, 1))).toBe(-1);
    expect(t.neighbor(0, t.portFor(0, -1))).toBe(-1);
    expect(t.linkCount).toBe(6);
  });

  it("rejects malformed shapes with a message", () => {
    expect(() => new TorusTopology({ shape: [], wrap: [], axes: [] })).toThrow(/at least one axis/);
    expect(() => new TorusTopology({ shape: [0], wrap: [true], axes: ["X"] })).toThrow(/axis sizes/);
    expect(() => new TorusTopology({ shape: [2, 2], wrap: [true], axes: ["X", "Y"] })).toThrow(/wrap has 1/);
    expect(() => new TorusTopology({ shape: [2, 2], wrap: [true, true], axes: ["X", "X"] })).toThrow(/unique/);
    const t = new TorusTopology({ shape: [3, 3], wrap: [true, true], axes: ["X", "Y"] });
    expect(() => t.nodeAt([3, 0])).toThrow(/outside/);
  });
});
