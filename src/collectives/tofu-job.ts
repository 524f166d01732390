import type { Rng } from "../engine/index.js";
import { requireTorus, type Topology, type TorusTopology } from "../topology/index.js";
import { foldedRing, type FoldAxis } from "./folded-ring.js";

/**
 * A Fugaku job as its user writes it (`#PJM -L "node=4x4x4:torus"`, `--mpi
 * "rank-map-bynode=XZY"`), mapped onto a physical block of a Tofu machine and its ranks placed.
 *
 * What is public (RIKEN Fugaku user guide §3.4.1 and §6.6): a job asks for a logical shape of 1,
 * 2 or 3 axes and an allocation mode (torus, mesh, noncont); Fujitsu MPI numbers ranks along
 * the logical axes with the rank map's first letter varying fastest (defaults XY and XYZ; a
 * 1-D job's rank is its coordinate); rank 0 sits at the logical origin. Torus jobs need not be
 * whole 12-node Tofu units (8-, 64- and 256-node torus jobs run). How the job manager lays a
 * logical shape onto the 6-D axes is not public; tofusim's rule — a documented choice, labelled
 * so in results — follows the evidence (Ajima et al., IEEE Micro 2012: every cubic fragment
 * embeds a 3-D torus; the 256-node job in HLC-Lab/bine_trees_fugaku, whose logical axes walk
 * folded pairs of physical positions):
 *
 * - **Axes.** Each logical axis is a cycle folded over physical axes: x over (X, A), y over
 *   (Y, B), z over (Z, C) for a 3-D shape; a 2-D shape's y over (Y, B) and (Z, C). A logical
 *   size is factored unit axis first — A or C takes 2 when the size is even, B takes 3 when 3
 *   divides it, else 2 when it is even — then the machine axis takes the largest divisor of
 *   the rest that fits; what still remains borrows free axes (unit axes C, B, A, then Z, Y, X).
 *   A shape that cannot be factored onto the machine is refused, naming the axis.
 * - **Cycles.** The axes of a logical axis are folded pairwise with `foldedRing` (out along X at
 *   a = 0 and back at a = 1, …): every logical neighbour, across the logical wrap too, is one
 *   hop away wherever such a cycle exists (see `foldedRing`), and two hops otherwise.
 * - **1-D jobs** (`node=N`, and `ranks: N` alone on a Tofu preset) get the most cubic 3-D block
 *   that holds N nodes (fewest spare nodes, then the smallest ratio of largest to smallest
 *   side), ranks in XYZ order over it; their logical shape stays [N], and torus-aware
 *   algorithms run on the block's 3-D grid.
 * - **Block.** The job's block starts at the machine's origin; `torus` keeps the machine's
 *   wrap-around links where the block spans a whole axis, `mesh` gives them up (the folded
 *   cycles never need them); `noncont` takes N nodes drawn at random (seeded) from the whole
 *   machine: a stand-in for a fragmented allocation, and said so.
 */

export const RANK_MAPS = ["XY", "YX", "XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX"] as const;
export type RankMap = (typeof RANK_MAPS)[number];
export const JOB_MODES = ["torus", "mesh", "noncont"] as const;
export type JobMode = (typeof JOB_MODES)[number];

export interface TofuJobRequest {
  /** Logical shape: [n], [dx, dy] or [dx, dy, dz]. */
  readonly nodes: readonly number[];
  readonly mode: JobMode;
  /** 2-D and 3-D only; default XY / XYZ. */
  readonly rankMap?: RankMap;
}

/** A logical axis laid on physical axes, in fold order (machine axis, its unit axis, borrowed ones). */
export interface LogicalAxisPlan {
  /** Indices into the machine's axes. */
  readonly axes: readonly number[];
  readonly extents: readonly number[];
}

