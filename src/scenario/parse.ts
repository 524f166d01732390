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
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new InputError(result.error.issues.map((issue) => toInputIssue(issue, file, basePath)));
}

function toInputIssue(issue: z.core.$ZodIssue, file: string, basePath: readonly PropertyKey[]): InputIssue {
  const path = formatPath([...basePath, ...issue.path]);
  return { file, path: path === "" ? "(top level)" : path, message: issue.message };
}
