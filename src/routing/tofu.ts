import type { TorusTopology } from "../topology/index.js";
import { directionToward, wrapsAround, type TieRule } from "./direction.js";
import { ARRIVED, encodeHop, type Routing } from "./routing.js";

export type TofuPathPolicy = "fixed" | "spread";

export interface TofuRoutingOptions {
  /** Outer (machine) axes in routing order; default: every axis not inner, in natural order. */
  readonly outerOrder?: readonly number[];
  /** Inner (Tofu unit) axes in routing order; default A, C, B. */
  readonly innerOrder?: readonly number[];
  readonly ties?: TieRule;
  /** `fixed`: cross the machine at the source's own A/B/C position; `spread`: rotate positions per message. */
  readonly path?: TofuPathPolicy;
}

/**
 * Tofu-D style routing with path selection. A packet carries, besides its destination, an
 * inner "path" position (a, b, c) chosen at injection; it goes
 *   1. inside its unit from its own (a, b, c) to the path position,
 *   2. across the machine along the outer axes in dimension order (shortest way, dateline),
 *   3. inside the destination's unit from the path position to the destination's (a, b, c).
 * Each of the 12 inner positions thus selects one of 12 interleaved XYZ tori. With `fixed`
 * the path is the source's own position (phase 1 is empty: plain dimension-order routing);
 * with `spread` each source rotates through the positions message by message, spreading
 * traffic over the 12 tori.
 *
 * Deadlock freedom: phases 1 and 3 use the same inner links, so they get disjoint VC
 * classes (phase 3 above phase 1); phase 2 uses only outer links with dateline classes.
 * Every route moves through the phases in order, so no dependency cycle crosses phases, and
 * within a phase dimension order with dateline classes is acyclic. Inner rings of size 3
 * (Tofu's B) never take two hops, so they need no dateline; larger inner rings get one.
 */
export class TofuRouting implements Routing {
  readonly name = "tofu";
  readonly requires = "torus" as const;
  /** Minimal with the `fixed` path; `spread` detours inside the source and destination units. */
  readonly minimal: boolean;
  readonly vcCount: number;
  readonly path: TofuPathPolicy;
  readonly outerOrder: Int32Array;
  readonly innerOrder: Int32Array;
  /** Number of inner positions (12 in a Tofu unit). */
  readonly positions: number;
  private readonly ties: TieRule;
  private readonly outerDateline: boolean;
  private readonly innerDateline: boolean;
  private readonly phase3Base: number;
  private readonly innerStride: Int32Array;
  private readonly nextPosition: Uint16Array;

  constructor(
    readonly topology: TorusTopology,
    options: TofuRoutingOptions = {},
  ) {
    const names = topology.axes;
    const inner = options.innerOrder ?? tofuInnerAxes(topology);
    const outer = options.outerOrder ?? names.map((_, i) => i).filter((i) => !inner.includes(i));
    const all = [...outer, ...inner];
    if (all.length !== topology.axisCount || new Set(all).size !== all.length) {
      throw new RangeError(`tofu routing: outer and inner axes must cover every axis once, got ${all.map((a) => names[a]).join(", ")}`);
    }
    this.outerOrder = Int32Array.from(outer);
    this.innerOrder = Int32Array.from(inner);
    this.ties = options.ties ?? "balanced";
    this.path = options.path ?? "fixed";
    this.minimal = this.path === "fixed";
    this.outerDateline = outer.some((a) => topology.ring[a]);
    this.innerDateline = inner.some((a) => topology.ring[a] && topology.shape[a] > 3);
    const innerClasses = this.innerDateline ? 2 : 1;
    this.phase3Base = innerClasses;
    this.vcCount = Math.max(this.outerDateline ? 2 : 1, 2 * innerClasses);
    this.innerStride = new Int32Array(inner.length);
    let positions = 1;
    for (let i = 0; i < inner.length; i++) {
      this.innerStride[i] = positions;
      positions *= topology.shape[inner[i]];
    }
    this.positions = positions;
    this.nextPosition = new Uint16Array(topology.nodeCount);
  }

  /** The inner position index of `node` (0 .. positions−1). */
  positionOf(node: number): number {
    let idx = 0;
    for (let i = 0; i < this.innerOrder.length; i++) idx += this.topology.coord(node, this.innerOrder[i]) * this.innerStride[i];
    return idx;
  }

  /** The path position for the next message from `src`. */
  tagChoices(src: number): readonly number[] {
    const own = this.positionOf(src);
    return this.path === "fixed" ? [own] : Array.from({ length: this.positions }, (_, k) => (own + k) % this.positions);
  }

  messageTag(src: number): number {
    const own = this.positionOf(src);
    if (this.path === "fixed") return own;
    const k = this.nextPosition[src]++;
    if (this.nextPosition[src] === this.positions) this.nextPosition[src] = 0;
    return (own + k) % this.positions;
  }

  nextHop(node: number, dest: number, inPort: number, inVc: number, tag: number): number {
    const topo = this.topology;
    let outerDiffers = false;
    for (let i = 0; i < this.outerOrder.length; i++) {
      const a = this.outerOrder[i];
      if (topo.coord(node, a) !== topo.coord(dest, a)) {
        outerDiffers = true;
        break;
      }
    }
    if (outerDiffers) {
      // Phase 1: to the path position inside the source's unit.
      for (let i = 0; i < this.innerOrder.length; i++) {
        const a = this.innerOrder[i];
        const target = Math.floor(tag / this.innerStride[i]) % topo.shape[a];
        const code = this.step(node, a, target, inPort, inVc, 0, this.innerDateline);
        if (code !== ARRIVED) return code;
      }
      // Phase 2: across the machine.
      for (let i = 0; i < this.outerOrder.length; i++) {
        const a = this.outerOrder[i];
        const code = this.step(node, a, topo.coord(dest, a), inPort, inVc, 0, this.outerDateline);
        if (code !== ARRIVED) return code;
      }
    }
    // Phase 3: to the destination inside its unit.
    for (let i = 0; i < this.innerOrder.length; i++) {
      const a = this.innerOrder[i];
      const code = this.step(node, a, topo.coord(dest, a), inPort, inVc, this.phase3Base, this.innerDateline);
      if (code !== ARRIVED) return code;
    }
    return ARRIVED;
  }

  /** One dimension-order step along `axis` toward coordinate `to`, VC classes from `base`. */
  private step(node: number, axis: number, to: number, inPort: number, inVc: number, base: number, dateline: boolean): number {
    const topo = this.topology;
    const c = topo.coord(node, axis);
    if (c === to) return ARRIVED;
    const direction = directionToward(topo, axis, c, to, this.ties);
    let vc = base;
    if (dateline && topo.ring[axis]) {
      const sameAxis = inPort >= 0 && topo.portAxis[inPort] === axis && inVc >= base && inVc <= base + 1;
      if (sameAxis) vc = inVc;
      if (wrapsAround(topo, axis, c, direction)) vc = base + 1;
    }
    return encodeHop(topo.portFor(axis, direction), vc);
  }
}

/** Indices of the Tofu unit axes A, C, B (the default inner routing order); a RangeError if any is missing. */
export function tofuInnerAxes(topology: TorusTopology): number[] {
  const inner = ["A", "C", "B"].map((n) => topology.axes.indexOf(n));
  if (inner.some((a) => a < 0)) throw new RangeError(`tofu routing needs axes A, B and C; the topology has ${topology.axes.join(", ")}`);
  return inner;
}