/** Where a job goes before its block exists: the block and how each logical axis folds onto it. */
export interface TofuJobPlan {
  readonly request: TofuJobRequest;
  /** The rank map used (1-D jobs: XYZ over their 3-D block). */
  readonly rankMap: RankMap;
  /** The 3-D logical grid the ranks are laid over (a 1-D job's chosen block; 2-D: dz = 1). */
  readonly layoutDims: readonly [number, number, number];
  readonly ranks: number;
  readonly axisPlans: readonly LogicalAxisPlan[];
  /** Block size per machine axis (1 where unused); undefined for noncont. */
  readonly blockShape?: readonly number[];
}

/** The job as it runs: where every rank is, and the logical grid of its ranks. */
export interface TofuJobLayout {
  readonly shape: readonly number[];
  readonly mode: JobMode;
  /** The rank map (null for a 1-D job). */
  readonly rankMap: RankMap | null;
  readonly ranks: number;
  /** Rank → node of the job's topology (its block; the whole machine for noncont). */
  readonly placement: Int32Array;
  /** The ranks' grid in rank order (dims[0] fastest), axes of size 1 dropped. */
  readonly grid: readonly number[];
  /** Whether `grid` is the job's own logical shape (2-D, 3-D jobs) or its block's (1-D jobs, partial blocks). */
  readonly gridRule: "job" | "placement";
  /** Per logical axis of the layout (x, y, z): most hops between logical neighbours, wrap included; empty for noncont. */
  readonly axisNeighborHops: readonly number[];
  /** Logical coordinates of a rank (in the job's own shape: one number for a 1-D job). */
  logicalOf(rank: number): number[];
  /** What the user should know (the synthetic parts). */
  readonly notes: readonly string[];
}

const PHYSICAL = ["X", "Y", "Z", "A", "B", "C"] as const;
const UNIT_OF: Record<string, string> = { X: "A", Y: "B", Z: "C" };

/** The machine's Tofu axes (X, Y, Z, A, B, C → index), or a reason why it has none. */
export function tofuAxes(machine: Topology): Record<string, number> | string {
  if (machine.kind !== "torus") return `a Tofu job needs a machine with axes ${PHYSICAL.join(", ")}; this one is a ${machine.kind}`;
  const t = machine as TorusTopology;
  if (t.axisCount !== 6 || !PHYSICAL.every((a) => t.axes.includes(a))) {
    return `a Tofu job needs a machine with exactly the axes ${PHYSICAL.join(", ")}; this one has ${t.axes.join(", ")}`;
  }
  return Object.fromEntries(PHYSICAL.map((a) => [a, t.axes.indexOf(a)]));
}

/** The default rank map of a shape (stated: XY for 2-D, XYZ for 3-D). */
export function defaultRankMap(dims: number): RankMap {
  return dims === 2 ? "XY" : "XYZ";
}

/**
 * Where a job goes on `machine` (a Tofu topology). Throws a RangeError naming the logical axis
 * that does not fit.
 */
