import {
  E_FLOW,
  E_NEXT,
  E_RES,
  EL,
  F_ELEM_COUNT,
  F_ELEM_START,
  F_NEW_RATE,
  F_RATE,
  F_VISIT,
  F_WEIGHT,
  FF,
  FI,
  grow,
  NONE,
  R_FLOWS,
  R_HEAD,
  RI,
  type FlowTable,
} from "./flow-table.js";

/** Told of every flow whose max-min rate a solve changed. */
export interface RateSink {
  /** `flow`'s rate changes from `oldRate` to `newRate` now; the table still holds `oldRate`. */
  rateChanged(flow: number, oldRate: number, newRate: number): void;
}

/** Work done by the solver since it was built. */
export interface SolverStats {
  /** Calls of `solve` (at most one per simulated instant with a change). */
  readonly solves: number;
  /** Connected components re-solved. */
  readonly components: number;
  /** Flow rates computed (a flow counts once per component solve it takes part in). */
  readonly flowsSolved: number;
  /** Rates that came out different and were handed to the sink. */
  readonly ratesChanged: number;
  readonly largestComponentFlows: number;
}

/**
 * Exact weighted max-min fair rates over a `FlowTable`, by progressive filling ("water
 * filling"): every unfixed flow's rate grows as weight × L for a common level L; the first
 * resource to fill (lowest (capacity − fixed rates) / unfixed weights) fixes the rates of
 * all its unfixed flows at weight × L and leaves the others' resources with less room; and so
 * on until every flow is fixed. A resource's level never falls as flows elsewhere are fixed,
 * so a binary heap of levels with stale entries skipped gives each step in O(log R).
 * (The algorithm of SimGrid's `lmm::MaxMin::maxmin_solve`, which scans every constraint at
 * each step instead of keeping a heap.)
 *
 * Only what a change can affect is solved: callers mark the resources where flows arrived or
 * left as dirty, and `solve` re-solves the connected components (flows linked by shared
 * resources) that contain a dirty resource — rates elsewhere cannot change (SimGrid's
 * "selective update" finds the same sets). A component of one flow — the common case in a
 * bulk-synchronous collective, where every link carries one stream — is solved directly: its
 * rate is its smallest capacity.
 *
 * Ties: resources that fill at the same level fix their flows at the same level, whatever
 * their order in the heap (which breaks ties by resource id, so runs are reproducible).
 */
// Solver scratch per resource: integers si[r * SI + field], floats sf[r * SF + field].
const SI = 2;
/** The epoch that last visited the resource. */
const S_VISIT = 0;
/** Flows on it whose rate is not fixed yet. */
const S_FLOWS_LEFT = 1;
const SF = 4;
/** Capacity not yet taken by fixed flows. */
const S_CAP_LEFT = 0;
/** Σ weights of its flows not yet fixed. */
const S_WEIGHT_LEFT = 1;
/** The level at which it fills. */
const S_LEVEL = 2;

export class MaxMinSolver {
  private readonly si: Int32Array;
  private readonly sf: Float64Array;
  private readonly dirtyMark: Uint8Array;
  private dirty: Int32Array = new Int32Array(1024);
  private dirtyCount = 0;
  private readonly compRes: Int32Array;
  private compFlows: Int32Array = new Int32Array(1024);
  private readonly heap = new LevelHeap();
  private epoch = 0;

  private nSolves = 0;
  private nComponents = 0;
  private nFlowsSolved = 0;
  private nRatesChanged = 0;
  private largest = 0;

  constructor(private readonly table: FlowTable) {
    this.si = new Int32Array(table.resourceCount * SI);
    this.sf = new Float64Array(table.resourceCount * SF);
    this.dirtyMark = new Uint8Array(table.resourceCount);
    this.compRes = new Int32Array(table.resourceCount);
  }

  /** Resource `r` gained or lost a flow: its component needs solving. */
  markDirty(r: number): void {
    if (this.dirtyMark[r] !== 0) return;
    this.dirtyMark[r] = 1;
    if (this.dirtyCount === this.dirty.length) this.dirty = grow(this.dirty, 2 * this.dirty.length);
    this.dirty[this.dirtyCount++] = r;
  }

