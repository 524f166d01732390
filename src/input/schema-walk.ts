import { z } from "zod";

/**
 * Finding the schema that describes a value inside a document: for sweeps (which fields are
 * swept) and for messages (which keys an object has).
 */

/** Strips optional/default/nullable/readonly wrappers to the schema that describes the value. */
export function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable || s instanceof z.ZodPrefault || s instanceof z.ZodReadonly) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

/**
 * The object schema that validated (or should validate) `value`: a plain object schema, the
 * option of a discriminated union named by the value's tag, or the object option of a union
 * (a value-or-list sweep, a name-or-shape topology).
 */
export function objectSchema(schema: z.ZodType, value: unknown): z.ZodObject | undefined {
  const s = core(schema);
  if (s instanceof z.ZodObject) return s;
  if (s instanceof z.ZodDiscriminatedUnion) {
    if (typeof value !== "object" || value === null) return undefined;
    const key = (s.def as { discriminator: string }).discriminator;
    const tag = (value as Record<string, unknown>)[key];
    return (s.options as z.ZodType[]).map(core).find((o): o is z.ZodObject => o instanceof z.ZodObject && core(o.shape[key] as z.ZodType) instanceof z.ZodLiteral && (core(o.shape[key] as z.ZodType) as z.ZodLiteral).values.has(tag as never));
  }
  if (s instanceof z.ZodUnion) {
    for (const option of s.options as z.ZodType[]) {
      const found = objectSchema(option, value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The element schema of the list option of `schema` (a plain list or a value-or-list union). */
function elementSchema(schema: z.ZodType): z.ZodType | undefined {
  const s = core(schema);
  if (s instanceof z.ZodArray) return s.element as z.ZodType;
  if (s instanceof z.ZodUnion) {
    for (const option of s.options as z.ZodType[]) {
      const found = elementSchema(option);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The keys the object at `path` of `data` may have under `root`, or undefined when unknown. */
export function validKeysAt(root: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let schema: z.ZodType | undefined = root;
  let value = data;
  for (const key of path) {
    if (schema === undefined) return undefined;
    if (typeof key === "number") schema = elementSchema(schema);
    else {
      const obj = objectSchema(schema, value);
      schema = obj === undefined ? undefined : (obj.shape as Record<string, z.ZodType>)[String(key)];
    }
    value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const obj = schema === undefined ? undefined : objectSchema(schema, value);
  return obj === undefined ? undefined : Object.keys(obj.shape);
}
