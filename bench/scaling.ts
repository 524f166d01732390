/**
 * Scaling of the packet level with the machine's size: wall time, CPU time, events and peak
 * memory of (1) an 8-byte recursive-doubling allreduce over every node and (2) uniform
 * traffic at 50% offered load (1,920 B messages, 2 µs warm-up and 10 µs measured: 12 µs of
 * simulated time), on Fugaku-shaped 6D tori of 1,152, 9,216, 64,512 and 158,976 nodes (Tofu
 * units along X, Y, Z; rings only along axes spanning the whole machine). Each point runs in
 * its own process so that its peak memory is its own.
 *
 *   node dist/bench/scaling.js            every point (several minutes)
 *   node dist/bench/scaling.js --quick    the two smallest sizes
 *   node dist/bench/scaling.js --one <workload> <X> <Y> <Z>   one point, prints JSON
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_COLLECTIVES, NO_HOST_COSTS } from "../src/collectives/index.js";
import { Rng, Simulator } from "../src/engine/index.js";
import { PacketNetwork } from "../src/network/index.js";
import { DimensionOrderRouting } from "../src/routing/index.js";
import { TrafficWorkload, makePattern, runAllreduceJob } from "../src/workload/index.js";
import { FUGAKU_PACKET_NETWORK, fugakuBlock, printTable } from "./util.js";

const SIZES: readonly (readonly [number, number, number])[] = [[4, 4, 6], [8, 8, 12], [16, 16, 21], [24, 23, 24]];
const WORKLOADS = ["allreduce-rd-8B", "uniform-50%-12us"] as const;
type Workload = (typeof WORKLOADS)[number];


interface Point {
  readonly workload: Workload;
  readonly nodes: number;
  readonly events: number;
  readonly packetHops: number;
  readonly simulatedUs: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMiB: number;
}

function runOne(workload: Workload, units: readonly number[]): Point {
  const topology = fugakuBlock(units);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const sim = new Simulator();
  const net = new PacketNetwork(sim, topology, new DimensionOrderRouting(topology, { order: [0, 1, 2, 3, 5, 4], ties: "balanced" }), FUGAKU_PACKET_NETWORK);
  let simulatedUs: number;
  let events: number;
  if (workload === "allreduce-rd-8B") {
    const r = runAllreduceJob(sim, net, {
      algorithm: "recursive-doubling",
      sizeBytes: 8,
      ranks: topology.endpointCount,
      placement: "linear",
      verify: false,
      host: NO_HOST_COSTS,
      collectives: DEFAULT_COLLECTIVES,
    }, Rng.fromSeed(1));
    simulatedUs = r.timeUs;
    events = r.events;
  } else {
    const rng = Rng.fromSeed(1);
    const w = new TrafficWorkload(sim, net, makePattern(topology, { pattern: "uniform" }, rng.stream("pattern")), { messageBytes: 1920, offeredLoad: 0.5, warmupNs: 2000, measureNs: 10_000, drainNs: 0 }, rng.stream("traffic"));
    const r = w.run();
    simulatedUs = sim.nowNs / 1000;
    events = r.events;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    workload,
    nodes: topology.endpointCount,
    events,
    packetHops: net.packetHops,
    simulatedUs,
    wallS: Number(process.hrtime.bigint() - t0) / 1e9,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

export function runScaling(quick = false): void {
  const rows: string[][] = [["workload", "nodes", "simulated us", "events", "packet-hops", "wall s", "CPU s", "ns CPU/event", "peak RSS MiB"]];
  const self = fileURLToPath(import.meta.url);
  for (const workload of WORKLOADS) {
    for (const units of quick ? SIZES.slice(0, 2) : SIZES) {
      const child = spawnSync(process.execPath, [self, "--one", workload, ...units.map(String)], { encoding: "utf8", maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`${workload} on ${units.join("x")} failed: ${child.stderr}`);
      const p = JSON.parse(child.stdout) as Point;
      rows.push([
        p.workload,
        p.nodes.toLocaleString("en-US"),
        p.simulatedUs.toFixed(2),
        p.events.toLocaleString("en-US"),
        p.packetHops.toLocaleString("en-US"),
        p.wallS.toFixed(1),
        p.cpuS.toFixed(1),
        ((p.cpuS / p.events) * 1e9).toFixed(0),
        p.peakRssMiB.toFixed(0),
      ]);
    }
  }
  printTable("Packet level on Fugaku-shaped tori (one process per point)", rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === "--one") {
    const workload = args[1] as Workload;
    if (!WORKLOADS.includes(workload)) throw new Error(`unknown workload ${args[1]}`);
    console.log(JSON.stringify(runOne(workload, args.slice(2, 5).map(Number))));
  } else runScaling(args.includes("--quick"));
}