  /** Whether some resource is marked dirty. */
  get pending(): boolean {
    return this.dirtyCount > 0;
  }

  get stats(): SolverStats {
    return { solves: this.nSolves, components: this.nComponents, flowsSolved: this.nFlowsSolved, ratesChanged: this.nRatesChanged, largestComponentFlows: this.largest };
  }

  /** Bytes of the solver's per-resource arrays per resource. */
  static readonly BYTES_PER_RESOURCE = SI * 4 + SF * 8 + 1 + 4;

  /** Re-solves every component with a dirty resource; tells `sink` of each rate that changed. */
  solve(sink: RateSink): void {
    this.nSolves++;
    this.epoch++;
    const ri = this.table.ri;
    for (let i = 0; i < this.dirtyCount; i++) {
      const r = this.dirty[i];
      this.dirtyMark[r] = 0;
      if (this.si[r * SI + S_VISIT] !== this.epoch && ri[r * RI + R_FLOWS] > 0) this.solveComponent(r, sink);
    }
    this.dirtyCount = 0;
  }

  /**
   * Solves flow `f`, which the caller knows to be alone on every resource it crosses (a
   * component of one flow), at once: its rate is its narrowest capacity.
   */
  solveAlone(f: number, sink: RateSink): void {
    this.nComponents++;
    this.nFlowsSolved++;
    if (this.largest === 0) this.largest = 1;
    this.settle(f, this.narrowest(f), sink);
  }

  /** The smallest capacity among the resources flow f crosses. */
  private narrowest(f: number): number {
    const t = this.table;
    // perf: when every resource has the same capacity (links and NICs of one bandwidth), that is it, and no resource need be read.
    if (t.uniformCapacity === t.uniformCapacity) return t.uniformCapacity;
    const el = t.el;
    const start = t.fi[f * FI + F_ELEM_START];
    const end = start + t.fi[f * FI + F_ELEM_COUNT];
    let rate = Infinity;
    for (let e = start; e < end; e++) {
      const c = t.capacity[el[e * EL + E_RES]];
      if (c < rate) rate = c;
    }
    return rate;
  }

  /** Gives flow f its new rate, telling the sink when it differs from the current one. */
  private settle(f: number, rate: number, sink: RateSink): void {
    const ff = this.table.ff;
    const old = ff[f * FF + F_RATE];
    if (rate === old) return;
    this.nRatesChanged++;
    sink.rateChanged(f, old, rate);
    this.table.ff[f * FF + F_RATE] = rate;
  }

  /** Finds the component of resource `seed` (breadth first), fills it, and reports changed rates. */
  private solveComponent(seed: number, sink: RateSink): void {
    const t = this.table;
    const ri = t.ri;
    const fi = t.fi;
    const ff = t.ff;
    const el = t.el;
    const si = this.si;
    const sf = this.sf;
    const epoch = this.epoch;
    const compRes = this.compRes;
    let nRes = 0;
    let nFlows = 0;
    si[seed * SI + S_VISIT] = epoch;
    compRes[nRes++] = seed;
    for (let i = 0; i < nRes; i++) {
      const r = compRes[i];
      const x = r * RI;
      sf[r * SF + S_CAP_LEFT] = t.capacity[r];
      si[r * SI + S_FLOWS_LEFT] = ri[x + R_FLOWS];
      let weights = 0;
      for (let e = ri[x + R_HEAD]; e !== NONE; e = el[e * EL + E_NEXT]) {
        const f = el[e * EL + E_FLOW];
        weights += ff[f * FF + F_WEIGHT];
        if (fi[f * FI + F_VISIT] === epoch) continue;
        fi[f * FI + F_VISIT] = epoch;
        ff[f * FF + F_NEW_RATE] = -1;
        if (nFlows === this.compFlows.length) this.compFlows = grow(this.compFlows, 2 * nFlows);
        this.compFlows[nFlows++] = f;
        const start = fi[f * FI + F_ELEM_START];
        const end = start + fi[f * FI + F_ELEM_COUNT];
        for (let e2 = start; e2 < end; e2++) {
          const r2 = el[e2 * EL + E_RES];
          if (si[r2 * SI + S_VISIT] === epoch) continue;
          si[r2 * SI + S_VISIT] = epoch;
          compRes[nRes++] = r2;
        }
      }
      sf[r * SF + S_WEIGHT_LEFT] = weights;
    }
    const flows = this.compFlows;
    // perf: a flow alone on all its resources gets its narrowest one, no heap needed.
    if (nFlows === 1) ff[flows[0] * FF + F_NEW_RATE] = this.narrowest(flows[0]);
    else this.fill(nRes);
    this.nComponents++;
    this.nFlowsSolved += nFlows;
    if (nFlows > this.largest) this.largest = nFlows;
    for (let i = 0; i < nFlows; i++) this.settle(flows[i], ff[flows[i] * FF + F_NEW_RATE], sink);
  }

