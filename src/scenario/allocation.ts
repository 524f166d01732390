import { InputError, type InputIssue } from "../input/errors.js";
import { TorusTopology } from "../topology/index.js";
import type { Machine } from "./machine.js";

export interface AllocationInput {
  readonly shape: readonly number[];
  readonly offset?: readonly number[];
  readonly mode: "torus" | "mesh";
}

/**
 * A job's sub-block of a machine, like Fugaku's `torus` and `mesh` allocation modes; routes
 * stay inside it. The block keeps the machine's wrap-around links only on axes it spans
 * entirely, and only in torus mode: mesh mode gives them up, except on rings of 3 (Tofu's B,
 * inside a unit), whose three links are all between neighbours. Axes the block covers in part
 * are open lines: the machine has no shorter ring there. Node ids and coordinates in results are the
 * block's own (its origin is `offset` in the machine).
 */
export function allocate(machine: Machine, alloc: AllocationInput, file: string): Machine {
  if (!(machine.topology instanceof TorusTopology)) {
    throw InputError.single("unsupported", file, "allocation", `a sub-block allocation needs a mesh/torus machine; ${machine.name} is a ${machine.topology.kind}`);
  }
  const t = machine.topology;
  const n = t.axisCount;
  const offset = alloc.offset ?? new Array<number>(n).fill(0);
  const issues: InputIssue[] = [];
  if (alloc.shape.length !== n) issues.push({ code: "invalid", file, path: "allocation.shape", message: `expected ${n} sizes (axes ${t.axes.join(", ")}), found ${alloc.shape.length}` });
  if (offset.length !== n) issues.push({ code: "invalid", file, path: "allocation.offset", message: `expected ${n} coordinates (axes ${t.axes.join(", ")}), found ${offset.length}` });
  if (issues.length === 0) {
    for (let i = 0; i < n; i++) {
      if (offset[i] + alloc.shape[i] > t.shape[i]) {
        issues.push({ code: "out-of-range", file, path: `allocation.shape[${i}]`, message: `expected the block to fit in ${machine.name}'s ${t.axes[i]} axis of ${t.shape[i]} from offset ${offset[i]}, found size ${alloc.shape[i]}` });
      }
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  const wrap = alloc.shape.map((k, i) => (alloc.mode === "torus" || t.shape[i] <= 3) && k === t.shape[i] && t.ring[i]);
  const topology = new TorusTopology({ shape: alloc.shape, wrap, axes: t.axes });
  return {
    ...machine,
    name: `${machine.name}[${alloc.shape.join("x")}${offset.some((o) => o !== 0) ? `@${offset.join(",")}` : ""} ${alloc.mode}]`,
    topology,
  };
}
