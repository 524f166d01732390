export { ARRIVED, MAX_ROUTING_VCS, encodeHop, hopPort, hopVc, traceRoute } from "./routing.js";
export type { Hop, Routing } from "./routing.js";
export { DimensionOrderRouting } from "./dimension-order.js";
export type { DimensionOrderOptions } from "./dimension-order.js";
export type { TieRule } from "./direction.js";
export { TofuRouting, tofuInnerAxes } from "./tofu.js";
export type { TofuPathPolicy, TofuRoutingOptions } from "./tofu.js";
export { ROUTING_ALGORITHMS, buildRouting } from "./build.js";
export type { RoutingSpec } from "./build.js";
