import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldedRing, foldedRingHops, makePlacement, tofu3dPlacement, type FoldAxis } from "../../src/collectives/index.js";
import { TorusTopology } from "../../src/topology/index.js";

const AXES = ["X", "Y", "Z", "A", "B", "C"];

function tofu(shape: number[], wrap: boolean[]): TorusTopology {
  return new TorusTopology({ shape, wrap, axes: AXES });
}

/** The stated guarantee, written out independently of the code: per (machine, unit) block. */
function statedBound(t: TorusTopology, outer: number, inner: number): number {
  const m = t.shape[outer];
  const u = t.shape[inner];
  const n = m * u;
  if (n <= 2) return n - 1;
  const ring = (a: number) => t.wrap[a] && t.shape[a] >= 3;
  if (ring(outer) || ring(inner)) return 1;
  return m >= 2 && u >= 2 && n % 2 === 0 ? 1 : 2;
}

/** Per logical axis, the most hops between a rank and its logical neighbour either way (wrap included). */
function measuredNeighborHops(t: TorusTopology, placement: Int32Array, dims: readonly number[]): number[] {
  const [dx, dy] = dims;
  const rankOf = (x: number, y: number, z: number) => x + dx * (y + dy * z);
  const worst = [0, 0, 0];
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      for (let x = 0; x < dims[0]; x++) {
        const here = placement[rankOf(x, y, z)];
        for (const step of [1, -1]) {
          const c = [x, y, z];
          for (let axis = 0; axis < 3; axis++) {
            const n = [...c];
            n[axis] = (n[axis] + step + dims[axis]) % dims[axis];
            const hops = t.distance(here, placement[rankOf(n[0], n[1], n[2])]);
            worst[axis] = Math.max(worst[axis], hops);
          }
        }
      }
    }
  }
  return worst;
}

const arbWrap = fc.array(fc.boolean(), { minLength: 6, maxLength: 6 });
const arbXyz = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 });

