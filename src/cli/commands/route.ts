import type { Argv } from "yargs";
import { DimensionOrderRouting, traceRoute, type TieRule } from "../../routing/index.js";
import { resolveMachine, resolveOrder } from "../../scenario/machine.js";
import { renderTable } from "../../report/text-table.js";
import { requireTorus } from "../../topology/index.js";
import { formatCoords, parseNodeRef } from "../../workload/index.js";

export function routeCommand(yargs: Argv): Argv {
  return yargs.command(
    "route",
    "Print the dimension-order route between two nodes",
    (y) =>
      y
        .option("topology", { type: "string", demandOption: true, describe: "Preset name or topology file" })
        .option("from", { type: "string", demandOption: true, describe: "Source: node id or coordinates (e.g. 0,0,0,0,0,0)" })
        .option("to", { type: "string", demandOption: true, describe: "Destination: node id or coordinates" })
        .option("order", { type: "string", describe: "Axis order, e.g. X,Y,Z (default: the preset's)" })
        .option("ties", { choices: ["positive", "balanced"] as const, describe: "Direction at exactly half-way round a ring" })
        .option("dateline", { type: "boolean", default: true, describe: "Dateline VC switching on ring axes" })
        .option("format", { choices: ["table", "json"] as const, default: "table" as const })
        .example("$0 route --topology fugaku --from 0,0,0,0,0,0 --to 12,11,12,1,1,1", "38 hops across Fugaku"),
    (argv) => {
      const preset = resolveMachine(argv.topology);
      const topo = requireTorus(preset.topology, "tofusim route");
      const order = argv.order === undefined ? preset.routingOrder : resolveOrder(topo, argv.order.split(","), "--order", "");
      const ties: TieRule = argv.ties ?? preset.ties;
      const routing = new DimensionOrderRouting(topo, { order, ties, dateline: argv.dateline });
      const src = parseNodeRef(topo, argv.from, "--from");
      const dst = parseNodeRef(topo, argv.to, "--to");
      const hops = traceRoute(routing, src, dst);
      const path = hops.map((h, i) => {
        const step = topo.step(h.from, h.port);
        return {
          hop: i + 1,
          from: topo.coordsOf(h.from),
          to: topo.coordsOf(h.to),
          axis: topo.axes[step.axis],
          direction: step.direction > 0 ? "+" : "-",
          vc: h.vc,
          link: h.link,
        };
      });
      if (argv.format === "json") {
        const out = {
          topology: preset.name,
          from: { id: src, coords: topo.coordsOf(src) },
          to: { id: dst, coords: topo.coordsOf(dst) },
          routing: { algorithm: routing.name, order: order.map((a) => topo.axes[a]), ties, dateline: argv.dateline },
          hops: hops.length,
          path,
        };
        process.stdout.write(JSON.stringify(out, null, 2) + "\n");
        return;
      }
      process.stdout.write(
        `${preset.name} (${topo.describeShape()}): node ${src} ${formatCoords(topo, src)} -> node ${dst} ${formatCoords(topo, dst)}, ` +
          `order ${order.map((a) => topo.axes[a]).join("")}, ties ${ties}\n`,
      );
      const rows = [["hop", "from", "to", "axis", "dir", "vc"]];
      for (const p of path) rows.push([String(p.hop), `(${p.from.join(",")})`, `(${p.to.join(",")})`, p.axis, p.direction, String(p.vc)]);
      if (hops.length > 0) process.stdout.write(renderTable(rows, [true, false, false, false, false, true]));
      process.stdout.write(`hops: ${hops.length} (minimal: ${topo.distance(src, dst)})\n`);
    },
  );
}
