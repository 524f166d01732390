/**
 * Building machine-sized fat trees and dragonflies: a Frontier-sized dragonfly (74 groups of
 * 32 switches, 16 NIC ports each, 4 NICs per node on the 4 switches of a chassis: 9,472
 * nodes) and a Summit-sized fat tree (XGFT(3; 18,16,16; 2,18,16): 4,608 nodes on two rails).
 * Prints the time to build the topology, its routing and the packet network, the
 * topology's bytes per router and per endpoint, the packet network's state per endpoint,
 * and how fast routes are traced.
 */
import { Rng, Simulator } from "../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork } from "../src/network/index.js";
import { DragonflyRouting, UpDownRouting, traceRoute, type Routing } from "../src/routing/index.js";
import { Dragonfly, FatTree } from "../src/topology/index.js";
import { peakMemoryMiB, printTable, timeIt } from "./util.js";

interface Case {
  readonly name: string;
  readonly topology: () => Dragonfly | FatTree;
  readonly routing: (t: Dragonfly | FatTree) => Routing;
  readonly nics: number;
}

const CASES: readonly Case[] = [
  {
    name: "Frontier-sized dragonfly",
    topology: () => new Dragonfly({ groups: 74, routersPerGroup: 32, endpointsPerRouter: 16, globalLinksPerRouter: 10, attachmentsPerEndpoint: 4 }),
    routing: (t) => new DragonflyRouting(t as Dragonfly, { algorithm: "ugal" }),
    nics: 4,
  },
  {
    name: "Summit-sized fat tree",
    topology: () => new FatTree({ children: [18, 16, 16], parents: [2, 18, 16] }),
    routing: (t) => new UpDownRouting(t as FatTree, { upPort: "adaptive" }),
    nics: 2,
  },
];

export function runTopologyBuildBench(): void {
  const rows: string[][] = [];
  for (const c of CASES) {
    const { value: topology, seconds: topoS } = timeIt(c.topology);
    const { value: routing, seconds: routingS } = timeIt(() => c.routing(topology));
    const { value: net, seconds: netS } = timeIt(() => new PacketNetwork(new Simulator(), topology, routing, { ...DEFAULT_NETWORK, virtualChannels: 4, injectionPorts: c.nics }));
    const rng = Rng.fromSeed(1);
    const pairs = 100_000;
    let hops = 0;
    const { seconds: routeS } = timeIt(() => {
      for (let i = 0; i < pairs; i++) {
        const src = rng.int(topology.endpointCount);
        const dst = rng.int(topology.endpointCount);
        hops += traceRoute(routing, src, dst, routing.messageTag?.(src, dst) ?? 0).length;
      }
    });
    rows.push([
      c.name,
      topology.describeShape(),
      topology.endpointCount.toLocaleString("en-US"),
      topology.routerCount.toLocaleString("en-US"),
      topology.linkCount.toLocaleString("en-US"),
      (topoS * 1000).toFixed(0),
      (routingS * 1000).toFixed(1),
      (netS * 1000).toFixed(0),
      (topology.byteLength / topology.routerCount).toFixed(0),
      topology.bytesPerEndpoint().toFixed(0),
      net.bytesPerEndpoint().toFixed(0),
      Math.round(pairs / routeS).toLocaleString("en-US"),
      (hops / pairs).toFixed(2),
    ]);
  }
  printTable("Building machine-sized switched topologies (packet network: 4 VCs)", [
    ["case", "shape", "endpoints", "routers", "links", "topology ms", "routing ms", "network ms", "topo B/router", "topo B/endpoint", "network B/endpoint", "routes/s", "mean hops"],
    ...rows,
  ]);
  console.log(`peak RSS so far: ${peakMemoryMiB().toFixed(0)} MiB`);
}

if (import.meta.url === `file://${process.argv[1]}`) runTopologyBuildBench();
