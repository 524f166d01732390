import { requireTorus, type Topology } from "../topology/index.js";
import { DimensionOrderRouting } from "./dimension-order.js";
import type { TieRule } from "./direction.js";
import type { Routing } from "./routing.js";
import { TofuRouting, tofuInnerAxes, type TofuPathPolicy } from "./tofu.js";

/** The routing algorithms a scenario can name. */
export const ROUTING_ALGORITHMS = ["dimension-order", "tofu"] as const;

/** A routing as a scenario or preset names it; axes as indices. */
export interface RoutingSpec {
  readonly algorithm: (typeof ROUTING_ALGORITHMS)[number];
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
  const inner = tofuInnerAxes(topology);
  return new TofuRouting(topology, { outerOrder: spec.order.filter((a) => !inner.includes(a)), innerOrder: inner, ties: spec.ties, path: spec.path });
}
