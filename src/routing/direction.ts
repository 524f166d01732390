import type { TorusTopology } from "../topology/index.js";

/**
 * What to do when a ring axis is crossed exactly half-way (even size k, distance k/2):
 * `positive` always goes +; `balanced` goes + from even coordinates and − from odd ones,
 * so that half of the traffic takes each direction.
 */
export type TieRule = "positive" | "balanced";

/**
 * The way to go along `axis` from coordinate `from` to `to` (≠ `from`): the shorter way
 * round a ring, with `ties` deciding at exactly half-way; the only way on an open line.
 */
export function directionToward(topo: TorusTopology, axis: number, from: number, to: number, ties: TieRule): 1 | -1 {
  if (!topo.ring[axis]) return to > from ? 1 : -1;
  const k = topo.shape[axis];
  const forward = to > from ? to - from : to - from + k; // hops going +
  if (2 * forward < k) return 1;
  if (2 * forward > k) return -1;
  return ties === "positive" || (from & 1) === 0 ? 1 : -1;
}

/** True when a hop from coordinate `c` in `direction` takes the ring's wrap-around link. */
export function wrapsAround(topo: TorusTopology, axis: number, c: number, direction: 1 | -1): boolean {
  return topo.ring[axis] && (direction > 0 ? c === topo.shape[axis] - 1 : c === 0);
}
