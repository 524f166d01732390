/**
 * Collective benchmarks on the packet network: a 1 MiB ring allreduce on 64 ranks of a
 * 4x4x4 torus, and an 8-byte recursive-doubling allreduce on all 158,976 nodes of the
 * fugaku preset (Tofu-D parameters). Prints wall time, events, simulated time, peak memory.
 */
import { Rng, Simulator } from "../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork, type NetworkConfig } from "../src/network/index.js";
import { DimensionOrderRouting } from "../src/routing/index.js";
import { TorusTopology } from "../src/topology/index.js";
import { runAllreduceJob, type AllreduceJobSpec } from "../src/workload/index.js";
import { DEFAULT_COLLECTIVES, NO_HOST_COSTS } from "../src/collectives/index.js";
import { FUGAKU_PACKET_NETWORK, FUGAKU_XYZ, fugakuBlock, peakMemoryMiB, printTable, timeIt } from "./util.js";


function runJob(topo: TorusTopology, order: number[] | undefined, config: NetworkConfig, spec: AllreduceJobSpec): string[] {
  const { value, seconds } = timeIt(() => {
    const sim = new Simulator();
    const net = new PacketNetwork(sim, topo, new DimensionOrderRouting(topo, { order }), config);
    return runAllreduceJob(sim, net, spec, Rng.fromSeed(1));
  });
  return [
    `${spec.algorithm} ${spec.sizeBytes} B`,
    `${topo.describeShape()} (${spec.ranks} ranks)`,
    seconds.toFixed(2),
    value.events.toLocaleString("en-US"),
    Math.round(value.events / seconds).toLocaleString("en-US"),
    value.timeUs.toFixed(2),
    value.lowerBoundUs.toFixed(2),
    peakMemoryMiB().toFixed(0),
  ];
}

export function runAllreduceBench(): void {
  const torus = new TorusTopology({ shape: [4, 4, 4], wrap: [true, true, true], axes: ["X", "Y", "Z"] });
  const fugaku = fugakuBlock(FUGAKU_XYZ);
  const job = (algorithm: AllreduceJobSpec["algorithm"], sizeBytes: number, ranks: number): AllreduceJobSpec => ({
    algorithm,
    sizeBytes,
    ranks,
    placement: "linear",
    verify: false,
    host: NO_HOST_COSTS,
    collectives: DEFAULT_COLLECTIVES,
  });
  const rows = [runJob(torus, undefined, DEFAULT_NETWORK, job("ring", 1 << 20, 64)), runJob(fugaku, [0, 1, 2, 3, 5, 4], FUGAKU_PACKET_NETWORK, job("recursive-doubling", 8, fugaku.nodeCount))];
  printTable("Allreduce on the packet network", [["job", "topology", "wall s", "events", "events/s", "simulated us", "lower bound us", "peak RSS MiB"], ...rows]);
}

if (import.meta.url === `file://${process.argv[1]}`) runAllreduceBench();
