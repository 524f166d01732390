/**
 * Packet-level network throughput: uniform traffic at 50% offered load on a 4-ary 4-cube and
 * on a 16x16x16 torus; prints events per packet-hop, packet-hops and events per CPU second
 * (the machine is shared: CPU time is the steadier figure) and peak memory. Then builds the
 * full Fugaku network (24x23x24x2x3x2, 10 ports, 4 VCs, 6 NICs) and prints its bytes per node
 * as allocated and what it costs in resident memory (a router's state is touched on first use).
 */
import { Rng, Simulator } from "../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork } from "../src/network/index.js";
import { DimensionOrderRouting } from "../src/routing/index.js";
import { TorusTopology } from "../src/topology/index.js";
import { TrafficWorkload, makePattern } from "../src/workload/index.js";
import { peakMemoryMiB, printTable, timeIt } from "./util.js";

interface Row {
  readonly name: string;
  readonly nodes: number;
  readonly packetHops: number;
  readonly events: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly accepted: number;
}

/** A packet network as the benchmarks build one (bench/event-kinds.ts passes a counting subclass). */
export type PacketNetworkClass<N extends PacketNetwork> = new (...args: ConstructorParameters<typeof PacketNetwork>) => N;

/**
 * Uniform traffic at 50% offered load, 1,920 B messages, on a k-ary n-cube of `shape` (1 NIC,
 * 4 VCs, dimension-order routing), `measureNs` measured after a fifth of it as warm-up.
 */
export function uniformTraffic<N extends PacketNetwork>(shape: number[], measureNs: number, Net: PacketNetworkClass<N>): { net: N; workload: TrafficWorkload } {
  const topo = new TorusTopology({ shape, wrap: shape.map(() => true), axes: shape.map((_, i) => `D${i}`) });
  const sim = new Simulator();
  const net = new Net(sim, topo, new DimensionOrderRouting(topo), { ...DEFAULT_NETWORK, injectionPorts: 1 });
  const rng = Rng.fromSeed(1);
  const workload = new TrafficWorkload(sim, net, makePattern(topo, { pattern: "uniform" }, rng.stream("pattern")), { messageBytes: 1920, offeredLoad: 0.5, warmupNs: measureNs / 5, measureNs, drainNs: measureNs }, rng.stream("traffic"));
  return { net, workload };
}

function uniformRun(name: string, shape: number[], measureNs: number): Row {
  const { net, workload: w } = uniformTraffic(shape, measureNs, PacketNetwork);
  const cpu0 = process.cpuUsage();
  const { value, seconds } = timeIt(() => w.run());
  const cpu = process.cpuUsage(cpu0);
  return { name, nodes: net.endpointCount, packetHops: net.packetHops, events: value.events, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, accepted: value.acceptedLoad };
}

export function runNetworkBench(): void {
  uniformRun("warm-up", [4, 4, 4, 4], 20_000);
  const rows = [uniformRun("4-ary 4-cube", [4, 4, 4, 4], 400_000), uniformRun("16x16x16 torus", [16, 16, 16], 40_000)];
  printTable("Packet network: uniform traffic, 50% offered load, 1,920 B messages, 1 NIC, 4 VCs", [
    ["topology", "nodes", "packet-hops", "events", "events/hop", "wall s", "CPU s", "packet-hops/CPU s", "events/CPU s", "accepted"],
    ...rows.map((r) => [
      r.name,
      String(r.nodes),
      r.packetHops.toLocaleString("en-US"),
      r.events.toLocaleString("en-US"),
      (r.events / r.packetHops).toFixed(2),
      r.seconds.toFixed(2),
      r.cpuSeconds.toFixed(2),
      Math.round(r.packetHops / r.cpuSeconds).toLocaleString("en-US"),
      Math.round(r.events / r.cpuSeconds).toLocaleString("en-US"),
      r.accepted.toFixed(3),
    ]),
  ]);
  console.log(`peak RSS so far: ${peakMemoryMiB().toFixed(0)} MiB`);

  const before = process.memoryUsage();
  const { value: net, seconds } = timeIt(() => {
    const topo = new TorusTopology({ shape: [24, 23, 24, 2, 3, 2], wrap: [true, true, true, false, true, false], axes: ["X", "Y", "Z", "A", "B", "C"] });
    return new PacketNetwork(new Simulator(), topo, new DimensionOrderRouting(topo, { order: [0, 1, 2, 3, 5, 4] }), { ...DEFAULT_NETWORK, virtualChannels: 4, injectionPorts: 6 });
  });
  const after = process.memoryUsage();
  const grownMiB = (after.rss - before.rss + (after.arrayBuffers - before.arrayBuffers) * 0) / 2 ** 20;
  console.log(
    `\nFugaku network (158,976 nodes, 10 ports, 4 VCs, 6 NICs): built in ${seconds.toFixed(2)} s, ` +
      `${net.bytesPerEndpoint().toFixed(0)} bytes/node of state (${((net.bytesPerEndpoint() * net.endpointCount) / 2 ** 20).toFixed(0)} MiB), ` +
      `RSS grew ${grownMiB.toFixed(0)} MiB; peak RSS ${peakMemoryMiB().toFixed(0)} MiB`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) runNetworkBench();
