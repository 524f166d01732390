export { checkEndpoint, TopologyKindError } from "./topology.js";
export type { Topology, TopologyKind } from "./topology.js";
export { MAX_AXES, MAX_AXIS_SIZE, MAX_CHANNELS, TorusTopology, requireTorus } from "./torus.js";
export type { Direction, TopologySpec } from "./torus.js";
