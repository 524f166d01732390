import type { Argv } from "yargs";
import { renderTable } from "../../report/text-table.js";
import { machineNames, resolveMachine, type Machine } from "../../scenario/machine.js";
import { TorusTopology, type Topology } from "../../topology/index.js";

/** How a torus axis wraps: a ring, an open line, or at most one link (size 1 or 2). */
function wrapWord(t: TorusTopology, axis: number): "ring" | "mesh" | "link" {
  return t.shape[axis] <= 2 ? "link" : t.ring[axis] ? "ring" : "mesh";
}

function describe(m: Machine): Record<string, unknown> {
  const t: Topology = m.topology;
  const torus = t instanceof TorusTopology ? { shape: t.shape, axes: t.axes, wrap: t.shape.map((_, i) => wrapWord(t, i)) } : { shape: t.describeShape() };
  return {
    name: m.name,
    kind: t.kind,
    ...torus,
    nodes: t.endpointCount,
    routers: t.routerCount,
    links: t.linkCount,
    radix: t.maxRadix,
    diameter: t.diameter,
    description: m.description,
    source: m.source,
  };
}

export function topologiesCommand(yargs: Argv): Argv {
  return yargs.command(
    "topologies",
    "List the bundled machine presets: kind, shape, endpoints, routers, links, radix, diameter",
    (y) => y.option("format", { choices: ["table", "json", "csv"] as const, default: "table" as const, describe: "Output format" }),
    (argv) => {
      const machines = machineNames().map((name) => resolveMachine(name));
      if (argv.format === "json") {
        process.stdout.write(JSON.stringify(machines.map(describe), null, 2) + "\n");
        return;
      }
      if (argv.format === "csv") {
        const docs = machines.map(describe);
        const keys = ["name", "kind", "shape", "axes", "wrap", "nodes", "routers", "links", "radix", "diameter", "source"];
        const cell = (v: unknown): string => {
          const text = Array.isArray(v) ? v.join("x") : v === undefined ? "" : String(v);
          return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
        };
        process.stdout.write([keys.join(","), ...docs.map((d) => keys.map((k) => cell(d[k])).join(","))].join("\n") + "\n");
        return;
      }
      const rows = [["name", "shape", "axes", "wrap", "nodes", "links", "diameter", "kind", "routers", "radix", "source"]];
      for (const m of machines) {
        const t = m.topology;
        const torus = t instanceof TorusTopology;
        rows.push([
          m.name,
          t.describeShape(),
          torus ? t.axes.join("") : "-",
          torus ? t.shape.map((k, i) => ({ ring: "T", mesh: "M", link: "-" })[wrapWord(t, i)]).join("") : "-",
          t.endpointCount.toLocaleString("en-US"),
          t.linkCount.toLocaleString("en-US"),
          String(t.diameter),
          t.kind,
          t.routerCount.toLocaleString("en-US"),
          String(t.maxRadix),
          firstSentence(m.source),
        ]);
      }
      process.stdout.write(renderTable(rows, [false, false, false, false, true, true, true, false, true, true, false]));
      process.stdout.write("wrap: T ring (torus), M open line (mesh), - size 1 or 2 (at most one link); nodes = endpoints; radix = most router-to-router ports of a router\n");
    },
  );
}

function firstSentence(s: string): string {
  const cut = s.split(/(?<=\.)\s/)[0];
  return cut.length > 70 ? cut.slice(0, 67) + "..." : cut;
}
