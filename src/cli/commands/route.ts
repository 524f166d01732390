import type { Argv } from "yargs";
import { traceRoute } from "../../routing/index.js";
import { resolveMachine } from "../../scenario/machine.js";
import { renderTable } from "../../report/text-table.js";
import { TorusTopology } from "../../topology/index.js";
import { formatCoords, parseNodeRef } from "../../workload/index.js";
import { describeRouter, describeRoutingSpec, routingFromFlags, withRoutingOptions } from "./routing-options.js";

export function routeCommand(yargs: Argv): Argv {
  return yargs.command(
    "route",
    "Print the route between two endpoints on any topology: routers, ports in the topology's words, VCs",
    (y) =>
      withRoutingOptions(
        y
          .option("topology", { type: "string", demandOption: true, describe: "Preset name or topology file" })
          .option("from", { type: "string", demandOption: true, describe: "Source: endpoint id, or coordinates on a torus (e.g. 0,0,0,0,0,0)" })
          .option("to", { type: "string", demandOption: true, describe: "Destination: endpoint id or coordinates" })
          .option("nic", { type: "number", default: 0, describe: "NIC index of the message (picks the routers of endpoints with several)" })
          .option("format", { choices: ["table", "json"] as const, default: "table" as const }),
      )
        .example("$0 route --topology fugaku --from 0,0,0,0,0,0 --to 12,11,12,1,1,1", "38 hops across Fugaku")
        .example("$0 route --topology summit --from 0 --to 4000 --up-port s-mod-k", "up and down a fat tree")
        .example("$0 route --topology frontier --from 0 --to 9000 --routing valiant", "through an intermediate group"),
    (argv) => {
      const machine = resolveMachine(argv.topology);
      const topo = machine.topology;
      const { spec, routing } = routingFromFlags(machine, argv);
      const src = parseNodeRef(topo, argv.from, "--from");
      const dst = parseNodeRef(topo, argv.to, "--to");
      const nic = Number.isInteger(argv.nic) && argv.nic >= 0 ? argv.nic : 0;
      const tag = routing.messageTag?.(src, dst) ?? 0;
      const hops = traceRoute(routing, src, dst, tag, nic);
      const torus = topo instanceof TorusTopology ? topo : undefined;
      const path = hops.map((h, i) => {
        const common = { hop: i + 1, vc: h.vc, link: h.link };
        if (torus !== undefined) {
          const step = torus.step(h.from, h.port);
          return { hop: i + 1, from: torus.coordsOf(h.from), to: torus.coordsOf(h.to), axis: torus.axes[step.axis], direction: step.direction > 0 ? "+" : "-", vc: h.vc, link: h.link };
        }
        const linkClass = topo.linkClass !== undefined && topo.linkClassNames !== undefined ? topo.linkClassNames[topo.linkClass(h.link)] : undefined;
        return { ...common, from: h.from, fromWords: describeRouter(topo, h.from), port: topo.describePort(h.from, h.port), to: h.to, toWords: describeRouter(topo, h.to), ...(linkClass !== undefined ? { linkClass } : {}) };
      });
      const minimalHops = topo.distance(src, dst);
      const ends = (e: number) => (torus !== undefined ? { id: e, coords: torus.coordsOf(e) } : { id: e, coords: topo.endpointCoordinates(e), router: topo.endpointRouter(e, nic % topo.endpointAttachments(e)) });
      const routingWords = describeRoutingSpec(topo, spec);
      if (argv.format === "json") {
        const routingJson =
          torus !== undefined
            ? { algorithm: routing.name, order: spec.order.map((a) => torus.axes[a]), ties: spec.ties, dateline: spec.dateline, vcClasses: routing.vcCount }
            : { algorithm: routing.name, ...(spec.algorithm === "up-down" ? { upPort: spec.upPort } : {}), vcClasses: routing.vcCount, minimal: routing.minimal };
        const out = { topology: machine.name, kind: topo.kind, shape: topo.describeShape(), from: ends(src), to: ends(dst), nic, routing: routingJson, hops: hops.length, minimalHops, path };
        process.stdout.write(JSON.stringify(out, null, 2) + "\n");
        return;
      }
      process.stdout.write(`${machine.name} (${topo.describeShape()}): endpoint ${src} ${formatCoords(topo, src)} -> endpoint ${dst} ${formatCoords(topo, dst)}, ${routingWords}` + (nic > 0 ? `, NIC ${nic}` : "") + "\n");
      if (torus !== undefined) {
        const rows = [["hop", "from", "to", "axis", "dir", "vc"]];
        for (const p of path as { hop: number; from: number[]; to: number[]; axis: string; direction: string; vc: number }[]) rows.push([String(p.hop), `(${p.from.join(",")})`, `(${p.to.join(",")})`, p.axis, p.direction, String(p.vc)]);
        if (hops.length > 0) process.stdout.write(renderTable(rows, [true, false, false, false, false, true]));
      } else {
        const rows = [["hop", "from", "port", "to", "link class", "vc"]];
        for (const [i, h] of hops.entries()) {
          const p = path[i] as { linkClass?: string };
          rows.push([String(i + 1), describeRouter(topo, h.from), topo.describePort(h.from, h.port), describeRouter(topo, h.to), p.linkClass ?? "-", String(h.vc)]);
        }
        if (hops.length > 0) process.stdout.write(renderTable(rows, [true, false, false, false, false, true]));
        if ((spec.algorithm === "up-down" && (spec.upPort === "adaptive" || spec.upPort === "random")) || spec.algorithm === "ugal") {
          process.stdout.write(`(${spec.algorithm === "ugal" ? "ugal" : spec.upPort} decides per packet; shown as on an idle network${spec.upPort === "random" ? `, seed ${argv.seed}` : ""})\n`);
        }
      }
      process.stdout.write(`hops: ${hops.length} (minimal: ${minimalHops})\n`);
    },
  );
}
