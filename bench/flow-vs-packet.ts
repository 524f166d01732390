/**
 * The flow tier against the packet level: every allreduce algorithm on a 4x4x4 torus and on a
 * 768-node Tofu-D allocation, 64 KiB to 256 MiB. The packet level runs where it finishes in
 * minutes (sizes up to each case's `packetUpTo`); beyond that only the flow tier's figure is
 * printed. Prints a markdown table (the README's) with each flow result's error against the
 * packet level.
 *
 *   node dist/bench/flow-vs-packet.js            # both cases, the README table
 *   node dist/bench/flow-vs-packet.js 4x4x4 16   # one case, sizes up to 16 MiB
 */
import { ALLREDUCE_ALGORITHMS, NO_HOST_COSTS, DEFAULT_COLLECTIVES, type AllreduceAlgorithm, type HostCosts, type PlacementKind } from "../src/collectives/index.js";
import { Rng, Simulator } from "../src/engine/index.js";
import { DEFAULT_NETWORK, buildNetworkModel, type NetworkConfig, type NetworkModelKind } from "../src/network/index.js";
import { DimensionOrderRouting, type Routing } from "../src/routing/index.js";
import { TorusTopology } from "../src/topology/index.js";
import { runAllreduceJob, type AllreduceJobResult } from "../src/workload/index.js";
import { timeIt } from "./util.js";

const MiB = 1 << 20;
const SIZES = [64 * 1024, 256 * 1024, MiB, 4 * MiB, 16 * MiB, 64 * MiB, 256 * MiB];

/** Tofu-D (the fugaku preset): topologies/fugaku.yaml. */
export const TOFU_D_NETWORK: NetworkConfig = {
  ...DEFAULT_NETWORK,
  linkBandwidthGBps: 6.8,
  packetPayloadBytes: 1920,
  packetHeaderBytes: 144,
  virtualChannels: 4,
  bufferBytesPerVc: 8192,
  injectionPorts: 6,
  routerLatencyNs: 100,
  linkLatencyNs: 20,
  nicLatencyNs: 247.65,
};
export const TOFU_D_HOST: HostCosts = { sendOverheadNs: 250, receiveOverheadNs: 250, reduceBandwidthGBps: 597 };
/** X, Y, Z, A, C, B: the fugaku preset's routing order (axes X, Y, Z, A, B, C). */
export const TOFU_ORDER = [0, 1, 2, 3, 5, 4];

interface Case {
  readonly name: string;
  readonly routing: Routing;
  readonly config: NetworkConfig;
  readonly host: HostCosts;
  readonly placement: PlacementKind;
  /** Largest size the packet level runs. */
  readonly packetUpTo: number;
}

function cases(): Case[] {
  const torus = new TorusTopology({ shape: [4, 4, 4], wrap: [true, true, true], axes: ["X", "Y", "Z"] });
  // topologies/tofu-d-768.yaml
  const tofu = new TorusTopology({ shape: [4, 4, 4, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: ["X", "Y", "Z", "A", "B", "C"] });
  return [
    // scenarios/allreduce-torus-4x4x4.yaml: generic links, 2 NICs, no host costs.
    { name: "4x4x4", routing: new DimensionOrderRouting(torus, { ties: "balanced" }), config: { ...DEFAULT_NETWORK, injectionPorts: 2 }, host: NO_HOST_COSTS, placement: "linear", packetUpTo: 64 * MiB },
    { name: "tofu-d-768", routing: new DimensionOrderRouting(tofu, { order: TOFU_ORDER, ties: "balanced" }), config: TOFU_D_NETWORK, host: TOFU_D_HOST, placement: "tofu-3d", packetUpTo: 4 * MiB },
  ];
}

function run(c: Case, model: NetworkModelKind, algorithm: AllreduceAlgorithm, sizeBytes: number): { result: AllreduceJobResult; seconds: number } {
  const { value, seconds } = timeIt(() => {
    const sim = new Simulator();
    const net = buildNetworkModel(sim, c.routing, { model, config: c.config });
    const ranks = c.routing.topology.endpointCount;
    return runAllreduceJob(sim, net, { algorithm, sizeBytes, ranks, placement: c.placement, verify: false, host: c.host, collectives: DEFAULT_COLLECTIVES }, Rng.fromSeed(1));
  });
  return { result: value, seconds };
}

function size(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / 1024} KiB`;
}

export function runFlowVsPacket(only?: string, maxMiB?: number): void {
  for (const c of cases()) {
    if (only !== undefined && c.name !== only) continue;
    console.log(`\n#### ${c.name} (${c.routing.topology.describeShape()}, ${c.routing.topology.endpointCount} ranks, ${c.placement} placement)\n`);
    console.log("| algorithm | size | packet µs | flow µs | flow error | packet wall s | flow wall s |");
    console.log("|---|---|---|---|---|---|---|");
    for (const algorithm of ALLREDUCE_ALGORITHMS) {
      for (const bytes of SIZES) {
        if (maxMiB !== undefined && bytes > maxMiB * MiB) continue;
        const flow = run(c, "flow", algorithm, bytes);
        const packet = bytes <= c.packetUpTo ? run(c, "packet", algorithm, bytes) : undefined;
        const error = packet === undefined ? "" : `${(((flow.result.timeUs - packet.result.timeUs) / packet.result.timeUs) * 100).toFixed(1)}%`;
        console.log(
          `| ${algorithm} | ${size(bytes)} | ${packet === undefined ? "—" : packet.result.timeUs.toFixed(1)} | ${flow.result.timeUs.toFixed(1)} | ${error} | ` +
            `${packet === undefined ? "—" : packet.seconds.toFixed(1)} | ${flow.seconds.toFixed(2)} |`,
        );
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runFlowVsPacket(process.argv[2], process.argv[3] === undefined ? undefined : Number(process.argv[3]));