export function planTofuJob(machine: Topology, request: TofuJobRequest): TofuJobPlan {
  const index = tofuAxes(machine);
  if (typeof index === "string") throw new RangeError(index);
  const t = requireTorus(machine, "a Tofu job");
  const shape = request.nodes;
  if (shape.length < 1 || shape.length > 3 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`a job shape has 1 to 3 positive integer sizes, got [${shape.join(", ")}]`);
  }
  const ranks = shape.reduce((a, b) => a * b, 1);
  if (ranks > t.nodeCount) throw new RangeError(`a job of ${ranks} nodes does not fit in ${t.nodeCount} nodes`);
  if (request.rankMap !== undefined && request.rankMap.length !== shape.length) {
    throw new RangeError(
      shape.length === 1 ? "a 1-D job has no rank map (its rank is its coordinate)" : `rank map ${request.rankMap} has ${request.rankMap.length} letters; the shape has ${shape.length} axes`,
    );
  }
  if (request.mode === "noncont") {
    const dims: [number, number, number] = [shape[0], shape[1] ?? 1, shape[2] ?? 1];
    return { request, rankMap: request.rankMap ?? defaultRankMap(Math.max(2, shape.length)), layoutDims: dims, ranks, axisPlans: [] };
  }
  const size = (a: string) => t.shape[index[a]];
  let layoutDims: [number, number, number];
  let homes: string[][];
  if (shape.length === 1) {
    layoutDims = compactBlock(ranks, (d, axis) => factorOnto(d, [UNIT_OF[PHYSICAL[axis]], PHYSICAL[axis]], size) !== undefined, [size("X") * size("A"), size("Y") * size("B"), size("Z") * size("C")]);
    homes = [["A", "X"], ["B", "Y"], ["C", "Z"]];
  } else if (shape.length === 2) {
    layoutDims = [shape[0], shape[1], 1];
    homes = [["A", "X"], ["B", "Y", "C", "Z"], []];
  } else {
    layoutDims = [shape[0], shape[1], shape[2]];
    homes = [["A", "X"], ["B", "Y"], ["C", "Z"]];
  }
  const used = new Set<string>();
  const axisPlans: LogicalAxisPlan[] = [];
  const blockShape = new Array<number>(t.axisCount).fill(1);
  for (let i = 0; i < 3; i++) {
    const d = layoutDims[i];
    // Unit axes before machine axes at each level (own, then free, then other axes' homes), so
    // that a logical axis folds over a unit axis whenever it can.
    const units = (list: string[]) => [...list.filter((a) => "ABC".includes(a)), ...list.filter((a) => "XYZ".includes(a))];
    const own = units(homes[i].filter((a) => !used.has(a)));
    const borrow = units(["C", "B", "A", "Z", "Y", "X"].filter((a) => !used.has(a) && !own.includes(a) && !homes.slice(i + 1).some((h) => h.includes(a))));
    const lender = units(["C", "B", "A", "Z", "Y", "X"].filter((a) => !used.has(a) && !own.includes(a) && !borrow.includes(a)));
    const factors = factorOnto(d, [...own, ...borrow, ...lender], size);
    if (factors === undefined) {
      const axisName = "xyz"[i];
      throw new RangeError(`logical ${axisName} of ${d} does not fit on ${t.describeShape()}: it must factor onto the free physical axes (${[...own, ...borrow, ...lender].map((a) => `${a}=${size(a)}`).join(", ")})`);
    }
    // Fold order: the machine axis, then its unit axis, then borrowed axes, as they were used.
    const order = [...factors.keys()].sort((a, b) => foldRank(a, homes[i]) - foldRank(b, homes[i]));
    for (const a of factors.keys()) used.add(a);
    const axes = order.map((a) => index[a]);
    const extents = order.map((a) => factors.get(a) as number);
    axes.forEach((ax, k) => (blockShape[ax] = extents[k]));
    axisPlans.push({ axes, extents });
  }
  return { request, rankMap: shape.length === 1 ? "XYZ" : (request.rankMap ?? defaultRankMap(shape.length)), layoutDims, ranks, axisPlans, blockShape };
}

/** Machine axes fold before their unit axes; borrowed axes after the home ones. */
function foldRank(axis: string, home: readonly string[]): number {
  const h = home.indexOf(axis);
  if (h >= 0) return h % 2 === 0 ? h + 1 : h - 1; // [A, X] → X first, then A
  return 10 + ["C", "B", "A", "Z", "Y", "X"].indexOf(axis);
}

/**
 * `d` as a product of extents over `axes` in order, each the largest divisor of what remains
 * that fits the axis (a unit axis of 2 or 3 thus takes 2 or 3 when it divides); undefined if
 * something remains. Axes whose extent would be 1 are left out.
 */
function factorOnto(d: number, axes: readonly string[], size: (axis: string) => number): Map<string, number> | undefined {
  const out = new Map<string, number>();
  let rest = d;
  for (const a of axes) {
    if (rest === 1) break;
    let e = Math.min(size(a), rest);
    while (rest % e !== 0) e--;
    if (e > 1) {
      out.set(a, e);
      rest /= e;
    }
  }
  return rest === 1 ? out : undefined;
}

/**
 * The 3-D block for a 1-D job of n nodes: sides that fit (`fits`) and hold at least n nodes,
 * with the fewest spare nodes, then the smallest ratio of largest to smallest side, then the
 * larger x, then y.
 */
