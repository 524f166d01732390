import { DimensionOrderRouting, TofuRouting, type Routing, type TieRule, type TofuPathPolicy } from "../routing/index.js";
import { requireTorus, type Topology } from "../topology/index.js";

export interface RoutingSpec {
  readonly algorithm: "dimension-order" | "tofu";
  readonly order: readonly number[];
  readonly ties: TieRule;
  readonly dateline: boolean;
  readonly path: TofuPathPolicy;
}

/**
 * The routing a scenario asks for. `tofu` takes the outer axes in the order's sequence and
 * A, C, B inside the unit; throws RangeError when the topology lacks A, B and C.
 */
export function buildRouting(machine: Topology, spec: RoutingSpec): Routing {
  const topology = requireTorus(machine, `routing ${spec.algorithm}`);
  if (spec.algorithm === "dimension-order") {
    return new DimensionOrderRouting(topology, { order: spec.order, ties: spec.ties, dateline: spec.dateline });
  }
  const inner = ["A", "C", "B"].map((n) => topology.axes.indexOf(n));
  if (inner.some((a) => a < 0)) throw new RangeError(`tofu routing needs axes A, B and C; the topology has ${topology.axes.join(", ")}`);
  return new TofuRouting(topology, { outerOrder: spec.order.filter((a) => !inner.includes(a)), innerOrder: inner, ties: spec.ties, path: spec.path });
}
