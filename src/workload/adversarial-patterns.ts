import { Dragonfly, FatTree, TopologyKindError, type Topology } from "../topology/index.js";

/**
 * Adversarial traffic for switched topologies, as destination tables: entry s is the
 * destination of endpoint s, or −1 where s sends nothing (it would send to itself).
 */

/**
 * Dragonfly `group-shift`: every endpoint sends to the endpoint at the same position in the
 * next group (group G+1 mod g). With minimal routing all a·p endpoints of a group share the
 * ⌊a·h/(g−1)⌋ global links to the next group — one in a maximal dragonfly, so each endpoint
 * gets 1/(a·p) of a link (Kim, Dally, Scott & Abts, ISCA 2008, §4.2, "worst-case" traffic).
 */
export function groupShiftDestinations(topology: Topology): Int32Array {
  if (!(topology instanceof Dragonfly)) throw new TopologyKindError("pattern group-shift", "dragonfly", topology.kind);
  const n = topology.endpointCount;
  const table = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const d = (s + topology.endpointsPerGroup) % n;
    table[s] = d === s ? -1 : d;
  }
  return table;
}

/**
 * Fat-tree `digit-transpose`: the endpoint with tuple (x₁, …, x_h) sends to (x_h, x₂, …,
 * x_{h−1}, x₁) — its position under its leaf and its top-level subtree swap (for two levels,
 * (position, leaf) → (leaf, position)). All m₁ endpoints of a leaf then send to destinations
 * with the same x₁ in different leaves: d-mod-k sends them all up the same port (d mod m₁ is
 * the same), and s-mod-k brings them all down the same link into each destination leaf, so
 * either carries 1/m₁ of a link per endpoint on a full-bisection tree. Needs m₁ = m_h and
 * h ≥ 2; endpoints with x₁ = x_h send nothing.
 */
export function digitTransposeDestinations(topology: Topology): Int32Array {
  if (!(topology instanceof FatTree)) throw new TopologyKindError("pattern digit-transpose", "fat-tree", topology.kind);
  const h = topology.levels;
  const m = topology.children;
  if (h < 2 || m[0] !== m[h - 1]) {
    throw new RangeError(`pattern digit-transpose needs at least two levels with as many children at the top as at the leaves (children[0] = children[h−1]); the fat tree is ${topology.describeShape()}`);
  }
  const n = topology.endpointCount;
  const top = n / m[h - 1];
  const table = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const x1 = s % m[0];
    const xh = Math.floor(s / top);
    const d = s - x1 - xh * top + xh + x1 * top;
    table[s] = d === s ? -1 : d;
  }
  return table;
}
