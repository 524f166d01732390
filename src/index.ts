/**
 * tofusim as a library: load or build a scenario, run it, read typed results; or assemble a
 * simulation from its parts (topology, routing, network model, collectives). Only what is
 * exported here is public; everything else may change without notice.
 */

// Scenarios: from a file or from data (validated the same way), run point by point.
export { loadScenario, scenarioFromData } from "./scenario/scenario.js";
export type { Scenario, ScenarioOverrides, ScenarioPoint, SweepValue } from "./scenario/scenario.js";
export { runPoint, runScenario } from "./scenario/runner.js";
// What a point will cost before it runs (events, memory, time), and the memory a run may use.
export { EVENTS_PER_SECOND, FLOW_SECONDS_PER_MESSAGE, availableMemoryBytes, estimatePoint } from "./scenario/estimate.js";
export type { PointEstimate } from "./scenario/estimate.js";
export type { PointResult, ResultOf, RunScenarioOptions, ScenarioReport } from "./scenario/runner.js";
export { scenarioJsonSchema, scenarioSchema } from "./scenario/schema.js";
export type { ScenarioFile, ScenarioInput } from "./scenario/schema.js";

// Machines (presets): topology + network + host + collectives + routing defaults.
export { loadMachineFile, machineNames, resolveMachine } from "./scenario/machine.js";
export type { Machine } from "./scenario/machine.js";

// Bad input: every problem with its code, file, path and message.
export { InputError, formatIssue } from "./input/errors.js";
export type { InputIssue, IssueCode } from "./input/errors.js";
export { MAX_ISSUES } from "./input/errors.js";
export { MAX_INPUT_BYTES, MAX_INPUT_ENTRIES, parseDataBytes, parseDataText, readDataFile } from "./input/parse.js";
export { MAX_SWEEP_POINTS } from "./input/sweep.js";
export { MAX_BANDWIDTH_GBPS, MAX_SIZE_BYTES, MAX_TIME_NS, MIN_BANDWIDTH_GBPS, formatBytes, parseSizeBytes, parseTimeNs } from "./input/units.js";

// The kernel.
export { Rng, Simulator } from "./engine/index.js";
export type { EventHandler, RunOptions, RunResult } from "./engine/index.js";

// Topologies and routings.
export { DRAGONFLY_ARRANGEMENTS, Dragonfly, FatTree, TopologyKindError, TorusTopology, checkEndpoint, requireTorus } from "./topology/index.js";
export type { DragonflyArrangement, DragonflySpec, FatTreeSpec, Topology, TopologyKind, TopologySpec } from "./topology/index.js";
export {
  ARRIVED,
  DRAGONFLY_ALGORITHMS,
  DimensionOrderRouting,
  DragonflyRouting,
  ROUTING_ALGORITHMS,
  ROUTING_KIND,
  RoutingKindError,
  TofuRouting,
  UP_PORT_POLICIES,
  UpDownRouting,
  buildRouting,
  checkRouting,
  hopPort,
  hopVc,
  traceRoute,
} from "./routing/index.js";
export type {
  CheckedRoute,
  DimensionOrderOptions,
  DragonflyAlgorithm,
  DragonflyRoutingOptions,
  Hop,
  Routing,
  RoutingAlgorithm,
  RoutingCheckFailure,
  RoutingCheckOptions,
  RoutingCheckReport,
  RoutingSpec,
  TieRule,
  TofuPathPolicy,
  TofuRoutingOptions,
  UpDownOptions,
  UpPortPolicy,
} from "./routing/index.js";

// Network models (fidelity tiers) behind one interface.
export { DEFAULT_NETWORK, IdealNetwork, NETWORK_MODELS, PacketNetwork, buildNetworkModel, networkConfigProblems, packetCount, zeroLoadLatencyNs } from "./network/index.js";
export type {
  BlockedBuffer,
  DeadlockReport,
  DeliveryListener,
  DeliveryObserver,
  IdealNetworkOptions,
  LinkClassConfig,
  NetworkConfig,
  NetworkModel,
  NetworkModelKind,
  NetworkModelSpec,
  Transport,
} from "./network/index.js";

// Collectives.
export {
  ALLREDUCE_ALGORITHMS,
  DEFAULT_COLLECTIVES,
  NO_HOST_COSTS,
  PLACEMENT_KINDS,
  allreduceCostNs,
  allreduceLowerBoundNs,
  autoAlgorithm,
  makePlacement,
  planAllreduce,
  runAllreduce,
  tofu3dPlacement,
} from "./collectives/index.js";
export type {
  AllreduceAlgorithm,
  AllreduceChoice,
  AllreduceOptions,
  AllreducePlan,
  AllreduceRequest,
  AllreduceResult,
  CollectivesConfig,
  HostCosts,
  PlacementKind,
} from "./collectives/index.js";

// Workloads (plug-ins) and their drivers.
export { TRAFFIC_PATTERNS, TrafficWorkload, WORKLOADS, makePattern, runAllreduceJob, runInjection, runPut } from "./workload/index.js";
export type {
  AllreduceJobResult,
  AllreduceJobSpec,
  Column,
  InjectionResult,
  PutResult,
  TrafficPatternName,
  TrafficResult,
  Workload,
  WorkloadEstimate,
  EstimateContext,
  WorkloadType,
} from "./workload/index.js";

// Reports.
export { render } from "./report/index.js";
export type { OutputFormat, RenderOptions } from "./report/index.js";
