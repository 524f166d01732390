/**
 * A logical ring laid onto a 2D block of two physical axes, each position one node, so that
 * consecutive positions — the last and the first included — are as few hops apart as possible.
 * The block is the graph G = outer × inner, each axis a path (open line, or size ≤ 2) or a cycle
 * (a ring of size ≥ 3). Steps are measured with each axis' own minimal distance.
 *
 * The order is a Hamiltonian cycle of G (every step one hop) whenever G has one, which is
 * exactly when n = |outer|·|inner| ≥ 3 and either axis is a ring, or both sizes are ≥ 2 and n is
 * even. Otherwise (n ≥ 3, no ring, and an axis of size 1 or n odd) G has no Hamiltonian cycle —
 * a path is a tree; a bipartite grid with an odd node count cannot alternate colours round a
 * cycle — so some step takes ≥ 2 hops, and the order takes at most 2: optimal in every case.
 * n ≤ 2 needs n − 1 (the two positions of n = 2 are neighbours both ways).
 */

/** One axis of the block: its size and whether it is a ring (wrap flag and size ≥ 3). */
export interface FoldAxis {
  readonly size: number;
  readonly ring: boolean;
}

export interface FoldedRing {
  /** Outer coordinate of each logical position. */
  readonly outer: Int32Array;
  /** Inner coordinate of each logical position. */
  readonly inner: Int32Array;
  /** Hops of the longest step between cyclically consecutive positions (the bound above). */
  readonly maxStepHops: number;
}

/** The bound the construction meets (and no order beats) for a block of these axes. */
export function foldedRingHops(outer: FoldAxis, inner: FoldAxis): number {
  const n = outer.size * inner.size;
  if (n <= 2) return n - 1;
  if (outer.ring || inner.ring) return 1;
  return outer.size >= 2 && inner.size >= 2 && n % 2 === 0 ? 1 : 2;
}

/** The logical ring over every node of the block; position 0 is (0, 0). */
export function foldedRing(outer: FoldAxis, inner: FoldAxis): FoldedRing {
  const m = outer.size;
  const u = inner.size;
  const order = new Order(m * u);
  if (m * u <= 2 || (!outer.ring && !inner.ring && (m === 1 || u === 1))) {
    lineOrder(order, m, u);
  } else if (inner.ring) {
    cylinder(m, u, (a, b) => order.push(a, b));
  } else if (outer.ring) {
    cylinder(u, m, (a, b) => order.push(b, a));
  } else if (u % 2 === 0) {
    comb(m, u, (a, b) => order.push(a, b));
  } else if (m % 2 === 0) {
    comb(u, m, (a, b) => order.push(b, a));
  } else {
    oddComb(order, m, u);
  }
  return { outer: order.outer, inner: order.inner, maxStepHops: foldedRingHops(outer, inner) };
}

class Order {
  readonly outer: Int32Array;
  readonly inner: Int32Array;
  private length = 0;

  constructor(n: number) {
    this.outer = new Int32Array(n);
    this.inner = new Int32Array(n);
  }

  push(o: number, i: number): void {
    this.outer[this.length] = o;
    this.inner[this.length] = i;
    this.length++;
  }
}

/**
 * A block that is one open line (an axis of size 1, or n ≤ 2): even places going out, odd
 * places coming back (0, 2, 4, …, then …, 3, 1): steps of 2 except the turn and the return.
 */
function lineOrder(order: Order, m: number, u: number): void {
  const n = m * u;
  const at = (k: number) => (m === 1 ? order.push(0, k) : order.push(k, 0));
  for (let k = 0; k < n; k += 2) at(k);
  for (let k = n % 2 === 0 ? n - 1 : n - 2; k >= 1; k -= 2) at(k);
}

/**
 * `around` is a ring: go along `walk` at around = 0, then snake over the strip around = 1..k−1
 * column by column back to walk = 0, which ends at around = 1 or k−1: both next to 0 on the ring.
 */
function cylinder(walkSize: number, aroundSize: number, push: (walk: number, around: number) => void): void {
  for (let w = 0; w < walkSize; w++) push(w, 0);
  for (let w = walkSize - 1; w >= 0; w--) {
    const up = (walkSize - 1 - w) % 2 === 0;
    for (let k = 1; k < aroundSize; k++) push(w, up ? k : aroundSize - k);
  }
}

/**
 * Both open, `rows` even, `cols` ≥ 2: snake the rows over cols 1..c−1 (out along row 0, back
 * along row 1, …), then return down column 0. With 2 rows (Tofu's A or C) this is the folded
 * ring: out along the machine axis at a = 0, back at a = 1.
 */
function comb(cols: number, rows: number, push: (col: number, row: number) => void): void {
  push(0, 0);
  for (let r = 0; r < rows; r++) {
    for (let k = 1; k < cols; k++) push(r % 2 === 0 ? k : cols - k, r);
  }
  for (let r = rows - 1; r >= 1; r--) push(0, r);
}

/**
 * Both open and odd (≥ 3): the comb over rows 0..u−2, with the last row u−1 spliced in after
 * the first node of row u−2, covered in steps of 2 (m−1, m−3, …, 0, 1, 3, …, m−2).
 */
function oddComb(order: Order, m: number, u: number): void {
  order.push(0, 0);
  for (let r = 0; r <= u - 3; r++) {
    for (let k = 1; k < m; k++) order.push(r % 2 === 0 ? k : m - k, r);
  }
  order.push(m - 1, u - 2);
  for (let k = m - 1; k >= 0; k -= 2) order.push(k, u - 1);
  for (let k = 1; k <= m - 2; k += 2) order.push(k, u - 1);
  for (let k = m - 2; k >= 1; k--) order.push(k, u - 2);
  for (let r = u - 2; r >= 1; r--) order.push(0, r);
}
