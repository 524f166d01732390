import { z } from "zod";
import { core, objectSchema } from "./schema-walk.js";

/**
 * Sweeps: any field wrapped in `sweep(schema)` takes a value or a list of values, and a list
 * makes the scenario a sweep over them. The wrapper is the one declaration of which fields
 * are sweepable: `expandSweeps` finds them by walking the schema, and `Scalar<T>` is the type
 * of one point, with every swept field a single value.
 */

/** The list branch of a sweepable field (a brand, so that types can tell it from a fixed list). */
export type SweepList<T> = T[] & z.core.$brand<"sweep">;

// Keyed by the schema's definition, which `.describe()` and `.meta()` clones share, so that a
// described sweep is still a sweep.
const SWEEPS = new WeakSet<object>();

function isSweep(schema: z.ZodType): boolean {
  return SWEEPS.has(schema.def);
}

/** Said of every sweepable field in the JSON Schema. */
export const SWEEP_NOTE = "A list of values makes the scenario a sweep over them.";

/** A value, or a list of values that makes the scenario a sweep over them. */
export function sweep<T extends z.ZodType>(schema: T) {
  const swept = z.union([schema, z.array(schema).min(1).brand<"sweep">()]);
  SWEEPS.add(swept.def);
  return swept;
}

/** The type of one point: every sweepable field of `T` (deeply) holds one value. */
export type Scalar<T> = T extends z.core.$brand<"sweep"> ? never : T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]: Scalar<T[K]> } : T;

/** One point of a sweep: the swept fields' values by path (`workload.sizeBytes`), and the point. */
export interface SweepPoint<T> {
  readonly sweep: Record<string, unknown>;
  readonly values: Scalar<T>;
}

interface Dimension {
  readonly path: readonly string[];
  readonly values: readonly unknown[];
}

function findDimensions(schema: z.ZodType, value: unknown, path: string[], out: Dimension[]): void {
  const obj = objectSchema(schema, value);
  if (obj === undefined || typeof value !== "object" || value === null) return;
  const shape = obj.shape as Record<string, z.ZodType>;
  // Validated data has its keys in the schema's order, so sweeps nest in the format's order.
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = shape[key];
    if (v === undefined || field === undefined) continue;
    const f = core(field);
    if (isSweep(f)) {
      if (Array.isArray(v)) out.push({ path: [...path, key], values: v });
    } else findDimensions(f, v, [...path, key], out);
  }
}

/** The swept fields of `data` (validated by `schema`) and how many values each has, in sweep order. */
export function sweepDimensions(schema: z.ZodType, data: unknown): { path: string; count: number }[] {
  const dims: Dimension[] = [];
  findDimensions(schema, data, [], dims);
  return dims.map((d) => ({ path: d.path.join("."), count: d.values.length }));
}

/** How many points `data` (validated by `schema`) expands to, without expanding it. */
export function countSweepPoints(schema: z.ZodType, data: unknown): number {
  return sweepDimensions(schema, data).reduce((n, d) => n * d.count, 1);
}

/**
 * Every list in a sweepable field is a sweep; the points are the cross product, the first
 * swept field in the format's order (depth first; the order of keys in validated data)
 * varying slowest. `label` turns a swept value into what the
 * point's `sweep` record shows.
 */
export function expandSweeps<T>(schema: z.ZodType<T>, data: T, label: (value: unknown) => unknown = (v) => v): SweepPoint<T>[] {
  const dims: Dimension[] = [];
  findDimensions(schema, data, [], dims);
  let out: { sweep: Record<string, unknown>; values: unknown }[] = [{ sweep: {}, values: structuredClone(data) }];
  for (const dim of dims) {
    const next: typeof out = [];
    for (const point of out) {
      for (const value of dim.values) {
        const values = structuredClone(point.values);
        setPath(values as Record<string, unknown>, dim.path, value);
        next.push({ sweep: { ...point.sweep, [dim.path.join(".")]: label(value) }, values });
      }
    }
    out = next;
  }
  return out as SweepPoint<T>[];
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let target = obj;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path[path.length - 1]] = value;
}

/**
 * Most points one scenario may expand to. Resolving a point takes about a millisecond and a
 * few kilobytes, so this many are validated in a minute or two; more is almost always a
 * mistake (a sweep of 10^7 points would take hours before the first run). Larger campaigns
 * split into several scenarios, or raise the limit (`ScenarioOverrides.maxPoints`).
 */
export const MAX_SWEEP_POINTS = 100_000;
