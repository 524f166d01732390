import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RANK_MAPS, layTofuJob, planTofuJob, rankOrder, type RankMap, type TofuJobPlan } from "../../src/collectives/index.js";
import { Rng } from "../../src/engine/index.js";
import { TorusTopology } from "../../src/topology/index.js";

const AXES = ["X", "Y", "Z", "A", "B", "C"];

function machine(xyz: readonly number[], wrap = [true, true, true, false, true, false], abc: readonly number[] = [2, 3, 2]): TorusTopology {
  return new TorusTopology({ shape: [...xyz, ...abc], wrap, axes: AXES });
}

/** The block the plan asks for, cut as a torus-mode allocation does (wrap only on whole axes). */
function blockOf(m: TorusTopology, plan: TofuJobPlan): TorusTopology {
  const shape = plan.blockShape as readonly number[];
  return new TorusTopology({ shape, wrap: shape.map((k, i) => k === m.shape[i] && m.ring[i]), axes: AXES });
}

function lay(m: TorusTopology, nodes: number[], rankMap?: RankMap) {
  const plan = planTofuJob(m, { nodes, mode: "torus", rankMap });
  const block = blockOf(m, plan);
  return { plan, block, layout: layTofuJob(block, plan) };
}

/** Per logical axis of the layout, the most hops between a position and its successor (wrap included), measured on the block. */
function measuredHops(block: TorusTopology, dims: readonly number[], placement: Int32Array, order: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (const axis of order) {
    strides[axis] = s;
    s *= dims[axis];
  }
  const rankOf = (c: number[]) => c.reduce((sum, v, axis) => sum + v * (strides[axis] ?? 0), 0);
  const worst = dims.map(() => 0);
  const total = dims.reduce((a, b) => a * b, 1);
  for (let r = 0; r < total; r++) {
    const c = dims.map((d, axis) => Math.floor(r / (strides[axis] ?? 1)) % d);
    for (let axis = 0; axis < dims.length; axis++) {
      if (dims[axis] === 1) continue;
      const n = [...c];
      n[axis] = (n[axis] + 1) % dims[axis];
      worst[axis] = Math.max(worst[axis], block.distance(placement[rankOf(c)], placement[rankOf(n)]));
    }
  }
  return worst;
}

/** The stated bound, written out independently of the code: a Hamiltonian cycle exists on the block of these axes iff … */
function statedBound(block: TorusTopology, axes: readonly number[], extents: readonly number[]): number {
  const n = extents.reduce((a, b) => a * b, 1);
  if (n <= 2) return n - 1;
  const ring = axes.some((a, k) => block.wrap[a] && block.shape[a] === extents[k] && extents[k] >= 3);
  if (ring) return 1;
  return extents.filter((e) => e >= 2).length >= 2 && n % 2 === 0 ? 1 : 2;
}

/** A 1-D job's whole block, in XYZ order (the layout of a job that fills it). */
function fullPlacement(block: TorusTopology, plan: TofuJobPlan): Int32Array {
  const [dx, dy, dz] = plan.layoutDims;
  const full = { ...plan, ranks: dx * dy * dz, request: { ...plan.request, nodes: [dx, dy, dz] } };
  return layTofuJob(block, full).placement;
}

const arbShape3 = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 3, maxLength: 3 });
const arbXyz = fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 3, maxLength: 3 });

