import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { InputError, type InputIssue } from "../../input/errors.js";
import { parseDataText, readDataFile } from "../../input/parse.js";
import { scenarioFromData, type Scenario, type ScenarioOverrides } from "../../scenario/scenario.js";

/** How the command line passes `-` (standard input) on: yargs drops a lone "-". */
export const STDIN_ARG = "<stdin>";

/** Where a scenario comes from: a file, or its text read from standard input (`-`). */
export type ScenarioSource = { readonly kind: "file"; readonly file: string } | { readonly kind: "text"; readonly name: string; readonly text: string };

/** `--set path=value`: a value as YAML (a number, a size, a list that makes a sweep) at a dotted path. */
export interface Assignment {
  readonly path: readonly string[];
  readonly value: unknown;
  /** As given, for messages. */
  readonly text: string;
}

/** Everything a point needs to be rebuilt elsewhere (a worker thread): plain data only. */
export interface LoadRequest {
  readonly source: ScenarioSource;
  readonly overrides: ScenarioOverrides;
  readonly assignments: readonly Assignment[];
}

/** Parses `--set` arguments; every malformed one is an issue naming it. */
export function parseAssignments(args: readonly string[]): Assignment[] {
  const issues: InputIssue[] = [];
  const out: Assignment[] = [];
  for (const text of args) {
    const eq = text.indexOf("=");
    const key = eq < 0 ? "" : text.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z$][\w$]*(\.[A-Za-z$][\w$]*)*$/.test(key)) {
      issues.push({ code: "invalid", file: "--set", path: "", message: `expected key=value with a dotted key such as network.virtualChannels=8, found ${JSON.stringify(text)}` });
      continue;
    }
    const doc = parseDocument(text.slice(eq + 1));
    if (doc.errors.length > 0) {
      issues.push({ code: "syntax", file: "--set", path: key, message: `the value is not valid YAML: ${doc.errors[0].message.split("\n")[0]}` });
      continue;
    }
    out.push({ path: key.split("."), value: doc.toJS({ maxAliasCount: 100 }) as unknown, text });
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/** Applies assignments to scenario data (a copy), creating sections that are missing. */
export function applyAssignments(data: unknown, assignments: readonly Assignment[], where: string): unknown {
  if (assignments.length === 0) return data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return data; // validation names the problem
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const a of assignments) {
    let target = copy;
    for (const [i, key] of a.path.slice(0, -1).entries()) {
      const next = target[key];
      if (next === undefined) target[key] = {};
      else if (typeof next !== "object" || next === null || Array.isArray(next)) {
        throw InputError.single("invalid", where, a.path.slice(0, i + 1).join("."), `--set ${a.text}: expected a section here, found ${JSON.stringify(next)}`);
      }
      target = target[key] as Record<string, unknown>;
    }
    target[a.path[a.path.length - 1]] = a.value;
  }
  return copy;
}

/** Reads all of standard input (for `tofusim run -`). */
export function readStdin(): string {
  try {
    return readFileSync(0, "utf8");
  } catch (e) {
    throw InputError.single("unreadable", "-", "", `cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function sourceName(source: ScenarioSource): string {
  return source.kind === "file" ? source.file : source.name;
}

/** Loads a scenario from its source with overrides and `--set` assignments, validated as a file is. */
export function loadRequest(request: LoadRequest): Scenario {
  const { source } = request;
  const name = sourceName(source);
  const data = source.kind === "file" ? readDataFile(source.file) : parseDataText(source.text, source.name);
  return scenarioFromData(applyAssignments(data, request.assignments, name), name, request.overrides);
}
