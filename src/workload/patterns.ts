import type { Rng } from "../engine/index.js";
import { Dragonfly, FatTree, TorusTopology, type Topology } from "../topology/index.js";
import { digitTransposeDestinations, groupShiftDestinations } from "./adversarial-patterns.js";

export const TRAFFIC_PATTERNS = ["uniform", "neighbor", "transpose", "bit-complement", "tornado", "hotspot", "random-permutation", "group-shift", "digit-transpose"] as const;
export type TrafficPatternName = (typeof TRAFFIC_PATTERNS)[number];

/** Patterns defined by coordinates, which need a mesh/torus. */
export const COORDINATE_PATTERNS: readonly TrafficPatternName[] = ["neighbor", "transpose", "bit-complement", "tornado"];

export interface PatternOptions {
  readonly pattern: TrafficPatternName;
  /** neighbor, tornado: the axis to use; default all axes (neighbor: each in turn). */
  readonly axis?: number;
  /** hotspot: the hot node and the fraction of messages sent to it. */
  readonly hotspotNode?: number;
  readonly hotspotFraction?: number;
}

/** Chooses each message's destination; −1 means the source sends nothing (a fixed point). */
export interface TrafficPattern {
  destination(src: number): number;
  /** Nodes that ever send (all but the fixed points). */
  readonly activeSources: number;
}

/**
 * Builds a synthetic traffic pattern (Dally & Towles, "Principles and Practices of
 * Interconnection Networks", ch. 3), generalised to n axes of any size:
 * - uniform: another node, chosen uniformly;
 * - neighbor: +1 along `axis`, or along each axis in turn (one message per axis, cycling);
 * - transpose: swaps the first and second half of the coordinates (2D: (x,y) → (y,x));
 *   needs an even number of axes with matching sizes;
 * - bit-complement: each coordinate c → k−1−c;
 * - tornado: each coordinate (or `axis` only) c → c + ⌈k/2⌉ − 1 (mod k);
 * - hotspot: `hotspotFraction` of messages to `hotspotNode`, the rest uniform;
 * - random-permutation: a fixed seeded permutation;
 * - group-shift (dragonfly): to the same position in the next group (adversarial-patterns.ts);
 * - digit-transpose (fat tree): the first and last digit of the endpoint's XGFT tuple swapped,
 *   which d-mod-k and s-mod-k both funnel through one link per leaf (adversarial-patterns.ts).
 */
export function makePattern(topology: Topology, options: PatternOptions, rng: Rng): TrafficPattern {
  const n = topology.endpointCount;
  const uniform = (src: number): number => {
    if (n === 1) return -1;
    const d = rng.int(n - 1);
    return d >= src ? d + 1 : d;
  };
  const fromTable = (table: Int32Array): TrafficPattern => ({
    destination: (src) => table[src],
    activeSources: table.reduce((count, d) => count + (d >= 0 ? 1 : 0), 0),
  });
  const torus = (): TorusTopology => {
    if (topology instanceof TorusTopology) return topology;
    throw new RangeError(coordinateProblem(options.pattern, topology));
  };
  const mapCoords = (f: (coords: number[]) => number[]): TrafficPattern => {
    const topo = torus();
    const table = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const d = topo.nodeAt(f(topo.coordsOf(s)));
      table[s] = d === s ? -1 : d;
    }
    return fromTable(table);
  };
  const everyone = n > 1 ? n : 0;
  switch (options.pattern) {
    case "uniform":
      return { destination: uniform, activeSources: everyone };
    case "neighbor": {
      const topo = torus();
      const axes = options.axis !== undefined ? [options.axis] : topo.shape.map((_, i) => i).filter((i) => topo.shape[i] > 1);
      const turn = new Int32Array(n);
      return {
        activeSources: axes.length > 0 ? n : 0,
        destination: (src) => {
          if (axes.length === 0) return -1;
          const axis = axes[turn[src]++ % axes.length];
          // perf: one message per call; step the coordinate through the stride, no arrays.
          const c = topo.coord(src, axis);
          const d = src + (((c + 1) % topo.shape[axis]) - c) * topo.strides[axis];
          return d === src ? -1 : d;
        },
      };
    }
    case "transpose": {
      const half = torus().axisCount / 2;
      return mapCoords((c) => c.map((_, i) => c[(i + half) % c.length]));
    }
    case "bit-complement": {
      const shape = torus().shape;
      return mapCoords((c) => c.map((x, i) => shape[i] - 1 - x));
    }
    case "tornado": {
      const shape = torus().shape;
      return mapCoords((c) =>
        c.map((x, i) => (options.axis === undefined || options.axis === i ? (x + Math.ceil(shape[i] / 2) - 1) % shape[i] : x)),
      );
    }
    case "hotspot": {
      const hot = options.hotspotNode ?? 0;
      const fraction = options.hotspotFraction ?? 0.1;
      return { destination: (src) => (rng.next() < fraction ? (hot === src ? -1 : hot) : uniform(src)), activeSources: everyone };
    }
    case "random-permutation": {
      const perm = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
      return fromTable(perm.map((d, src) => (d === src ? -1 : d)));
    }
    case "group-shift":
      return fromTable(groupShiftDestinations(topology));
    case "digit-transpose":
      return fromTable(digitTransposeDestinations(topology));
  }
}

/** Why a pattern cannot run on a topology, or undefined if it can. */
export function patternProblem(topology: Topology, options: PatternOptions): string | undefined {
  if (COORDINATE_PATTERNS.includes(options.pattern) && !(topology instanceof TorusTopology)) return coordinateProblem(options.pattern, topology);
  const topo = topology;
  if (options.pattern === "transpose" && topo instanceof TorusTopology) {
    const n = topo.axisCount;
    if (n % 2 !== 0) return `transpose needs an even number of axes, the topology has ${n}`;
    for (let i = 0; i < n / 2; i++) {
      if (topo.shape[i] !== topo.shape[i + n / 2]) return `transpose needs axis ${topo.axes[i]} and ${topo.axes[i + n / 2]} of equal size`;
    }
  }
  if (options.pattern === "group-shift" && !(topology instanceof Dragonfly)) return `pattern group-shift sends to the next group and needs a dragonfly; this topology is a ${topology.kind}`;
  if (options.pattern === "digit-transpose") {
    if (!(topology instanceof FatTree)) return `pattern digit-transpose swaps fat-tree digits and needs a fat tree; this topology is a ${topology.kind}`;
    const m = topology.children;
    if (m.length < 2 || m[0] !== m[m.length - 1]) return `pattern digit-transpose needs at least two levels with children[0] = children[h−1]; the fat tree is ${topology.describeShape()}`;
  }
  if (options.pattern === "hotspot" && options.hotspotNode !== undefined && (options.hotspotNode < 0 || options.hotspotNode >= topo.endpointCount)) {
    return `hotspot node ${options.hotspotNode} is outside the topology`;
  }
  return undefined;
}

function coordinateProblem(pattern: TrafficPatternName, topology: Topology): string {
  return `pattern ${pattern} is defined by coordinates and needs a mesh/torus topology; this one is a ${topology.kind} (uniform, hotspot and random-permutation run anywhere; group-shift on a dragonfly, digit-transpose on a fat tree)`;
}
