import type { TorusTopology } from "../topology/index.js";
import { directionToward, wrapsAround, type TieRule } from "./direction.js";
import { ARRIVED, encodeHop, type Routing } from "./routing.js";

export interface DimensionOrderOptions {
  /** Axis indices in routing order; every axis exactly once. Default: natural order. */
  readonly order?: readonly number[];
  readonly ties?: TieRule;
  /** Dateline virtual-channel switching on ring axes (default true). */
  readonly dateline?: boolean;
}

/**
 * Dimension-order routing: correct each axis in turn, in `order`, taking the shortest way
 * around ring axes.
 *
 * Deadlock freedom on rings (dateline): a packet enters each ring axis on VC 0 and moves to
 * VC 1 when it takes the wrap-around link (k−1 → 0 going +, 0 → k−1 going −), staying there
 * until it leaves the axis. VC 0 channels of a ring then never close a cycle (the wrap link is
 * only used on VC 1), and VC 1 channels neither (a minimal route wraps at most once), so the
 * channel dependency graph is acyclic. Two VCs are needed when some axis is a ring, one
 * otherwise; without the dateline every packet stays on VC 0 and rings can deadlock.
 */
export class DimensionOrderRouting implements Routing {
  readonly name = "dimension-order";
  readonly requires = "torus" as const;
  readonly minimal = true;
  readonly vcCount: number;
  readonly order: readonly number[];
  readonly ties: TieRule;
  readonly dateline: boolean;
  private readonly orderArray: Int32Array;

  constructor(
    readonly topology: TorusTopology,
    options: DimensionOrderOptions = {},
  ) {
    const n = topology.axisCount;
    this.order = options.order ?? Array.from({ length: n }, (_, i) => i);
    validateOrder(this.order, topology);
    this.ties = options.ties ?? "balanced";
    this.dateline = options.dateline ?? true;
    this.orderArray = Int32Array.from(this.order);
    this.vcCount = this.dateline && topology.ring.some((r) => r) ? 2 : 1;
  }

  nextHop(node: number, dest: number, inPort: number, inVc: number): number {
    const topo = this.topology;
    const order = this.orderArray;
    for (let i = 0; i < order.length; i++) {
      const axis = order[i];
      const c = topo.coord(node, axis);
      const d = topo.coord(dest, axis);
      if (c === d) continue;
      const direction = directionToward(topo, axis, c, d, this.ties);
      const port = topo.portFor(axis, direction);
      let vc = 0;
      if (this.vcCount > 1) {
        // Keep the dateline class while moving along the same axis; reset on a new axis.
        const sameAxis = inPort >= 0 && topo.portAxis[inPort] === axis;
        vc = sameAxis ? inVc : 0;
        if (wrapsAround(topo, axis, c, direction)) vc = 1;
      }
      return encodeHop(port, vc);
    }
    return ARRIVED;
  }
}

function validateOrder(order: readonly number[], topology: TorusTopology): void {
  const n = topology.axisCount;
  const seen = new Set(order);
  if (order.length !== n || seen.size !== n || order.some((a) => !Number.isInteger(a) || a < 0 || a >= n)) {
    const names = order.map((a) => topology.axes[a] ?? String(a)).join(", ");
    throw new RangeError(`routing order must name every axis once (${topology.axes.join(", ")}), got ${names}`);
  }
}
