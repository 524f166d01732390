import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { InputError, formatPath, type InputIssue } from "./errors.js";

/** Reads a YAML or JSON file (JSON is YAML) into plain data; syntax errors name the line. */
export function readDataFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? e);
    throw InputError.single(file, "", `cannot read file: ${why}`);
  }
  return parseDataText(text, file);
}

export function parseDataText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((err) => ({
        file,
        path: err.linePos ? `line ${err.linePos[0].line}, column ${err.linePos[0].col}` : "",
        message: `not valid YAML/JSON: ${err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** Validates `data` against `schema`; every problem becomes one line of an InputError. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, file: string, basePath: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(result.error.issues.map((issue) => toInputIssue(issue, file, basePath)));
}

function toInputIssue(issue: z.core.$ZodIssue, file: string, basePath: readonly PropertyKey[]): InputIssue {
  const specific = mostSpecific(issue);
  const path = formatPath([...basePath, ...issue.path, ...specific.path.slice(0)]);
  return { file, path: path === "" ? "(top level)" : path, message: describe(specific) };
}

/**
 * A sweepable field is "a value or a list of values", so zod reports a bare "Invalid input"
 * for the union; the user wants to hear what the single value should have been. Take the
 * first branch's issue (the scalar one), recursively, with its path below the union.
 */
function mostSpecific(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code === "invalid_union" && issue.errors.length > 0 && issue.errors[0].length > 0) {
    const inner = mostSpecific(issue.errors[0][0]);
    return { ...inner, path: [...inner.path] };
  }
  return { ...issue, path: [] };
}

function describe(issue: z.core.$ZodIssue): string {
  let message = issue.message.replace(/^Invalid input: /, "").replace(/^Invalid option: /, "").replace(/^Too (small|big): /, "");
  if (issue.code === "unrecognized_keys") return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (a typo?)`;
  if (!/found|received/.test(message) && issue.input !== undefined) message += `, found ${JSON.stringify(issue.input)}`;
  return message;
}
