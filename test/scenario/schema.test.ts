import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/schema.js";

interface Field {
  readonly path: string;
  readonly node: Record<string, unknown>;
}

/** Every property of every object in a JSON Schema, with its path. */
function fields(node: unknown, path = ""): Field[] {
  if (typeof node !== "object" || node === null) return [];
  const out: Field[] = [];
  const n = node as Record<string, unknown>;
  for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) {
    out.push({ path: `${path}.${key}`, node: child as Record<string, unknown> });
    out.push(...fields(child, `${path}.${key}`));
  }
  for (const k of ["anyOf", "oneOf", "allOf"]) for (const option of (n[k] ?? []) as unknown[]) out.push(...fields(option, path));
  if (n.items !== undefined) out.push(...fields(n.items, `${path}[]`));
  return out;
}

describe("the scenario JSON Schema", () => {
  const all = fields(scenarioJsonSchema());

  it("describes every field, for editors' hover", () => {
    expect(all.length).toBeGreaterThan(50);
    for (const f of all) expect({ path: f.path, description: typeof f.node.description }).toEqual({ path: f.path, description: "string" });
  });

  it("names the unit of every time, size and rate in its description", () => {
    const units: [RegExp, RegExp][] = [
      [/Ns$/, /\bns\b/],
      [/Bytes$/, /\bbytes\b/],
      [/GBps$/, /GB\/s/],
    ];
    for (const f of all) {
      const key = f.path.split(".").pop() as string;
      for (const [name, unit] of units) if (name.test(key)) expect({ path: f.path, description: f.node.description }).toMatchObject({ description: expect.stringMatching(unit) });
    }
  });

  it("says of every sweepable field that a list sweeps it", () => {
    for (const f of all) {
      const listOrValue = Array.isArray(f.node.anyOf) && (f.node.anyOf as { type?: string }[]).some((o) => o.type === "array");
      if (listOrValue && !["order", "shape", "offset", "axes", "wrap", "auto"].some((k) => f.path.endsWith(k))) {
        expect({ path: f.path, description: f.node.description }).toMatchObject({ description: expect.stringMatching(/sweep/) });
      }
    }
  });

  it("accepts $schema, the key editors use to find it", () => {
    expect(all.some((f) => f.path === ".$schema")).toBe(true);
  });
});
