export { Topology, MAX_AXIS_SIZE } from "./topology.js";
export type { Direction, TopologySpec } from "./topology.js";
