import { traceRoute, type Hop, type Routing } from "../../src/routing/index.js";
import { requireTorus } from "../../src/topology/index.js";

/** A traced hop on a mesh/torus, with the axis it moves along and its direction. */
export interface TorusHop extends Hop {
  readonly axis: number;
  readonly direction: 1 | -1;
}

/** `traceRoute` on a mesh/torus, each hop annotated with its axis and direction. */
export function traceTorusRoute(routing: Routing, src: number, dst: number, tag = 0): TorusHop[] {
  const topo = requireTorus(routing.topology, "traceTorusRoute");
  return traceRoute(routing, src, dst, tag).map((h) => ({ ...h, ...topo.step(h.from, h.port) }));
}