  /** Progressive filling of the component whose resources are compRes[0..nRes). */
  private fill(nRes: number): void {
    const t = this.table;
    const ri = t.ri;
    const fi = t.fi;
    const ff = t.ff;
    const el = t.el;
    const si = this.si;
    const sf = this.sf;
    const heap = this.heap;
    heap.clear();
    for (let i = 0; i < nRes; i++) {
      const r = this.compRes[i];
      if (si[r * SI + S_FLOWS_LEFT] === 0) continue;
      const lv = sf[r * SF + S_CAP_LEFT] / sf[r * SF + S_WEIGHT_LEFT];
      sf[r * SF + S_LEVEL] = lv;
      heap.push(lv, r);
    }
    while (heap.size > 0) {
      const lv = heap.topKey();
      const r = heap.pop();
      // A stale entry (the level rose since), or a resource whose flows are all fixed.
      if (lv !== sf[r * SF + S_LEVEL] || si[r * SI + S_FLOWS_LEFT] === 0) continue;
      for (let e = ri[r * RI + R_HEAD]; e !== NONE; e = el[e * EL + E_NEXT]) {
        const f = el[e * EL + E_FLOW];
        if (ff[f * FF + F_NEW_RATE] >= 0) continue;
        const w = ff[f * FF + F_WEIGHT];
        const rate = w * lv;
        ff[f * FF + F_NEW_RATE] = rate;
        const start = fi[f * FI + F_ELEM_START];
        const end = start + fi[f * FI + F_ELEM_COUNT];
        for (let e2 = start; e2 < end; e2++) {
          const r2 = el[e2 * EL + E_RES];
          const y = r2 * SF;
          sf[y + S_CAP_LEFT] -= rate;
          sf[y + S_WEIGHT_LEFT] -= w;
          const left = --si[r2 * SI + S_FLOWS_LEFT];
          if (r2 === r || left === 0) continue;
          // Fixing a flow at the lowest level never lowers another resource's level; clamp
          // rounding so that it cannot seem to.
          let lv2 = sf[y + S_CAP_LEFT] / sf[y + S_WEIGHT_LEFT];
          if (!(lv2 >= lv)) lv2 = lv;
          sf[y + S_LEVEL] = lv2;
          heap.push(lv2, r2);
        }
      }
    }
  }
}

/** A binary min-heap of (level, resource) in typed arrays; ties go to the lower resource id. */
class LevelHeap {
  private keys = new Float64Array(256);
  private vals = new Int32Array(256);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0];
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      this.keys = grow(this.keys, 2 * this.size);
      this.vals = grow(this.vals, 2 * this.size);
    }
    const keys = this.keys;
    const vals = this.vals;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && vals[p] < val)) break;
      keys[i] = keys[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Removes the smallest entry and returns its resource. */
  pop(): number {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0];
    const n = --this.size;
    if (n === 0) return top;
    const key = keys[n];
    const val = vals[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && vals[c + 1] < vals[c]))) c++;
      if (key < keys[c] || (key === keys[c] && val < vals[c])) break;
      keys[i] = keys[c];
      vals[i] = vals[c];
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
    return top;
  }
}
