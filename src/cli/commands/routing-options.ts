import type { Argv } from "yargs";
import { Rng } from "../../engine/index.js";
import { InputError } from "../../input/errors.js";
import { ROUTING_ALGORITHMS, ROUTING_KIND, RoutingKindError, UP_PORT_POLICIES, buildRouting, routingsFor, type Routing, type RoutingSpec, type TieRule, type UpPortPolicy } from "../../routing/index.js";
import { resolveOrder, type Machine } from "../../scenario/machine.js";
import { TorusTopology, type Topology } from "../../topology/index.js";

/** The routing flags `route` and `check-routing` share. */
export interface RoutingFlags {
  readonly routing?: string;
  readonly "up-port"?: string;
  readonly order?: string;
  readonly ties?: string;
  readonly dateline?: boolean;
  readonly path?: string;
  readonly seed?: number;
}

export function withRoutingOptions<T>(y: Argv<T>) {
  return y
    .option("routing", { choices: ROUTING_ALGORITHMS, describe: "Routing algorithm (default: the preset's): dimension-order, tofu (torus); up-down (fat tree); minimal, valiant, ugal (dragonfly)" })
    .option("up-port", { choices: UP_PORT_POLICIES, describe: "up-down: up port by destination, source, at random, or adaptive (d-mod-k on an idle network)" })
    .option("order", { type: "string", describe: "Torus: axis order, e.g. X,Y,Z (default: the preset's)" })
    .option("ties", { choices: ["positive", "balanced"] as const, describe: "Torus: direction at exactly half-way round a ring" })
    .option("dateline", { type: "boolean", describe: "Torus, dimension-order: dateline VC classes on ring axes (default true; --no-dateline drops them)" })
    .option("path", { choices: ["fixed", "spread"] as const, describe: "tofu: the source's own A/B/C position (fixed) or all 12 (spread)" })
    .option("seed", { type: "number", default: 1, describe: "Seed of random routing choices (random up ports, Valiant's intermediate groups)" });
}

/**
 * The routing the flags name on `machine` (the preset's where a flag is absent). A routing
 * or flag that does not fit the topology's kind is an InputError naming the flag.
 */
export function routingFromFlags(machine: Machine, argv: RoutingFlags): { spec: RoutingSpec; routing: Routing } {
  const topo: Topology = machine.topology;
  const algorithm = (argv.routing as RoutingSpec["algorithm"] | undefined) ?? machine.routingAlgorithm;
  if (ROUTING_KIND[algorithm] !== topo.kind) {
    throw InputError.single("unsupported", "--routing", "", new RoutingKindError(algorithm, ROUTING_KIND[algorithm], topo.kind).message);
  }
  const torusOnly = (["order", "ties", "path", "dateline"] as const).filter((f) => argv[f] !== undefined);
  if (!(topo instanceof TorusTopology) && torusOnly.length > 0) {
    throw InputError.single("unsupported", `--${torusOnly[0]}`, "", `applies only to a mesh/torus; this topology is a ${topo.kind} (its routings: ${routingsFor(topo.kind).join(", ")})`);
  }
  if (argv["up-port"] !== undefined && algorithm !== "up-down") {
    throw InputError.single("unsupported", "--up-port", "", `applies only to routing up-down, found ${algorithm}`);
  }
  const order = argv.order === undefined ? machine.routingOrder : resolveOrder(topo, argv.order.split(","), "--order", "");
  const spec: RoutingSpec = {
    algorithm,
    order,
    ties: (argv.ties as TieRule | undefined) ?? machine.ties,
    dateline: argv.dateline ?? true,
    path: argv.path === "spread" ? "spread" : "fixed",
    upPort: (argv["up-port"] as UpPortPolicy | undefined) ?? machine.upPort,
  };
  try {
    return { spec, routing: buildRouting(topo, spec, Rng.fromSeed(argv.seed ?? 1).stream("routing")) };
  } catch (e) {
    if (e instanceof RangeError) throw InputError.single("unsupported", "--routing", "", e.message);
    throw e;
  }
}

/** A routing's options in words: `up-down (upPort d-mod-k)`, `dimension-order (order XYZ, ties balanced, dateline)`. */
export function describeRoutingSpec(topo: Topology, spec: RoutingSpec): string {
  if (spec.algorithm === "up-down") return `up-down (upPort ${spec.upPort ?? "d-mod-k"})`;
  if (topo instanceof TorusTopology) {
    const axes = spec.order.map((a) => topo.axes[a]).join("");
    const extra = spec.algorithm === "tofu" ? `path ${spec.path}` : spec.dateline ? "dateline" : "no dateline";
    return `${spec.algorithm} (order ${axes}, ties ${spec.ties}, ${extra})`;
  }
  return spec.algorithm;
}

/** A router in the topology's words: `(3,1,0)` on a torus, `leaf 2 (level 1, label 2.0)` on a fat tree, `group 4 router 1` on a dragonfly. */
export function describeRouter(topo: Topology, router: number): string {
  const c = topo.routerCoordinates(router);
  if (topo.kind === "fat-tree") return `switch ${router} (level ${c[0]}, label ${c.slice(1).join(".")})`;
  if (topo.kind === "dragonfly") return `router ${router} (group ${c[0]}, index ${c[1]})`;
  if (topo.kind === "torus") return `(${c.join(",")})`;
  return `router ${router}`;
}
