import fc from "fast-check";
import { TorusTopology } from "../../src/topology/index.js";

/** Random mesh/torus shapes: 1–6 axes, sizes 1–9, random wrap; capped in node count. */
export function arbTopology(maxNodes = 4096, maxAxes = 6, maxSize = 9): fc.Arbitrary<TorusTopology> {
  return fc
    .array(fc.record({ size: fc.integer({ min: 1, max: maxSize }), wrap: fc.boolean() }), { minLength: 1, maxLength: maxAxes })
    .filter((axes) => axes.reduce((n, a) => n * a.size, 1) <= maxNodes)
    .map(
      (axes) =>
        new TorusTopology({
          shape: axes.map((a) => a.size),
          wrap: axes.map((a) => a.wrap),
          axes: axes.map((_, i) => `D${i}`),
        }),
    );
}

/** A topology with two of its nodes. */
export function arbTopologyAndPair(maxNodes = 4096): fc.Arbitrary<{ topo: TorusTopology; a: number; b: number }> {
  return arbTopology(maxNodes).chain((topo) =>
    fc.record({
      topo: fc.constant(topo),
      a: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
      b: fc.integer({ min: 0, max: topo.nodeCount - 1 }),
    }),
  );
}

/** A permutation of 0..n-1. */
export function arbPermutation(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n });
}
