import type { Topology } from "../topology/index.js";
import { InputError } from "../scenario/errors.js";

/** `"3,1,0"` (coordinates) or `"17"` (node id) → node id; `flag` names the option in errors. */
export function parseNodeRef(topology: Topology, text: string, flag: string): number {
  const trimmed = text.trim();
  const expected = `expected a node id in 0..${topology.nodeCount - 1} or ${topology.axisCount} comma-separated coordinates (${topology.axes.join(",")}) within ${topology.describeShape()}`;
  if (trimmed.includes(",") || topology.axisCount === 1) {
    const parts = trimmed.split(",").map((p) => p.trim());
    const coords = parts.map(Number);
    if (parts.some((p) => !/^\d+$/.test(p)) || coords.length !== topology.axisCount || coords.some((c, i) => c >= topology.shape[i])) {
      throw InputError.single(flag, "", `${expected}, found ${JSON.stringify(text)}`);
    }
    return topology.nodeAt(coords);
  }
  if (!/^\d+$/.test(trimmed) || Number(trimmed) >= topology.nodeCount) {
    throw InputError.single(flag, "", `${expected}, found ${JSON.stringify(text)}`);
  }
  return Number(trimmed);
}

export function formatCoords(topology: Topology, node: number): string {
  return `(${topology.coordsOf(node).join(",")})`;
}