describe("tofu-3d placement", () => {
  it("property: with a whole Tofu unit (A=2, B=3 ring, C=2) and any X, Y, Z sizes 1–6 and wrap flags, every logical neighbour — wraps included, both directions, all 3 axes — is exactly 1 hop away", () => {
    fc.assert(
      fc.property(arbXyz, arbWrap, (xyz, wrap) => {
        const t = tofu([...xyz, 2, 3, 2], [wrap[0], wrap[1], wrap[2], wrap[3], true, wrap[5]]);
        const p = tofu3dPlacement(t);
        expect(p.dims).toEqual([xyz[0] * 2, xyz[1] * 3, xyz[2] * 2]);
        expect(measuredNeighborHops(t, p.placement, p.dims)).toEqual([1, 1, 1]);
        expect(p.maxNeighborHops).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it("property: on any allocation (X, Y, Z 1–6, partial units A 1–2, B 1–3, C 1–2, random wrap) the measured worst neighbour distance per logical axis equals the stated bound: 0 (one node), 1 (two nodes, or the block has a Hamiltonian cycle: a ring axis, or both sizes ≥ 2 and an even count), else 2", () => {
    fc.assert(
      fc.property(
        arbXyz,
        fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })),
        arbWrap,
        (xyz, abc, wrap) => {
          const t = tofu([...xyz, ...abc], wrap);
          const p = tofu3dPlacement(t);
          const stated = [statedBound(t, 0, 3), statedBound(t, 1, 4), statedBound(t, 2, 5)];
          expect(measuredNeighborHops(t, p.placement, p.dims)).toEqual(stated);
          expect(p.axisNeighborHops).toEqual(stated);
          expect(p.maxNeighborHops).toBe(Math.max(...stated));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: the placement is a bijection from ranks 0..N−1 onto the topology's N nodes", () => {
    fc.assert(
      fc.property(arbXyz, fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })), arbWrap, (xyz, abc, wrap) => {
        const t = tofu([...xyz, ...abc], wrap);
        const p = tofu3dPlacement(t);
        expect(p.placement.length).toBe(t.nodeCount);
        expect(p.dims[0] * p.dims[1] * p.dims[2]).toBe(t.nodeCount);
        expect([...p.placement].sort((a, b) => a - b)).toEqual(Array.from({ length: t.nodeCount }, (_, i) => i));
      }),
      { numRuns: 200 },
    );
  });

  it("the bound is optimal: a brute-force search finds a one-hop cyclic order (a Hamiltonian cycle) of a block exactly when the bound says 1", () => {
    for (let m = 1; m <= 5; m++) {
      for (let u = 1; u <= 4; u++) {
        for (const ringM of [false, true]) {
          for (const ringU of [false, true]) {
            const outer: FoldAxis = { size: m, ring: ringM && m >= 3 };
            const inner: FoldAxis = { size: u, ring: ringU && u >= 3 };
            if (m * u < 3) continue;
            expect(hasHamiltonianCycle(outer, inner), `${m}${outer.ring ? "r" : ""} x ${u}${inner.ring ? "r" : ""}`).toBe(foldedRingHops(outer, inner) === 1);
            expect(foldedRing(outer, inner).outer.length).toBe(m * u);
          }
        }
      }
    }
  });

  it("on the 2x2x2x2x3x2 Tofu block: a 4x6x4 grid; x goes out along X at a=0 and back at a=1; y goes along Y at b=0 and back over b=1, 2", () => {
    const t = tofu([2, 2, 2, 2, 3, 2], [true, true, true, false, true, false]);
    const p = tofu3dPlacement(t);
    expect(p.dims).toEqual([4, 6, 4]);
    const xa = [0, 1, 2, 3].map((x) => t.coordsOf(p.placement[x])).map((c) => [c[0], c[3]]);
    expect(xa).toEqual([[0, 0], [1, 0], [1, 1], [0, 1]]);
    const yb = [0, 1, 2, 3, 4, 5].map((y) => t.coordsOf(p.placement[4 * y])).map((c) => [c[1], c[4]]);
    expect(yb).toEqual([[0, 0], [1, 0], [1, 1], [1, 2], [0, 2], [0, 1]]);
  });

  it("makePlacement kind tofu-3d takes the first N ranks of the logical grid order, and needs the topology", () => {
    const t = tofu([3, 2, 2, 2, 3, 2], [false, false, false, false, true, false]);
    const full = tofu3dPlacement(t).placement;
    expect([...makePlacement({ kind: "tofu-3d", topology: t })]).toEqual([...full]);
    expect([...makePlacement({ kind: "tofu-3d", topology: t, rankCount: 20 })]).toEqual([...full.slice(0, 20)]);
    expect(() => makePlacement({ kind: "tofu-3d", nodeCount: t.nodeCount })).toThrow(/needs the topology/);
    expect(() => makePlacement({ kind: "tofu-3d", topology: t, nodes: [0, 1] })).toThrow(/whole topology/);
    expect(() => tofu3dPlacement(new TorusTopology({ shape: [4, 4, 4], wrap: [true, true, true], axes: ["X", "Y", "Z"] }))).toThrow(/X, Y, Z, A, B, C/);
  });
});

/** Test-only: depth-first search for a cycle through every node of the block using one-hop steps. */
function hasHamiltonianCycle(outer: FoldAxis, inner: FoldAxis): boolean {
  const m = outer.size;
  const u = inner.size;
  const n = m * u;
  const steps = (size: number, ring: boolean, c: number) => {
    const out = new Set<number>();
    if (c + 1 < size) out.add(c + 1);
    if (c - 1 >= 0) out.add(c - 1);
    if (ring) {
      out.add((c + 1) % size);
      out.add((c - 1 + size) % size);
    }
    out.delete(c);
    return [...out];
  };
  const adj: number[][] = [];
  for (let v = 0; v < n; v++) {
    const o = v % m;
    const i = Math.floor(v / m);
    adj.push([...steps(m, outer.ring, o).map((o2) => o2 + i * m), ...steps(u, inner.ring, i).map((i2) => o + i2 * m)]);
  }
  const seen = new Uint8Array(n);
  const dfs = (v: number, count: number): boolean => {
    if (count === n) return adj[v].includes(0);
    for (const w of adj[v]) {
      if (seen[w]) continue;
      seen[w] = 1;
      if (dfs(w, count + 1)) return true;
      seen[w] = 0;
    }
    return false;
  };
  seen[0] = 1;
  return dfs(0, 1);
}
