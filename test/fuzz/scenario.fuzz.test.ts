import { execFileSync } from "node:child_process";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { hostileText, mutatedBundled, schemaShaped } from "./arbitraries.js";
import { FuzzStats, tryDocument } from "./harness.js";

/**
 * The fuzz campaign: every document a hostile or careless user could write is refused with
 * issues (each a code, a file and one clean line), or accepted and estimated, and its cheap
 * points run to a result or a deadlock report — never another exception, never a hang (points
 * run only within an event and memory budget of their estimate).
 *
 * The suite runs a few hundred documents; `npm run fuzz` runs TOFUSIM_FUZZ_RUNS of each kind
 * (default 3000) and prints the counts. TOFUSIM_FUZZ_SEED replays one campaign.
 */
const RUNS = Number(process.env.TOFUSIM_FUZZ_RUNS ?? 0);
const LONG = RUNS > 0;
const SEED = process.env.TOFUSIM_FUZZ_SEED === undefined ? undefined : Number(process.env.TOFUSIM_FUZZ_SEED);
const params = (suiteRuns: number): fc.Parameters<unknown> => ({ numRuns: LONG ? RUNS : suiteRuns, seed: SEED, endOnFailure: true });

const stats = new FuzzStats();
const dir = mkdtempSync(join(tmpdir(), "tofusim-fuzz-"));

afterAll(() => {
  // The campaign's counts, for the record (the suite's are small).
  console.log(`fuzz: ${stats.summary()}`);
});

describe("fuzz: every document gets a clean answer", { timeout: LONG ? 24 * 3600_000 : 120_000 }, () => {
  it("bundled scenarios, mutated: wrong types, edge numbers, unit typos, unknown and misspelt keys, huge sweeps, deep nesting", () => {
    fc.assert(
      fc.property(mutatedBundled, (doc) => {
        tryDocument(doc, stats);
      }),
      params(60),
    );
  });

  it("documents shaped like the schema, with plausible and edge values", () => {
    fc.assert(
      fc.property(schemaShaped, (data) => {
        tryDocument({ file: join(dir, "shaped.yaml"), data }, stats);
      }),
      params(120),
    );
  });

  it("the same documents as YAML text and as JSON text", () => {
    fc.assert(
      fc.property(schemaShaped, fc.boolean(), (data, asJson) => {
        const text = asJson ? JSON.stringify(data) : JSON.stringify(data, null, 1).replace(/^\{|\}$/g, "");
        tryDocument({ file: join(dir, asJson ? "doc.json" : "doc.yaml"), text }, stats);
      }),
      params(40),
    );
  });

  it("texts that are hardly scenarios: alias bombs, deep nesting, a million keys, bad encodings, binary, empty, huge", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const outcome = tryDocument({ file: join(dir, "hostile.yaml"), text }, stats);
        expect(["refused-parse", "refused", "ran", "accepted-not-run", "deadlock"]).toContain(outcome);
      }),
      params(60),
    );
  });

  it("files that are not scenario files: a character device, a directory, a FIFO, a missing file, a huge file", () => {
    const huge = join(dir, "huge.yaml");
    writeFileSync(huge, "name: t\n");
    truncateSync(huge, 1 << 30);
    const paths = ["/dev/zero", "/dev/null", dir, join(dir, "missing.yaml"), huge];
    try {
      execFileSync("mkfifo", [join(dir, "fifo.yaml")]);
      paths.push(join(dir, "fifo.yaml"));
    } catch {
      // No mkfifo here: the other special files stand in.
    }
    for (const path of paths) expect(tryDocument({ file: path, path }, stats)).toBe("refused");
  });
});