describe("Fugaku jobs on a Tofu machine", () => {
  it("property: every rank of a torus job (any 1-3-D shape that fits) is on its own node of the job's block, and the block holds no more nodes than the job's 3-D layout", () => {
    fc.assert(
      fc.property(arbXyz, fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(...RANK_MAPS), (xyz, nodes, map) => {
        const m = machine(xyz);
        const rankMap = map.length === nodes.length ? map : undefined;
        let result;
        try {
          result = lay(m, nodes, rankMap);
        } catch (e) {
          expect(String(e)).toMatch(/does not fit/);
          return;
        }
        const { plan, block, layout } = result;
        const ranks = nodes.reduce((a, b) => a * b, 1);
        expect(layout.placement.length).toBe(ranks);
        expect(new Set(layout.placement).size).toBe(ranks);
        for (const node of layout.placement) expect(node).toBeGreaterThanOrEqual(0), expect(node).toBeLessThan(block.nodeCount);
        expect(block.nodeCount).toBe(plan.layoutDims[0] * plan.layoutDims[1] * plan.layoutDims[2]);
      }),
      { numRuns: 300 },
    );
  });

  it("property: a torus job's logical neighbours — wraps included, every axis — are one hop apart wherever the physical axes under that logical axis allow a one-hop cycle (a ring among them, or two extents ≥ 2 and an even count), two hops otherwise; the layout states the measured figure", () => {
    fc.assert(
      fc.property(arbXyz, fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (xyz, shape, wrap) => {
        const m = machine(xyz, [...wrap, false, true, false]);
        let result;
        try {
          result = lay(m, shape);
        } catch (e) {
          expect(String(e)).toMatch(/does not fit/);
          return;
        }
        const { block, layout, plan } = result;
        const dims = [...plan.layoutDims];
        const measured = measuredHops(block, dims, layout.placement.length === dims[0] * dims[1] * dims[2] ? layout.placement : fullPlacement(block, plan), [0, 1, 2]);
        for (let axis = 0; axis < 3; axis++) {
          expect(measured[axis], `logical axis ${axis} of ${dims.join("x")} on ${xyz.join("x")}`).toBe(statedBound(block, plan.axisPlans[axis].axes, plan.axisPlans[axis].extents));
          expect(layout.axisNeighborHops[axis]).toBe(measured[axis]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("property: on whole Tofu units, every logical size of a 3-D torus job that is even (or a multiple of 3 for y) gives one-hop neighbours when Fugaku's unit axis under it is free", () => {
    fc.assert(
      fc.property(arbXyz, arbShape3, fc.constantFrom("XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX") as fc.Arbitrary<RankMap>, (xyz, shape, rankMap) => {
        let result;
        try {
          result = lay(machine(xyz), shape, rankMap);
        } catch (e) {
          expect(String(e)).toMatch(/does not fit/);
          return;
        }
        const { block, layout, plan } = result;
        const measured = measuredHops(block, shape, layout.placement, rankOrder(plan.rankMap));
        for (let axis = 0; axis < 3; axis++) {
          const unit = ["A", "B", "C"][axis];
          const foldsOnUnit = plan.axisPlans[axis].axes.some((a) => block.axes[a] === unit);
          if (shape[axis] > 1 && foldsOnUnit) expect(measured[axis]).toBe(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("property: a 2-D job whose sizes are even lays both logical axes as one-hop cycles, even where an axis spans several physical axes (64x64, 32x256 on Fugaku's unit and machine sizes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 64 }), (hx, hy) => {
        const m = machine([24, 23, 24]);
        const shape = [2 * hx, 2 * hy];
        let result;
        try {
          result = lay(m, shape);
        } catch (e) {
          expect(String(e)).toMatch(/does not fit/); // a prime factor larger than every axis
          return;
        }
        expect(measuredHops(result.block, shape, result.layout.placement, [0, 1])).toEqual([1, 1]);
      }),
      { numRuns: 60 },
    );
    for (const shape of [[64, 64], [32, 256]]) {
      const { block, layout } = lay(machine([24, 23, 24]), shape);
      expect(new Set(layout.placement).size).toBe(shape[0] * shape[1]);
      expect(measuredHops(block, shape, layout.placement, [0, 1])).toEqual([1, 1]);
    }
  });

  it("numbers ranks with the rank map's first letter fastest (BINE's 4x4x4 XZY job: (1,0,0) → 1, (0,0,1) → 4, (0,1,0) → 16)", () => {
    const { layout } = lay(machine([24, 23, 24]), [4, 4, 4], "XZY");
    expect(layout.logicalOf(1)).toEqual([1, 0, 0]);
    expect(layout.logicalOf(4)).toEqual([0, 0, 1]);
    expect(layout.logicalOf(16)).toEqual([0, 1, 0]);
    expect(layout.grid).toEqual([4, 4, 4]);
    expect(lay(machine([24, 23, 24]), [2, 3, 5], "ZXY").layout.grid).toEqual([5, 2, 3]);
    expect(lay(machine([24, 23, 24]), [4, 8, 8]).layout.logicalOf(37)).toEqual([1, 1, 1]);
  });

  it("folds 4x4x4 onto a 2x2x2x2x2x2 block and 4x8x8 onto (X 2, A 2) x (Y 4, B 2) x (Z 4, C 2): sub-unit granularity, as Fugaku runs 64- and 256-node torus jobs", () => {
    expect(lay(machine([24, 23, 24]), [4, 4, 4]).plan.blockShape).toEqual([2, 2, 2, 2, 2, 2]);
    expect(lay(machine([24, 23, 24]), [4, 8, 8]).plan.blockShape).toEqual([2, 4, 4, 2, 2, 2]);
    expect(lay(machine([24, 23, 24]), [48, 6, 48]).plan.blockShape).toEqual([24, 2, 24, 2, 3, 2]);
  });

  it("lays a 1-D job of N nodes over the most cubic block that holds N, ranks in XYZ order, and over the whole machine when N is every node", () => {
    const big = machine([24, 23, 24]);
    expect(lay(big, [64]).plan.layoutDims).toEqual([4, 4, 4]);
    expect(lay(big, [1024]).plan.layoutDims).toEqual([16, 8, 8]);
    expect(lay(big, [1024]).layout.grid).toEqual([16, 8, 8]);
    const prime = lay(big, [67]);
    expect(prime.layout.placement.length).toBe(67);
    expect(prime.plan.layoutDims.reduce((a, b) => a * b, 1)).toBeGreaterThan(67);
    expect(prime.layout.grid).toEqual([67]);
    const small = machine([2, 2, 2]);
    expect(lay(small, [96]).plan.blockShape).toEqual([2, 2, 2, 2, 3, 2]);
  });

  it("refuses a shape that does not fit, naming the logical axis, and a rank map with the wrong number of letters", () => {
    expect(() => planTofuJob(machine([2, 2, 2]), { nodes: [4, 4, 5], mode: "torus" })).toThrow(/logical z of 5 does not fit/);
    expect(() => planTofuJob(machine([24, 23, 24]), { nodes: [64], mode: "torus", rankMap: "XY" })).toThrow(/1-D job has no rank map/);
    expect(() => planTofuJob(machine([24, 23, 24]), { nodes: [4, 4], mode: "torus", rankMap: "XYZ" })).toThrow(/3 letters; the shape has 2 axes/);
    expect(() => planTofuJob(new TorusTopology({ shape: [4, 4, 4], wrap: [true, true, true], axes: ["X", "Y", "Z"] }), { nodes: [8], mode: "torus" })).toThrow(/axes X, Y, Z, A, B, C/);
  });

  it("draws a noncont job's nodes at random from the whole machine, the same for the same seed, and says the placement is synthetic", () => {
    const m = machine([4, 4, 4]);
    const plan = planTofuJob(m, { nodes: [64], mode: "noncont" });
    const a = layTofuJob(m, plan, Rng.fromSeed(3));
    const b = layTofuJob(m, plan, Rng.fromSeed(3));
    expect([...a.placement]).toEqual([...b.placement]);
    expect(new Set(a.placement).size).toBe(64);
    expect(a.notes.join()).toMatch(/noncont.*random/);
  });
});
