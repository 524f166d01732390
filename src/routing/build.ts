import type { Rng } from "../engine/index.js";
import { Dragonfly, FatTree, TopologyKindError, requireTorus, type Topology, type TopologyKind } from "../topology/index.js";
import { DimensionOrderRouting } from "./dimension-order.js";
import type { TieRule } from "./direction.js";
import { DragonflyRouting } from "./dragonfly-routing.js";
import type { Routing } from "./routing.js";
import { TofuRouting, tofuInnerAxes, type TofuPathPolicy } from "./tofu.js";
import { UpDownRouting, type UpPortPolicy } from "./up-down.js";

/** The routing algorithms a scenario can name. */
export const ROUTING_ALGORITHMS = ["dimension-order", "tofu", "up-down", "minimal", "valiant", "ugal"] as const;
export type RoutingAlgorithm = (typeof ROUTING_ALGORITHMS)[number];

/** The topology kind each routing algorithm needs. */
export const ROUTING_KIND: Readonly<Record<RoutingAlgorithm, TopologyKind>> = {
  "dimension-order": "torus",
  tofu: "torus",
  "up-down": "fat-tree",
  minimal: "dragonfly",
  valiant: "dragonfly",
  ugal: "dragonfly",
};

/** The routing a machine of each kind uses when neither its preset nor the scenario names one. */
export function defaultRoutingAlgorithm(kind: TopologyKind): RoutingAlgorithm {
  return kind === "fat-tree" ? "up-down" : kind === "dragonfly" ? "minimal" : "dimension-order";
}

/** The algorithms that fit a topology kind. */
export function routingsFor(kind: TopologyKind): RoutingAlgorithm[] {
  return ROUTING_ALGORITHMS.filter((a) => ROUTING_KIND[a] === kind);
}

/** A routing as a scenario or preset names it; axes as indices. */
export interface RoutingSpec {
  readonly algorithm: RoutingAlgorithm;
  /** Torus routings: axis order, tie rule, dateline classes, Tofu path policy. */
  readonly order: readonly number[];
  readonly ties: TieRule;
  readonly dateline: boolean;
  readonly path: TofuPathPolicy;
  /** up-down: how the up port is chosen (default d-mod-k). */
  readonly upPort?: UpPortPolicy;
}

/**
 * The routing a scenario asks for. `tofu` takes the outer axes in the order's sequence and
 * A, C, B inside the unit; throws a TopologyKindError when the algorithm does not fit the
 * topology's kind (naming the ones that do), a RangeError when the topology lacks A, B and C.
 * `rng` is the stream random choices (random up ports, Valiant's groups) draw from.
 */
export function buildRouting(machine: Topology, spec: RoutingSpec, rng?: Rng): Routing {
  const needs = ROUTING_KIND[spec.algorithm];
  if (machine.kind !== needs) throw new RoutingKindError(spec.algorithm, needs, machine.kind);
  switch (spec.algorithm) {
    case "up-down":
      if (!(machine instanceof FatTree)) throw new RoutingKindError(spec.algorithm, needs, machine.kind);
      return new UpDownRouting(machine, { upPort: spec.upPort ?? "d-mod-k", ...(rng !== undefined ? { rng } : {}) });
    case "minimal":
    case "valiant":
    case "ugal":
      if (!(machine instanceof Dragonfly)) throw new RoutingKindError(spec.algorithm, needs, machine.kind);
      return new DragonflyRouting(machine, { algorithm: spec.algorithm, ...(rng !== undefined ? { rng } : {}) });
    case "dimension-order": {
      const topology = requireTorus(machine, `routing ${spec.algorithm}`);
      return new DimensionOrderRouting(topology, { order: spec.order, ties: spec.ties, dateline: spec.dateline });
    }
    case "tofu": {
      const topology = requireTorus(machine, `routing ${spec.algorithm}`);
      const inner = tofuInnerAxes(topology);
      return new TofuRouting(topology, { outerOrder: spec.order.filter((a) => !inner.includes(a)), innerOrder: inner, ties: spec.ties, path: spec.path });
    }
  }
}

/** A routing named on a topology of another kind: says which routings fit the topology. */
export class RoutingKindError extends TopologyKindError {
  constructor(algorithm: RoutingAlgorithm, needs: TopologyKind, found: TopologyKind) {
    super(`routing ${algorithm}`, needs, found);
    this.message = `routing ${algorithm} needs a ${needs === "torus" ? "mesh/torus" : needs} topology; this one is a ${found} (its routings: ${routingsFor(found).join(", ") || "none"})`;
    this.name = "RoutingKindError";
  }
}
