import { z } from "zod";

/**
 * Sweeps: any field wrapped in `sweep(schema)` takes a value or a list of values, and a list
 * makes the scenario a sweep over them. The wrapper is the one declaration of which fields
 * are sweepable: `expandSweeps` finds them by walking the schema, and `Scalar<T>` is the type
 * of one point, with every swept field a single value.
 */

/** The list branch of a sweepable field (a brand, so that types can tell it from a fixed list). */
export type SweepList<T> = T[] & z.core.$brand<"sweep">;

const SWEEPS = new WeakSet<z.ZodType>();

/** A value, or a list of values that makes the scenario a sweep over them. */
export function sweep<T extends z.ZodType>(schema: T) {
  const swept = z.union([schema, z.array(schema).min(1).brand<"sweep">()]);
  SWEEPS.add(swept);
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

/** Strips optional/default/nullable wrappers to the schema that describes the value. */
function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

/** The object schema that validated `value`, for plain and discriminated-union objects. */
function objectSchema(schema: z.ZodType, value: unknown): z.ZodObject | undefined {
  const s = core(schema);
  if (s instanceof z.ZodObject) return s;
  if (s instanceof z.ZodDiscriminatedUnion && typeof value === "object" && value !== null) {
    const key = (s.def as { discriminator: string }).discriminator;
    const tag = (value as Record<string, unknown>)[key];
    return (s.options as z.ZodType[]).map(core).find((o): o is z.ZodObject => o instanceof z.ZodObject && core(o.shape[key] as z.ZodType) instanceof z.ZodLiteral && (core(o.shape[key] as z.ZodType) as z.ZodLiteral).values.has(tag as never));
  }
  return undefined;
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
    if (SWEEPS.has(f)) {
      if (Array.isArray(v)) out.push({ path: [...path, key], values: v });
    } else findDimensions(f, v, [...path, key], out);
  }
}

/** How many points `data` (validated by `schema`) expands to, without expanding it. */
export function countSweepPoints(schema: z.ZodType, data: unknown): number {
  const dims: Dimension[] = [];
  findDimensions(schema, data, [], dims);
  return dims.reduce((n, d) => n * d.values.length, 1);
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
