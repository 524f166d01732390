import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankOrder, type TofuJobLayout } from "../../src/collectives/index.js";
import { placeJob, type JobInput } from "../../src/scenario/job.js";
import { resolveMachine, type Machine } from "../../src/scenario/machine.js";
import { TorusTopology, requireTorus } from "../../src/topology/index.js";

const FUGAKU = resolveMachine("fugaku");
const AXES = ["X", "Y", "Z", "A", "B", "C"];

/** The fugaku preset on another XYZ size (the unit and every parameter kept). */
function machine(xyz: readonly number[], wrap: readonly boolean[] = [true, true, true]): Machine {
  return { ...FUGAKU, name: `tofu-${xyz.join("x")}`, topology: new TorusTopology({ shape: [...xyz, 2, 3, 2], wrap: [...wrap, false, true, false], axes: AXES }) };
}

function place(m: Machine, job: JobInput) {
  const { machine: cut, job: layout } = placeJob(m, job, undefined, "job.yaml", 1);
  if (layout === undefined) throw new Error("no job laid");
  return { block: requireTorus(cut.topology, "test"), layout };
}

/**
 * Per logical axis, the most hops between a rank and its logical successor (wrap included),
 * measured on the block with the rank map's numbering (first letter fastest).
 */
function neighbourHops(block: TorusTopology, layout: TofuJobLayout): number[] {
  const shape = layout.shape;
  const order = shape.length === 1 ? [0] : rankOrder(layout.rankMap ?? "XYZ");
  const strides: number[] = [];
  let s = 1;
  for (const axis of order) {
    strides[axis] = s;
    s *= shape[axis];
  }
  const worst = shape.map(() => 0);
  const coords = shape.map(() => 0);
  for (let r = 0; r < layout.ranks; r++) {
    for (let axis = 0; axis < shape.length; axis++) coords[axis] = Math.floor(r / strides[axis]) % shape[axis];
    for (let axis = 0; axis < shape.length; axis++) {
      if (shape[axis] === 1) continue;
      const next = r + ((coords[axis] + 1) % shape[axis] - coords[axis]) * strides[axis];
      const hops = block.distance(layout.placement[r], layout.placement[next]);
      if (hops > worst[axis]) worst[axis] = hops;
    }
  }
  return worst;
}

const arbXyz = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 });
/** A machine and a 3-D shape [2a, 3b, 2c] with a ≤ X, b ≤ Y, c ≤ Z: each logical axis fits on its own (machine axis, unit axis) pair, whose folded cycle needs no wrap-around link. */
const arbFoldable = arbXyz.chain((xyz) =>
  fc.tuple(fc.constant(xyz), fc.tuple(fc.integer({ min: 1, max: xyz[0] }), fc.integer({ min: 1, max: xyz[1] }), fc.integer({ min: 1, max: xyz[2] })).map(([a, b, c]) => [2 * a, 3 * b, 2 * c])),
);

describe("job modes up to the whole machine", () => {
  it("property: a mesh job's block drops the machine's X, Y, Z wrap-around links (but rings of 3, whose links all join neighbours), every rank sits on its own node of it, and logical neighbours are one hop apart where each logical axis folds over its own machine and unit axes (x = 2a, y = 3b, z = 2c)", () => {
    fc.assert(
      fc.property(arbFoldable, ([xyz, shape]) => {
        const { block, layout } = place(machine(xyz), { nodes: shape, mode: "mesh" });
        expect(block.wrap.slice(0, 3)).toEqual(block.shape.slice(0, 3).map((k, i) => k === 3 && k === xyz[i]));
        expect(layout.placement.length).toBe(shape[0] * shape[1] * shape[2]);
        expect(new Set(layout.placement).size).toBe(layout.ranks);
        for (const node of layout.placement) expect(node).toBeLessThan(block.nodeCount);
        expect(neighbourHops(block, layout)).toEqual([1, 1, 1]);
        expect(layout.axisNeighborHops).toEqual([1, 1, 1]);
      }),
      { numRuns: 150 },
    );
  });

  it("property: a mesh job of any 1-3-D shape that fits puts every rank on its own node, states the neighbour distances it measures, and never has logical neighbours closer than the torus job of the same shape", () => {
    fc.assert(
      fc.property(arbXyz, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }), (xyz, shape) => {
        let torus, mesh;
        try {
          torus = place(machine(xyz), { nodes: shape, mode: "torus" });
          mesh = place(machine(xyz), { nodes: shape, mode: "mesh" });
        } catch (e) {
          expect(String(e)).toMatch(/does not fit/);
          return;
        }
        expect(new Set(mesh.layout.placement).size).toBe(mesh.layout.ranks);
        const t = neighbourHops(torus.block, torus.layout);
        const m = neighbourHops(mesh.block, mesh.layout);
        if (shape.length === 3) expect(mesh.layout.axisNeighborHops).toEqual(m);
        for (let axis = 0; axis < shape.length; axis++) expect(m[axis]).toBeGreaterThanOrEqual(t[axis]);
      }),
      { numRuns: 150 },
    );
  });

  it("the whole of Fugaku as a 48x69x48 torus job (158,976 ranks): every rank on its own node, every logical neighbour one hop away, wraps included", () => {
    const { block, layout } = place(FUGAKU, { nodes: [48, 69, 48], mode: "torus", rankMap: "XYZ" });
    expect(block.shape).toEqual([24, 23, 24, 2, 3, 2]);
    expect(layout.ranks).toBe(158_976);
    expect(new Set(layout.placement).size).toBe(158_976);
    expect(neighbourHops(block, layout)).toEqual([1, 1, 1]);
    expect(layout.grid).toEqual([48, 69, 48]);
  });

  it("the whole of Fugaku as a mesh job: no machine wrap-around links, and still every logical neighbour one hop away", () => {
    const { block, layout } = place(FUGAKU, { nodes: [48, 69, 48], mode: "mesh", rankMap: "ZYX" });
    expect(block.wrap).toEqual([false, false, false, false, true, false]);
    expect(new Set(layout.placement).size).toBe(158_976);
    expect(neighbourHops(block, layout)).toEqual([1, 1, 1]);
  });

  it("the whole of Fugaku as a 2-D torus job (48x3312): rank per node, one-hop logical neighbours on both axes", () => {
    const { block, layout } = place(FUGAKU, { nodes: [48, 3312], mode: "torus" });
    expect(new Set(layout.placement).size).toBe(158_976);
    expect(neighbourHops(block, layout)).toEqual([1, 1]);
    expect(layout.grid).toEqual([48, 3312]);
  });

  it("node=158976 (1-D) takes the whole machine and runs torus-aware algorithms on its 3-D grid; noncont of every node is a bijection onto the machine", () => {
    const one = place(FUGAKU, { nodes: [158_976], mode: "torus" });
    expect(one.block.nodeCount).toBe(158_976);
    expect(new Set(one.layout.placement).size).toBe(158_976);
    expect(one.layout.grid.length).toBe(3);
    expect(one.layout.grid.reduce((a, b) => a * b, 1)).toBe(158_976);
    const noncont = place(FUGAKU, { nodes: [158_976], mode: "noncont" });
    expect(noncont.block.nodeCount).toBe(158_976);
    expect(new Set(noncont.layout.placement).size).toBe(158_976);
  });
});
