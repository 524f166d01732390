/**
 * Scale of the flow tier on Fugaku (the fugaku preset: Tofu-D links, routers, six NICs, host
 * costs; dimension-order routing X, Y, Z, A, C, B; tofu-3d placement over torus-mode
 * allocations): 100 MB ring, torus-ring and torus-multiring allreduces on 1,152 nodes, and a
 * 1 GiB torus-multiring on 1,152, 9,216, 64,512 and all 158,976 nodes. Each job runs in its own
 * process so that its peak RSS is its own. Prints a markdown table: wall and CPU time, peak
 * RSS, messages, engine events, and the flow tier's work (flows solved per second, rate
 * recomputations per flow-tier event).
 *
 *   node dist/bench/flow-scale.js              # the 1,152-node jobs (a minute)
 *   node dist/bench/flow-scale.js all          # every job (the full machine takes long)
 *   node dist/bench/flow-scale.js multiring-1GiB-9216 …   # named jobs
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_COLLECTIVES, type AllreduceAlgorithm } from "../src/collectives/index.js";
import { Rng, Simulator } from "../src/engine/index.js";
import { FlowNetwork } from "../src/network/index.js";
import { DimensionOrderRouting } from "../src/routing/index.js";
import { runAllreduceJob } from "../src/workload/index.js";
import { TOFU_D_HOST, TOFU_D_NETWORK, TOFU_ORDER } from "./flow-vs-packet.js";
import { fugakuBlock } from "./util.js";


interface Job {
  readonly name: string;
  readonly algorithm: AllreduceAlgorithm;
  readonly sizeBytes: number;
  /** Tofu units along X, Y, Z: a torus-mode allocation (rings only on axes it spans whole). */
  readonly units: readonly [number, number, number];
}

const GiB = 1 << 30;
const JOBS: readonly Job[] = [
  { name: "ring-100MB-1152", algorithm: "ring", sizeBytes: 100e6, units: [4, 4, 6] },
  { name: "torus-ring-100MB-1152", algorithm: "torus-ring", sizeBytes: 100e6, units: [4, 4, 6] },
  { name: "multiring-100MB-1152", algorithm: "torus-multiring", sizeBytes: 100e6, units: [4, 4, 6] },
  { name: "multiring-1GiB-1152", algorithm: "torus-multiring", sizeBytes: GiB, units: [4, 4, 6] },
  { name: "multiring-1GiB-9216", algorithm: "torus-multiring", sizeBytes: GiB, units: [8, 8, 12] },
  { name: "multiring-1GiB-64512", algorithm: "torus-multiring", sizeBytes: GiB, units: [16, 16, 21] },
  { name: "multiring-1GiB-158976", algorithm: "torus-multiring", sizeBytes: GiB, units: [24, 23, 24] },
];
const QUICK = JOBS.filter((j) => j.units[0] * j.units[1] * j.units[2] === 96).map((j) => j.name);

interface Measured {
  readonly job: string;
  readonly nodes: number;
  readonly simulatedUs: number;
  readonly lowerBoundUs: number;
  readonly busBandwidthGBps: number;
  readonly messages: number;
  readonly events: number;
  readonly flowEvents: number;
  readonly flowsSolved: number;
  readonly ratesChanged: number;
  readonly largestComponent: number;
  readonly peakFlows: number;
  readonly modelMiB: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMiB: number;
}

function runJob(job: Job): Measured {
  const topology = fugakuBlock(job.units);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const sim = new Simulator();
  const net = new FlowNetwork(sim, topology, new DimensionOrderRouting(topology, { order: TOFU_ORDER, ties: "balanced" }), TOFU_D_NETWORK);
  const r = runAllreduceJob(
    sim,
    net,
    { algorithm: job.algorithm, sizeBytes: job.sizeBytes, ranks: topology.endpointCount, placement: "tofu-3d", verify: false, host: TOFU_D_HOST, collectives: DEFAULT_COLLECTIVES },
    Rng.fromSeed(1),
  );
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const s = net.stats;
  const links = topology.linkCount;
  const nicSides = net.resourceCount - links;
  const modelBytes = links * FlowNetwork.BYTES_PER_LINK + nicSides * FlowNetwork.BYTES_PER_RESOURCE + s.peakFlowsInFlight * FlowNetwork.BYTES_PER_FLOW_ID;
  return {
    job: job.name,
    nodes: topology.endpointCount,
    simulatedUs: r.timeUs,
    lowerBoundUs: r.lowerBoundUs,
    busBandwidthGBps: r.busBandwidthGBps,
    messages: r.messages,
    events: r.events,
    flowEvents: s.events,
    flowsSolved: s.flowsSolved,
    ratesChanged: s.ratesChanged,
    largestComponent: s.largestComponentFlows,
    peakFlows: s.peakFlowsInFlight,
    modelMiB: modelBytes / 2 ** 20,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

const n = (x: number): string => Math.round(x).toLocaleString("en-US");

function row(m: Measured): string {
  return [
    m.job,
    n(m.nodes),
    (m.simulatedUs / 1000).toFixed(2),
    m.busBandwidthGBps.toFixed(2),
    m.wallS.toFixed(1),
    m.cpuS.toFixed(1),
    n(m.peakRssMiB),
    n(m.modelMiB),
    n(m.messages),
    n(m.events),
    n(m.flowEvents),
    n(m.flowsSolved / m.wallS),
    (m.flowsSolved / m.flowEvents).toFixed(2),
    (m.ratesChanged / m.messages).toFixed(2),
    n(m.largestComponent),
  ].join(" | ");
}

export function runFlowScale(names: readonly string[] = QUICK): void {
  const jobs = names.includes("all") ? JOBS : JOBS.filter((j) => names.includes(j.name));
  if (jobs.length === 0) throw new Error(`no such job; jobs: ${JOBS.map((j) => j.name).join(", ")}`);
  console.log("\n| job | nodes | simulated ms | bus GB/s | wall s | CPU s | peak RSS MiB | model MiB | messages | events | flow-tier events | flows solved/s | rates solved per flow-tier event | rate changes per message | largest component |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const job of jobs) {
    // One process per job, so that its peak RSS is its own.
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--job", job.name], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) {
      console.log(`| ${job.name} | failed: ${(child.stderr || child.stdout).trim().split("\n").slice(-1)[0]} |`);
      continue;
    }
    console.log(`| ${row(JSON.parse(child.stdout) as Measured)} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === "--job") {
    const job = JOBS.find((j) => j.name === args[1]);
    if (job === undefined) throw new Error(`no job ${args[1]}`);
    process.stdout.write(JSON.stringify(runJob(job)));
  } else runFlowScale(args.length > 0 ? args : QUICK);
}
