/**
 * The logical rank grid that torus-aware allreduces (`torus-ring`, `torus-multiring`, `trix3`,
 * `trix6`) run one ring per axis of. Rank r sits at grid coordinates (r mod d0, ⌊r/d0⌋ mod d1,
 * …): dims[0] varies fastest. The rule, in order:
 *
 * 0. **named**: the grid the scenario names (`workload.grid`), the only way on a topology
 *    without coordinates (fat tree, dragonfly): there the grid algorithms are refused without
 *    one, never silently run as a flat ring;
 * 1. **job**: the job's logical shape in rank order (a Fugaku `node=AxBxC` job; the rank map's
 *    first letter is dims[0]), when it has at least two axes longer than 1;
 * 2. **placement**: the grid the ranks' placement order forms (`gridPrefix`: whole axes of the
 *    placement's own grid while they divide the rest, then the rest as one more axis), when it
 *    has at least two axes longer than 1;
 * 3. **factored**: otherwise the most balanced factorisation of P into at most 3 factors
 *    (MPI_Dims_create's rule), when P has one: the algorithm keeps its Σ 2(dᵢ−1) steps, but grid
 *    neighbours need not be physical neighbours — a warning says so;
 * 4. **flat**: P prime (or < 4) has no grid with two axes; the algorithm is a flat ring there,
 *    and a warning says so.
 * Axes of size 1 are dropped (they have nothing to do).
 */

/** How the grid was chosen (see the module comment). */
export type GridRule = "named" | "job" | "placement" | "factored" | "flat";

export interface AllreduceGrid {
  /** Axis sizes, dims[0] fastest in rank order; product = rank count; no axis of size 1 (except [1]). */
  readonly dims: readonly number[];
  readonly rule: GridRule;
}

/** True when the grid has at least two axes longer than 1. */
export function isMultiDimensional(dims: readonly number[]): boolean {
  return dims.filter((d) => d > 1).length >= 2;
}

/** The grid the first `ranks` positions of a grid of `dims` (dims[0] fastest) form: whole axes while they divide the rest, then the rest as one axis. */
export function gridPrefix(dims: readonly number[], ranks: number): number[] {
  const out: number[] = [];
  let rest = ranks;
  for (const k of dims) {
    if (rest === 1) break;
    if (k === 1) continue;
    if (rest >= k && rest % k === 0) {
      out.push(k);
      rest /= k;
    } else {
      out.push(rest);
      rest = 1;
    }
  }
  if (rest > 1) out.push(rest);
  return out.length > 0 ? out : [ranks];
}

/**
 * The most balanced factorisation of `p` into `axes` factors, largest first, as
 * MPI_Dims_create gives it: the spread (largest / smallest factor, 1s included) is minimal.
 * Size-1 factors are then dropped, so a prime gives [p].
 */
export function balancedDims(p: number, axes = 3): number[] {
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`rank count must be a positive integer, got ${p}`);
  let best: number[] = [p];
  let bestSpread = Infinity;
  // Factors in non-increasing order, size-1 factors included in the spread (6 → 3x2x1, not 6).
  const search = (rest: number, left: number, max: number, acc: number[]): void => {
    if (left === 1) {
      if (rest > max) return;
      const all = [...acc, rest];
      const spread = all[0] / rest;
      if (spread < bestSpread) {
        best = all;
        bestSpread = spread;
      }
      return;
    }
    for (let f = Math.min(max, rest); f >= 1; f--) {
      if (rest % f === 0 && Math.pow(f, left) >= rest) search(rest / f, left - 1, f, [...acc, f]);
    }
  };
  search(p, axes, p, []);
  const dims = best.filter((d) => d > 1);
  return dims.length > 0 ? dims : [1];
}

/**
 * Chooses the grid by the rule above. `jobDims`: the job's logical shape in rank order;
 * `placementDims`: the grid of the placement order (both optional).
 */
export function chooseGrid(ranks: number, jobDims?: readonly number[], placementDims?: readonly number[]): AllreduceGrid {
  const strip = (dims: readonly number[]) => {
    const out = dims.filter((d) => d > 1);
    return out.length > 0 ? out : [1];
  };
  if (jobDims !== undefined && isMultiDimensional(jobDims)) return { dims: strip(jobDims), rule: "job" };
  if (placementDims !== undefined) {
    const prefix = gridPrefix(placementDims, ranks);
    if (isMultiDimensional(prefix)) return { dims: strip(prefix), rule: "placement" };
  }
  const factored = balancedDims(ranks, 3);
  if (isMultiDimensional(factored)) return { dims: factored, rule: "factored" };
  return { dims: [ranks], rule: "flat" };
}

/** What to tell the user about running `algorithm` on this grid, if anything. */
export function gridWarning(algorithm: string, ranks: number, grid: AllreduceGrid): string | undefined {
  const shape = grid.dims.join("x");
  if (grid.rule === "flat") {
    const why = ranks < 4 ? `${ranks} ranks are too few` : `${ranks} is prime`;
    return `${algorithm}: no multi-dimensional grid exists for ${ranks} ranks (${why}); it ran as a flat ring of ${ranks}`;
  }
  if (grid.rule === "factored") {
    return `${algorithm}: the ranks' placement forms no multi-dimensional grid; it ran on ${shape} (the balanced factorisation of ${ranks}), whose grid neighbours need not be physical neighbours`;
  }
  return undefined;
}
