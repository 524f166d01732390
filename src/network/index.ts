export type { DeliveryListener, Transport } from "./transport.js";
export { IdealTransport } from "./ideal-transport.js";
export type { IdealTransportOptions } from "./ideal-transport.js";
export { DEFAULT_NETWORK, checkNetworkConfig, networkConfigProblems, packetCount, wireBytes, zeroLoadLatencyNs } from "./config.js";
export type { ConfigProblem, NetworkConfig } from "./config.js";
export { MAX_ROUTER_INPUTS, Network } from "./network.js";
export type { BlockedBuffer, DeadlockReport } from "./deadlock.js";
export { PacketStats } from "./stats.js";
export type { LatencySummary } from "./stats.js";