function compactBlock(n: number, fits: (d: number, axis: number) => boolean, capacity: readonly number[]): [number, number, number] {
  const ok = capacity.map((c, axis) => Array.from({ length: c }, (_, k) => k + 1).filter((d) => fits(d, axis)));
  let best: [number, number, number] | undefined;
  let bestKey: number[] = [];
  for (const dx of ok[0]) {
    for (const dy of ok[1]) {
      if (dx * dy * capacity[2] < n) continue;
      const dz = ok[2].find((d) => dx * dy * d >= n);
      if (dz === undefined) continue;
      const key = [dx * dy * dz - n, Math.max(dx, dy, dz) / Math.min(dx, dy, dz), -dx, -dy];
      if (best === undefined || lexLess(key, bestKey)) {
        best = [dx, dy, dz];
        bestKey = key;
      }
    }
  }
  if (best === undefined) throw new RangeError(`a job of ${n} nodes does not fit in the machine's 3-D virtual torus (${capacity.join("x")})`);
  return best;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Logical axis indices (0 = x) from fastest to slowest in rank order. */
export function rankOrder(rankMap: RankMap): number[] {
  return [...rankMap].map((c) => "XYZ".indexOf(c));
}

/**
 * Places a planned job's ranks on its block (`block`: the machine cut to `plan.blockShape`,
 * ids its own), or, for noncont, on nodes of the whole machine drawn with `rng`.
 */
export function layTofuJob(block: Topology, plan: TofuJobPlan, rng?: Rng): TofuJobLayout {
  const t = requireTorus(block, "a Tofu job");
  const { request, layoutDims, ranks } = plan;
  const order = rankOrder(plan.rankMap);
  const shape = request.nodes;
  const notes: string[] = [];
  const jobOrder = shape.length === 1 ? [0] : order.filter((i) => i < shape.length);
  const logicalOf = (rank: number): number[] => {
    if (shape.length === 1) return [rank];
    const c = [0, 0, 0];
    let rest = rank;
    for (const axis of jobOrder) {
      c[axis] = rest % layoutDims[axis];
      rest = Math.floor(rest / layoutDims[axis]);
    }
    return c.slice(0, shape.length);
  };
  const rankDims = order.map((i) => layoutDims[i]);
  const fullGrid = ranks === layoutDims[0] * layoutDims[1] * layoutDims[2];
  const grid = fullGrid ? rankDims.filter((d) => d > 1) : [ranks];
  if (request.mode === "noncont") {
    if (rng === undefined) throw new RangeError("a noncont job draws its nodes at random: it needs an rng");
    const nodes = Int32Array.from({ length: t.nodeCount }, (_, i) => i);
    rng.stream("noncont").shuffle(nodes);
    const placement = nodes.slice(0, ranks).sort();
    notes.push(`noncont: the ${ranks} nodes were drawn at random (seeded) from the whole machine; Fugaku's noncont allocation rule is not public`);
    return { shape, mode: request.mode, rankMap: shape.length === 1 ? null : plan.rankMap, ranks, placement, grid: grid.length > 0 ? grid : [1], gridRule: "job", axisNeighborHops: [], logicalOf, notes };
  }
  // perf: a node id is the sum of each logical axis' share (coordinate × stride), computed once
  // per logical position, not once per rank.
  const cycles = plan.axisPlans.map((p) => foldCycle(t, p));
  const shares = cycles.map((c) => c.share);
  const placement = new Int32Array(ranks);
  const c = [0, 0, 0];
  for (let r = 0; r < ranks; r++) {
    let rest = r;
    for (const axis of order) {
      c[axis] = rest % layoutDims[axis];
      rest = Math.floor(rest / layoutDims[axis]);
    }
    placement[r] = shares[0][c[0]] + shares[1][c[1]] + shares[2][c[2]];
  }
  if (!fullGrid) notes.push(`the job's ${ranks} nodes fill ${ranks} of the block's ${layoutDims[0] * layoutDims[1] * layoutDims[2]} positions`);
  return {
    shape,
    mode: request.mode,
    rankMap: shape.length === 1 ? null : plan.rankMap,
    ranks,
    placement,
    grid: grid.length > 0 ? grid : [1],
    gridRule: shape.length >= 2 && fullGrid ? "job" : "placement",
    axisNeighborHops: cycles.map((cy) => cy.maxStepHops),
    logicalOf,
    notes,
  };
}

/**
 * A logical axis' cycle over its physical axes: each position's share of the node id, and its
 * longest step in hops. The first two axes folded are a pair that has a one-hop cycle when
 * any pair has (a ring and any axis; else an even extent and another ≥ 2); every later axis
 * then folds onto a cycle (`foldedRing`'s cylinder), which keeps one-hop steps. So the cycle
 * steps one hop whenever the block has a Hamiltonian cycle: an axis is a ring, or at least two
 * extents are ≥ 2 and the node count is even (a grid graph with an odd count has none).
 */
function foldCycle(t: TorusTopology, given: LogicalAxisPlan): { share: Int32Array; maxStepHops: number } {
  if (given.axes.length === 0) return { share: Int32Array.of(0), maxStepHops: 0 };
  const plan = firstPairFolding(t, given);
  // Coordinates per position, one row per physical axis, built by folding one axis at a time.
  const axisOf = (k: number): FoldAxis => ({ size: plan.extents[k], ring: t.ring[plan.axes[k]] && t.shape[plan.axes[k]] === plan.extents[k] && plan.extents[k] >= 3 });
  let coords: number[][] = [Array.from({ length: plan.extents[0] }, (_, i) => i)];
  let hops = plan.extents[0] <= 1 ? 0 : foldedRing(axisOf(0), { size: 1, ring: false }).maxStepHops;
  if (plan.axes.length === 1) {
    const line = foldedRing(axisOf(0), { size: 1, ring: false });
    coords = [Array.from(line.outer)];
  }
  for (let k = 1; k < plan.axes.length; k++) {
    const length = coords[0].length;
    const outer: FoldAxis = { size: length, ring: hops === 1 && length >= 3 };
    const fold = k === 1 ? foldedRing(axisOf(0), axisOf(1)) : foldedRing(outer, axisOf(k));
    const next: number[][] = coords.map(() => []);
    next.push([]);
    for (let p = 0; p < fold.outer.length; p++) {
      for (let row = 0; row < coords.length; row++) next[row].push(coords[row][fold.outer[p]]);
      next[coords.length].push(fold.inner[p]);
    }
    coords = next;
    hops = fold.maxStepHops;
  }
  const n = coords[0].length;
  const share = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let id = 0;
    for (let row = 0; row < coords.length; row++) id += coords[row][p] * t.strides[plan.axes[row]];
    share[p] = id;
  }
  // Measure the real longest step (wrap included) rather than trust the bound.
  let maxStepHops = 0;
  for (let p = 0; p < n && n > 1; p++) maxStepHops = Math.max(maxStepHops, t.distance(share[p], share[(p + 1) % n]));
  return { share, maxStepHops };
}

/** The plan's axes reordered so that the first two have a one-hop cycle, when two such exist. */
function firstPairFolding(t: TorusTopology, plan: LogicalAxisPlan): LogicalAxisPlan {
  const k = plan.axes.length;
  const axis = (i: number): FoldAxis => ({ size: plan.extents[i], ring: t.ring[plan.axes[i]] && t.shape[plan.axes[i]] === plan.extents[i] && plan.extents[i] >= 3 });
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j || plan.extents[i] * plan.extents[j] < 3) continue;
      if (foldedRing(axis(i), axis(j)).maxStepHops !== 1) continue;
      const rest = Array.from({ length: k }, (_, n) => n).filter((n) => n !== i && n !== j);
      const order = [i, j, ...rest];
      return { axes: order.map((n) => plan.axes[n]), extents: order.map((n) => plan.extents[n]) };
    }
  }
  return plan;
}
