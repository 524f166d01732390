import type { Rng } from "../engine/index.js";
import { TorusTopology, type Topology } from "../topology/index.js";
import { tofu3dPlacement } from "./tofu-placement.js";

/** How ranks are laid onto nodes. */
export type PlacementKind = "linear" | "random" | "tofu-3d";

export const PLACEMENT_KINDS: readonly PlacementKind[] = ["linear", "random", "tofu-3d"];

export interface PlacementOptions {
  readonly kind: PlacementKind;
  /** Ranks in the job; default: one per node. */
  readonly rankCount?: number;
  /** The nodes the job may use, in order; default 0..nodeCount−1. */
  readonly nodes?: ArrayLike<number>;
  /** Nodes in the machine (needed when `nodes` is not given). */
  readonly nodeCount?: number;
  /** Root random stream; `random` draws from its sub-stream "placement". */
  readonly rng?: Rng;
  /** The job's allocation, needed by `tofu-3d` (which uses all of it: give no `nodes`). */
  readonly topology?: Topology;
}

/**
 * Rank → node as an Int32Array. `linear`: rank i on the i-th node of the list. `random`: the
 * node list shuffled (Fisher–Yates on rng.stream("placement")). `tofu-3d`: the logical 3D grid
 * of `tofu3dPlacement` over the whole topology, in rank order (x fastest). A job of fewer ranks
 * than nodes takes the first nodes in placement order.
 */
export function makePlacement(options: PlacementOptions): Int32Array {
  const nodes = options.kind === "tofu-3d" ? tofuNodes(options) : nodeList(options);
  const rankCount = options.rankCount ?? nodes.length;
  if (!Number.isInteger(rankCount) || rankCount < 1 || rankCount > nodes.length) {
    throw new RangeError(`rank count must be an integer in 1..${nodes.length} (the nodes available), got ${rankCount}`);
  }
  if (options.kind === "random") {
    if (options.rng === undefined) throw new RangeError("random placement needs an rng");
    options.rng.stream("placement").shuffle(nodes);
  }
  return nodes.slice(0, rankCount);
}

/** Rank i on the i-th node (of `nodes`, or of 0..nodeCount−1). */
export function linearPlacement(rankCount: number, nodeCount: number, nodes?: ArrayLike<number>): Int32Array {
  return makePlacement({ kind: "linear", rankCount, nodeCount, nodes });
}

/** Ranks on a seeded random choice of distinct nodes. */
export function randomPlacement(rankCount: number, nodeCount: number, rng: Rng, nodes?: ArrayLike<number>): Int32Array {
  return makePlacement({ kind: "random", rankCount, nodeCount, nodes, rng });
}

function tofuNodes(options: PlacementOptions): Int32Array {
  const topology = options.topology;
  if (topology === undefined) throw new RangeError("tofu-3d placement needs the topology (the job's allocation)");
  if (options.nodes !== undefined) throw new RangeError("tofu-3d placement lays ranks over the whole topology; give the allocation as the topology, not a node list");
  if (options.nodeCount !== undefined && options.nodeCount !== topology.endpointCount) {
    throw new RangeError(`node count ${options.nodeCount} differs from the topology's ${topology.endpointCount} nodes`);
  }
  return tofu3dPlacement(topology).placement;
}

function nodeList(options: PlacementOptions): Int32Array {
  if (options.nodes !== undefined) {
    const list = Int32Array.from(options.nodes);
    const seen = new Set<number>();
    for (const n of list) {
      if (n < 0 || (options.nodeCount !== undefined && n >= options.nodeCount)) {
        throw new RangeError(`node ${n} is outside 0..${(options.nodeCount ?? Infinity) - 1}`);
      }
      if (seen.has(n)) throw new RangeError(`node ${n} appears twice in the node list`);
      seen.add(n);
    }
    return list;
  }
  const count = options.nodeCount;
  if (count === undefined || !Number.isInteger(count) || count < 1) {
    throw new RangeError(`a placement needs nodes or a positive node count, got ${count}`);
  }
  const list = new Int32Array(count);
  for (let i = 0; i < count; i++) list[i] = i;
  return list;
}

/**
 * A lower bound on the largest minimal hop count between two placed ranks, for
 * `allreduceLowerBoundNs`: exact (all pairs) up to 4,096 ranks, the whole topology's diameter
 * when the ranks cover every node, otherwise on a torus the largest spread along any single
 * axis (a pair that far apart along one axis is at least that far apart), and elsewhere the
 * farthest rank from rank 0 (a real pair, so never more than the largest).
 */
export function placementDiameterHops(topology: Topology, placement: Int32Array): number {
  const p = placement.length;
  if (p <= 4096) {
    let best = 0;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) best = Math.max(best, topology.distance(placement[i], placement[j]));
    }
    return best;
  }
  if (new Set(placement).size === topology.endpointCount) return topology.diameter;
  let best = 0;
  if (!(topology instanceof TorusTopology)) {
    for (let i = 1; i < p; i++) best = Math.max(best, topology.distance(placement[0], placement[i]));
    return best;
  }
  for (let axis = 0; axis < topology.axisCount; axis++) {
    const present = new Uint8Array(topology.shape[axis]);
    for (let i = 0; i < p; i++) present[topology.coord(placement[i], axis)] = 1;
    const coords: number[] = [];
    present.forEach((v, c) => {
      if (v) coords.push(c);
    });
    for (const a of coords) for (const b of coords) best = Math.max(best, topology.axisDistance(axis, a, b));
  }
  return best;
}
