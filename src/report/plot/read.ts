import { InputError } from "../../input/errors.js";

/** One result object as written by `tofusim run`/`compare`, with where it came from. */
export interface RawResult {
  readonly file: string;
  /** Where in the file, e.g. `results[3]` or `line 4`, for error messages. */
  readonly where: string;
  /** The scenario's name when the file says it (a report's `scenario`, or the result's own). */
  readonly scenario: string | undefined;
  readonly value: Readonly<Record<string, unknown>>;
}

const EXPECTED =
  "expected the output of `tofusim run` or `tofusim compare` with --format json or jsonl " +
  "(an object with `results`, an array of them, or one result object per line)";

/**
 * Reads results from the text of a file: the JSON of `run` (one report, or an array of
 * reports for several scenarios), of `compare` (a report with `topologies`), or JSON Lines
 * (one result, or one report, per line). Tolerant of shape, strict about content: anything
 * that is not results at all is refused, naming the file.
 */
export function readResults(text: string, file: string): RawResult[] {
  const trimmed = text.trim();
  if (trimmed === "") throw InputError.single("invalid", file, "", `the file is empty; ${EXPECTED}`);
  const whole = tryParse(trimmed);
  const results = whole.ok ? fromValue(whole.value, file, "", undefined) : fromLines(trimmed, file, whole.error);
  if (results.length === 0) throw InputError.single("invalid", file, "", `no results in the file; ${EXPECTED}`);
  return results;
}

/** Results from a value already in memory (what `run --plot` holds), shaped like the JSON. */
export function resultsFromValue(value: unknown, label: string): RawResult[] {
  return fromValue(value, label, "", undefined);
}

function fromLines(text: string, file: string, wholeError: string): RawResult[] {
  const lines = text.split("\n");
  // A first line that is not JSON on its own means the file is neither JSON nor JSON Lines:
  // report the whole-file parse error, which points at the real problem (e.g. a cut-off file).
  if (!tryParse(lines[0]).ok) throw InputError.single("invalid", file, "", `not JSON (${wholeError}); ${EXPECTED}`);
  const out: RawResult[] = [];
  let scenario: string | undefined;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parsed = tryParse(line);
    if (!parsed.ok) throw InputError.single("invalid", file, `line ${i + 1}`, `not JSON (${parsed.error}); ${EXPECTED}`);
    const v = parsed.value;
    // A line naming a scenario without results (a header) names the results that follow.
    if (isRecord(v) && typeof v.scenario === "string" && !("results" in v) && !("workload" in v) && !("result" in v)) {
      scenario = v.scenario;
      continue;
    }
    out.push(...fromValue(v, file, `line ${i + 1}`, scenario));
  }
  return out;
}

function fromValue(v: unknown, file: string, where: string, scenario: string | undefined): RawResult[] {
  const at = (suffix: string): string => (where === "" ? suffix : `${where}: ${suffix}`);
  if (Array.isArray(v)) return v.flatMap((item, i) => fromValue(item, file, at(`[${i}]`), scenario));
  if (!isRecord(v)) throw InputError.single("invalid", file, where, `found ${describe(v)}; ${EXPECTED}`);
  const name = typeof v.scenario === "string" ? v.scenario : scenario;
  if ("results" in v) {
    if (!Array.isArray(v.results)) throw InputError.single("invalid", file, at("results"), `expected an array of results, found ${describe(v.results)}`);
    return v.results.map((r, i) => asResult(r, file, at(`results[${i}]`), name));
  }
  if ("result" in v) return [asResult(v.result, file, at("result"), name)];
  return [asResult(v, file, where, name)];
}

function asResult(v: unknown, file: string, where: string, scenario: string | undefined): RawResult {
  if (!isRecord(v) || typeof v.workload !== "string") {
    throw InputError.single("invalid", file, where, `expected a result object with a \`workload\` field, found ${describe(v)}; ${EXPECTED}`);
  }
  return { file, where, scenario, value: v };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return `an object with keys ${Object.keys(v).slice(0, 5).join(", ") || "(none)"}`;
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}
