import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError, MAX_ISSUES, type InputIssue } from "../../src/input/errors.js";
import { MAX_INPUT_BYTES, MAX_INPUT_ENTRIES, parseDataBytes, parseDataText, readDataFile, validate } from "../../src/input/parse.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-parse-"));

function issuesOf(fn: () => unknown): readonly InputIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("reading YAML and JSON input", () => {
  it("refuses an alias bomb as too large, not with an escaped exception", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [prev, name] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"]]) bomb.push(`${name}: &${name} [${new Array(9).fill(`*${prev}`).join(", ")}]`);
    const issues = issuesOf(() => parseDataText(bomb.join("\n"), "bomb.yaml"));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "too-large", file: "bomb.yaml" });
    expect(issues[0].message).toMatch(/alias/);
  });

  it("refuses an alias used before its anchor as a syntax error naming the alias", () => {
    const issues = issuesOf(() => parseDataText("a: *nope\n", "f.yaml"));
    expect(issues[0]).toMatchObject({ code: "syntax", file: "f.yaml" });
    expect(issues[0].message).toMatch(/\*nope/);
  });

  it("refuses nesting deeper than the parser can follow, in flow, block and JSON style", () => {
    const depth = 5000;
    for (const text of ["a: " + "[".repeat(depth) + "]".repeat(depth), '{"a":'.repeat(depth) + "1" + "}".repeat(depth), Array.from({ length: 2000 }, (_, i) => " ".repeat(i) + "a:").join("\n")]) {
      const issues = issuesOf(() => parseDataText(text, "deep.yaml"));
      expect(issues.length).toBeGreaterThan(0);
      for (const i of issues) expect(["syntax", "too-large"]).toContain(i.code);
    }
  });

  it("finds a duplicate key with its line, among thousands of keys", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}: ${i}`);
    keys.push("k17: again");
    const issues = issuesOf(() => parseDataText(keys.join("\n"), "dup.yaml"));
    expect(issues).toEqual([{ code: "syntax", file: "dup.yaml", path: "line 5001, column 1", message: 'not valid YAML/JSON: key "k17" appears twice in one map' }]);
  });

  it(`refuses more than ${MAX_INPUT_ENTRIES} lines and list items before parsing them`, () => {
    const text = Array.from({ length: MAX_INPUT_ENTRIES + 1 }, (_, i) => `k${i}: 1`).join("\n") + "\n";
    expect(issuesOf(() => parseDataText(text, "keys.yaml"))[0]).toMatchObject({ code: "too-large", path: "" });
    const list = `seed: [${Array.from({ length: MAX_INPUT_ENTRIES + 2 }, (_, i) => i).join(",")}]`;
    expect(issuesOf(() => parseDataText(list, "list.yaml"))[0]).toMatchObject({ code: "too-large" });
  });

  it("refuses bytes that are not UTF-8 text: binary, UTF-16, NUL bytes", () => {
    expect(issuesOf(() => parseDataBytes(Uint8Array.from([0x6e, 0x3a, 0x20, 0xff, 0xfe, 0x80]), "bin"))[0]).toMatchObject({ code: "syntax" });
    expect(issuesOf(() => parseDataBytes(Uint8Array.from([0xff, 0xfe, 0x6e, 0x00, 0x3a, 0x00]), "utf16"))[0].message).toMatch(/UTF-16/);
    expect(issuesOf(() => parseDataText("name: a\u0000b\n", "nul"))[0]).toMatchObject({ code: "syntax" });
  });

  it("accepts UTF-8 with a byte-order mark and non-ASCII text", () => {
    const bytes = new TextEncoder().encode("\uFEFFname: Überschlag µs\n");
    expect(parseDataBytes(bytes, "bom.yaml")).toEqual({ name: "Überschlag µs" });
  });

  it("reads only regular files: a character device, a directory and a missing file are unreadable", () => {
    expect(issuesOf(() => readDataFile("/dev/zero"))[0]).toMatchObject({ code: "unreadable", file: "/dev/zero" });
    expect(issuesOf(() => readDataFile(dir))[0].message).toMatch(/is a directory/);
    expect(issuesOf(() => readDataFile(join(dir, "missing.yaml")))[0].message).toMatch(/no such file/);
  });

  it(`refuses a file larger than ${MAX_INPUT_BYTES} bytes without reading it`, () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, "");
    truncateSync(big, 64 * MAX_INPUT_BYTES);
    expect(issuesOf(() => readDataFile(big))[0]).toMatchObject({ code: "too-large", file: big });
    expect(issuesOf(() => parseDataBytes(new Uint8Array(MAX_INPUT_BYTES + 1), "stdin"))[0]).toMatchObject({ code: "too-large" });
  });

  it("survives values YAML builds that JSON has no word for: cycles, sets, binary", () => {
    const cyclic = parseDataText("a: &a [*a]\n", "c.yaml");
    const issues = issuesOf(() => validate(z.strictObject({ a: z.number() }), cyclic, "c.yaml"));
    expect(issues[0].path).toBe("a");
    const tagged = parseDataText("a: !!binary aGVsbG8=\nb: !!set { x, y }\n", "t.yaml");
    expect(issuesOf(() => validate(z.strictObject({ a: z.string(), b: z.array(z.string()) }), tagged, "t.yaml"))).toHaveLength(2);
  });
});

describe("validation messages", () => {
  const schema = z.strictObject({ network: z.strictObject({ linkBandwidthGBps: z.number().optional(), linkLatencyNs: z.number().optional() }).optional(), name: z.string() });

  it("names the nearest valid key of an unknown one, one line per key", () => {
    const issues = issuesOf(() => validate(schema, { name: "x", network: { linkBandwidthGbps: 5, lnkLatencyNs: 3, zzz: 1 } }, "f.yaml"));
    expect(issues).toEqual([
      { code: "unknown-key", file: "f.yaml", path: "network.linkBandwidthGbps", message: 'unknown key (did you mean "linkBandwidthGBps"?)' },
      { code: "unknown-key", file: "f.yaml", path: "network.lnkLatencyNs", message: 'unknown key (did you mean "linkLatencyNs"?)' },
      { code: "unknown-key", file: "f.yaml", path: "network.zzz", message: "unknown key (expected one of linkBandwidthGBps, linkLatencyNs)" },
    ]);
  });

  it(`reports at most ${MAX_ISSUES} problems and counts the rest in a last line`, () => {
    const data: Record<string, unknown> = { name: "x" };
    for (let i = 0; i < 100_000; i++) data[`key${i}`] = i;
    const issues = issuesOf(() => validate(schema, data, "many.yaml"));
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[MAX_ISSUES]).toMatchObject({ code: "unknown-key", file: "many.yaml" });
    expect(issues[MAX_ISSUES].message).toMatch(/more problems/);
  });

  it("shows a huge value cut short", () => {
    const issues = issuesOf(() => validate(schema, { name: "x".repeat(1e6), network: 3 }, "f.yaml"));
    for (const i of issues) expect(i.message.length).toBeLessThan(200);
    expect(issuesOf(() => validate(schema, { name: ["y".repeat(1e6)] }, "f.yaml"))[0].message.length).toBeLessThan(200);
  });
});
