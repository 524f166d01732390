import { TorusTopology, type Topology } from "../topology/index.js";
import { z } from "zod";
import { InputError } from "../input/errors.js";

/** A node, as an id or comma-separated coordinates ("3,1,0"). */
export const nodeRef = z
  .union([z.int().min(0), z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "expected a node id or comma-separated coordinates such as \"3,1,0\"")])
  .describe('A node: its id (a number) or its coordinates, one per axis, such as "3,1,0".');

/**
 * `"3,1,0"` (coordinates) or `"17"` / 17 (node id) → node id. `where` and `path` name the
 * flag or file and field in errors.
 */
export function parseNodeRef(machine: Topology, ref: string | number, where: string, path = ""): number {
  const text = String(ref);
  const flag = where;
  const trimmed = text.trim();
  if (!(machine instanceof TorusTopology)) {
    if (!/^\d+$/.test(trimmed) || Number(trimmed) >= machine.endpointCount) {
      throw InputError.single("not-found", flag, path, `expected an endpoint id in 0..${machine.endpointCount - 1} (a ${machine.kind} has no node coordinates), found ${JSON.stringify(ref)}`);
    }
    return Number(trimmed);
  }
  const topology = machine;
  const expected = `expected a node id in 0..${topology.nodeCount - 1} or ${topology.axisCount} comma-separated coordinates (${topology.axes.join(",")}) within ${topology.describeShape()}`;
  if (trimmed.includes(",") || topology.axisCount === 1) {
    const parts = trimmed.split(",").map((p) => p.trim());
    const coords = parts.map(Number);
    if (parts.some((p) => !/^\d+$/.test(p)) || coords.length !== topology.axisCount || coords.some((c, i) => c >= topology.shape[i])) {
      throw InputError.single("not-found", flag, path, `${expected}, found ${JSON.stringify(ref)}`);
    }
    return topology.nodeAt(coords);
  }
  if (!/^\d+$/.test(trimmed) || Number(trimmed) >= topology.nodeCount) {
    throw InputError.single("not-found", flag, path, `${expected}, found ${JSON.stringify(ref)}`);
  }
  return Number(trimmed);
}

export function formatCoords(topology: Topology, node: number): string {
  return `(${topology.endpointCoordinates(node).join(",")})`;
}
