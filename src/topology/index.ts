export { checkEndpoint, TopologyKindError } from "./topology.js";
export type { Topology, TopologyKind } from "./topology.js";
export { MAX_AXIS_SIZE, TorusTopology, requireTorus } from "./torus.js";
export type { Direction, TopologySpec } from "./torus.js";
