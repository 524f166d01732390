export { checkEndpoint, TopologyKindError } from "./topology.js";
export type { Topology, TopologyKind } from "./topology.js";
export { MAX_AXES, MAX_AXIS_SIZE, MAX_CHANNELS, TorusTopology, requireTorus } from "./torus.js";
export type { Direction, TopologySpec } from "./torus.js";
export { ENDPOINT_LINK_CLASS, FatTree } from "./fat-tree.js";
export type { FatTreeSpec } from "./fat-tree.js";
export { DRAGONFLY_ARRANGEMENTS, DRAGONFLY_LINK_CLASSES, Dragonfly, globalPeer } from "./dragonfly.js";
export type { DragonflyArrangement, DragonflySpec } from "./dragonfly.js";
