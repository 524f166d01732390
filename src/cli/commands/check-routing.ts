import type { Argv } from "yargs";
import { Rng } from "../../engine/index.js";
import { InputError } from "../../input/errors.js";
import { buildRouting, checkRouting, type Hop, type Routing, type RoutingCheckReport, type RoutingSpec } from "../../routing/index.js";
import { loadScenario } from "../../scenario/scenario.js";
import { resolveMachine } from "../../scenario/machine.js";
import type { Topology } from "../../topology/index.js";
import { EXIT_CHECK_FAILED } from "../exit-codes.js";
import { describeRouter, describeRoutingSpec, routingFromFlags, withRoutingOptions } from "./routing-options.js";

/** One routing to check: where it comes from, the topology and routing. */
interface Subject {
  readonly name: string;
  readonly routingWords: string;
  readonly routing: Routing;
}

/** A channel in the topology's words: `(0,0,0) X+ -> (1,0,0) vc 0`. */
function channelWords(topo: Topology, link: number, vc: number): string {
  const from = topo.linkSource(link);
  const port = topo.linkPort(link);
  return `${describeRouter(topo, from)} ${topo.describePort(from, port)} -> ${describeRouter(topo, topo.neighbor(from, port))}, vc ${vc}`;
}

function hopsWords(topo: Topology, hops: readonly Hop[]): string[] {
  return hops.map((h, i) => `${i + 1}. ${channelWords(topo, h.link, h.vc)}`);
}

function reportJson(s: Subject, r: RoutingCheckReport): unknown {
  const topo = s.routing.topology;
  const f = r.failure;
  const failure =
    f === undefined
      ? null
      : f.check === "acyclic"
        ? { check: f.check, cycle: f.cycle.map((c) => ({ link: c.link, vc: c.vc, router: topo.linkSource(c.link), port: topo.describePort(topo.linkSource(c.link), topo.linkPort(c.link)), to: topo.neighbor(topo.linkSource(c.link), topo.linkPort(c.link)), words: channelWords(topo, c.link, c.vc) })) }
        : {
            check: f.check,
            src: f.route.src,
            dst: f.route.dst,
            nic: f.route.nic,
            tag: f.route.tag,
            hops: f.route.hops.map((h) => ({ from: h.from, port: topo.describePort(h.from, h.port), to: h.to, link: h.link, vc: h.vc, words: channelWords(topo, h.link, h.vc) })),
            ...(f.check === "delivered" ? { message: f.message } : f.check === "minimal" ? { minimalHops: f.minimalHops } : { link: f.link }),
          };
  return { topology: s.name, kind: topo.kind, shape: topo.describeShape(), routing: s.routingWords, ...r, failure };
}

function reportText(s: Subject, r: RoutingCheckReport): string {
  const topo = s.routing.topology;
  const lines: string[] = [];
  lines.push(`${s.name} (${topo.describeShape()}), ${s.routingWords}, ${r.vcClasses} VC class${r.vcClasses === 1 ? "" : "es"}`);
  lines.push(r.mode === "all" ? `  all ${r.pairs.toLocaleString("en-US")} ordered pairs, ${r.routes.toLocaleString("en-US")} routes (every NIC index and routing choice)` : `  a sample of ${r.pairs.toLocaleString("en-US")} pairs (fast-check, seed ${r.seed}; --all checks every pair), ${r.routes.toLocaleString("en-US")} routes`);
  const f = r.failure;
  // Every route passed its checks when the failure is the graph's (it is checked last).
  const status = (check: string): string => (f === undefined || (f.check === "acyclic" && check !== "acyclic") ? "ok" : f.check === check ? "FAILED" : "-");
  lines.push(`  delivered:            ${status("delivered")}`);
  lines.push(`  no repeated channel:  ${status("no-repeated-channel")}`);
  lines.push(`  minimal:              ${r.minimalClaimed ? status("minimal") : "not claimed"}`);
  lines.push(`  CDG acyclic:          ${status("acyclic")} (${r.channels.toLocaleString("en-US")} channels, ${r.dependencies.toLocaleString("en-US")} dependencies)`);
  if (f !== undefined) {
    if (f.check === "acyclic") {
      lines.push(`  counterexample: a cycle of ${f.cycle.length} channels (each waits for the next, the last for the first):`);
      for (const c of f.cycle) lines.push(`    ${channelWords(topo, c.link, c.vc)}`);
    } else {
      const route = f.route;
      const why = f.check === "delivered" ? f.message : f.check === "minimal" ? `${route.hops.length} hops where ${f.minimalHops} suffice` : `link ${f.link} twice`;
      lines.push(`  counterexample: endpoint ${route.src} -> ${route.dst} (NIC ${route.nic}, tag ${route.tag}): ${why}`);
      for (const l of hopsWords(topo, route.hops)) lines.push(`    ${l}`);
    }
  }
  lines.push(r.passed ? "passed" : "FAILED");
  return lines.join("\n") + "\n";
}

