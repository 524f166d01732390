import type { Argv } from "yargs";
import { presetNames, resolvePreset } from "../../scenario/topology-file.js";
import { renderTable } from "../../report/text-table.js";

export function topologiesCommand(yargs: Argv): Argv {
  return yargs.command(
    "topologies",
    "List the bundled topology presets",
    (y) => y.option("format", { choices: ["table", "json"] as const, default: "table" as const, describe: "Output format" }),
    (argv) => {
      const presets = presetNames().map((name) => resolvePreset(name));
      if (argv.format === "json") {
        const out = presets.map((p) => ({
          name: p.name,
          shape: p.topology.shape,
          axes: p.topology.axes,
          wrap: p.topology.ring.map((r, i) => (p.topology.shape[i] <= 2 ? "link" : r ? "ring" : "mesh")),
          nodes: p.topology.nodeCount,
          links: p.topology.linkCount,
          diameter: p.topology.diameter,
          description: p.description,
          source: p.source,
        }));
        process.stdout.write(JSON.stringify(out, null, 2) + "\n");
        return;
      }
      const rows = [["name", "shape", "axes", "wrap", "nodes", "links", "diameter", "source"]];
      for (const p of presets) {
        const t = p.topology;
        rows.push([
          p.name,
          t.describeShape(),
          t.axes.join(""),
          t.shape.map((k, i) => (k <= 2 ? "-" : t.ring[i] ? "T" : "M")).join(""),
          t.nodeCount.toLocaleString("en-US"),
          t.linkCount.toLocaleString("en-US"),
          String(t.diameter),
          firstSentence(p.source),
        ]);
      }
      process.stdout.write(renderTable(rows, [false, false, false, false, true, true, true, false]));
      process.stdout.write("wrap: T ring (torus), M open line (mesh), - size 1 or 2 (at most one link)\n");
    },
  );
}

function firstSentence(s: string): string {
  const cut = s.split(/(?<=\.)\s/)[0];
  return cut.length > 70 ? cut.slice(0, 67) + "..." : cut;
}
