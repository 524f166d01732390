import type { Topology } from "../topology/index.js";
import type { TieRule } from "./dimension-order.js";

/**
 * The way to go along `axis` from coordinate `from` to `to` (≠ `from`): the shorter way
 * round a ring, with `ties` deciding at exactly half-way; the only way on an open line.
 */
export function directionToward(topo: Topology, axis: number, from: number, to: number, ties: TieRule): 1 | -1 {
  if (!topo.ring[axis]) return to > from ? 1 : -1;
  const k = topo.shape[axis];
  const forward = to > from ? to - from : to - from + k; // hops going +
  if (2 * forward < k) return 1;
  if (2 * forward > k) return -1;
  return ties === "positive" || (from & 1) === 0 ? 1 : -1;
}

/** True when a hop from coordinate `c` in `direction` takes the ring's wrap-around link. */
export function wrapsAround(topo: Topology, axis: number, c: number, direction: 1 | -1): boolean {
  return topo.ring[axis] && (direction > 0 ? c === topo.shape[axis] - 1 : c === 0);
}
