import { requireTorus, type Topology } from "../topology/index.js";
import { foldedRing, type FoldAxis } from "./folded-ring.js";

/** A logical 3D rank grid laid onto a Tofu allocation. */
export interface Tofu3dPlacement {
  /** Rank → node; rank = x + dx·(y + dy·z). */
  readonly placement: Int32Array;
  /** The logical grid [dx, dy, dz] = [|X|·|A|, |Y|·|B|, |Z|·|C|]. */
  readonly dims: [number, number, number];
  /** Per logical axis: the most hops between two logical neighbours along it, wrap included. */
  readonly axisNeighborHops: [number, number, number];
  /** The largest of `axisNeighborHops`. */
  readonly maxNeighborHops: number;
}

/** The physical axes folded into each logical axis: (machine axis, Tofu unit axis). */
export const TOFU_3D_PAIRS: readonly (readonly [string, string])[] = [
  ["X", "A"],
  ["Y", "B"],
  ["Z", "C"],
];

/**
 * `tofu-3d`: the virtual 3D torus Fugaku shows a job, laid onto its 6D allocation (axes X, Y, Z,
 * A, B, C; any sizes and wrap flags). Logical x runs over the (X, A) block, y over (Y, B), z over
 * (Z, C), each as a `foldedRing`: e.g. out along X at a = 0 and back at a = 1, so the logical
 * ring of 2·|X| closes with one-hop steps even when X is an open line; (Y, B) with B a ring of
 * 3 goes along Y at b = 0 and snakes back over b = 1, 2, which closes in one hop whatever Y is.
 * The exact embedding Fugaku uses is not public; this one only promises the bound below.
 *
 * Guarantee: every two ranks that are logical neighbours (x ± 1 mod dx, likewise y, z — across
 * the logical wrap too) are at most `axisNeighborHops[axis]` hops apart, which is
 *   0 when the block has one node, 1 when it has two;
 *   1 when the block (machine axis × unit axis) has a Hamiltonian cycle: when either axis is a
 *     ring, or both have size ≥ 2 and the block an even node count — always with a whole Tofu
 *     unit (A = 2, B = 3 ring, C = 2), whatever the X, Y, Z sizes and wrap flags;
 *   2 otherwise (an axis of size 1 with the other an open line of ≥ 3, or both open and odd),
 *     where no order of those nodes does better.
 * Logical axes map to disjoint physical axes, so a move along one never adds hops on another.
 */
export function tofu3dPlacement(machine: Topology): Tofu3dPlacement {
  const topology = requireTorus(machine, "tofu-3d placement");
  const index = (name: string) => {
    const i = topology.axes.indexOf(name);
    if (i < 0) throw new RangeError(`tofu-3d placement needs axes X, Y, Z, A, B, C; the topology has ${topology.axes.join(", ")}`);
    return i;
  };
  if (topology.axisCount !== 6) {
    throw new RangeError(`tofu-3d placement needs exactly the 6 axes X, Y, Z, A, B, C; the topology has ${topology.axes.join(", ")}`);
  }
  const axis = (i: number): FoldAxis => ({ size: topology.shape[i], ring: topology.ring[i] });
  const pairs = TOFU_3D_PAIRS.map(([outer, inner]) => {
    const o = index(outer);
    const u = index(inner);
    return { o, u, ring: foldedRing(axis(o), axis(u)) };
  });
  const [px, py, pz] = pairs;
  const dims: [number, number, number] = [px.ring.outer.length, py.ring.outer.length, pz.ring.outer.length];
  const placement = new Int32Array(topology.nodeCount);
  const strides = topology.strides;
  // perf: a node id is the sum of each pair's share (coordinate × stride), so each pair's
  // shares are computed once per logical position, not once per rank.
  const share = pairs.map(({ o, u, ring }) => Int32Array.from(ring.outer, (c, k) => c * strides[o] + ring.inner[k] * strides[u]));
  let rank = 0;
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      for (let x = 0; x < dims[0]; x++) placement[rank++] = share[0][x] + share[1][y] + share[2][z];
    }
  }
  const axisNeighborHops: [number, number, number] = [px.ring.maxStepHops, py.ring.maxStepHops, pz.ring.maxStepHops];
  return { placement, dims, axisNeighborHops, maxNeighborHops: Math.max(...axisNeighborHops) };
}