export function checkRoutingCommand(yargs: Argv): Argv {
  return yargs.command(
    "check-routing [scenario..]",
    "Property-test a routing: every pair (or a seeded sample) delivered, no repeated channel, minimal where claimed, channel dependency graph acyclic",
    (y) =>
      withRoutingOptions(
        y
          .positional("scenario", { type: "string", array: true, describe: "Scenario files: check the routing of each of their points (instead of --topology)" })
          .option("topology", { type: "string", describe: "Preset name or topology file" })
          .option("all", { type: "boolean", default: false, describe: "Check every pair even on a large machine (default: all pairs up to 300,000 routes, else a sample)" })
          .option("samples", { type: "number", default: 20_000, describe: "Pairs in the sample on a large machine" })
          .option("format", { choices: ["table", "json"] as const, default: "table" as const }),
      )
        .example("$0 check-routing --topology frontier --routing ugal", "a sample of pairs, seed printed")
        .example("$0 check-routing --topology torus-4x4x4 --no-dateline", "the cycle a ring without dateline classes creates (exit 4)"),
    (argv) => {
      const subjects: Subject[] = [];
      const scenarios = (argv.scenario ?? []) as string[];
      if (scenarios.length > 0 && argv.topology !== undefined) throw InputError.single("invalid", "--topology", "", "expected either scenario files or --topology, found both");
      if (scenarios.length === 0 && argv.topology === undefined) throw InputError.single("invalid", "--topology", "", "expected --topology <preset|file> or scenario files");
      const seed = Number.isInteger(argv.seed) ? argv.seed : 1;
      if (argv.topology !== undefined) {
        const machine = resolveMachine(argv.topology);
        const { spec, routing } = routingFromFlags(machine, argv);
        subjects.push({ name: machine.name, routingWords: describeRoutingSpec(machine.topology, spec), routing });
      } else {
        const seen = new Set<string>();
        for (const file of scenarios) {
          for (const point of loadScenario(file).points) {
            const spec: RoutingSpec = point.routing;
            const key = `${point.machine.name} ${point.machine.file} ${point.machine.topology.describeShape()} ${JSON.stringify(spec)}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const routing = buildRouting(point.machine.topology, spec, Rng.fromSeed(seed).stream("routing"));
            subjects.push({ name: `${file}: ${point.machine.name}`, routingWords: describeRoutingSpec(point.machine.topology, spec), routing });
          }
        }
      }
      const samples = Number.isInteger(argv.samples) && argv.samples > 0 ? argv.samples : 20_000;
      const reports = subjects.map((s) => ({ s, r: checkRouting(s.routing, { all: argv.all, samples, seed }) }));
      if (argv.format === "json") process.stdout.write(JSON.stringify(reports.length === 1 ? reportJson(reports[0].s, reports[0].r) : reports.map(({ s, r }) => reportJson(s, r)), null, 2) + "\n");
      else for (const { s, r } of reports) process.stdout.write(reportText(s, r));
      if (reports.some(({ r }) => !r.passed)) process.exitCode = EXIT_CHECK_FAILED;
    },
  );
}
