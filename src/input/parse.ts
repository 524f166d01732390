import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { InputError, formatPath, type InputIssue, type IssueCode } from "./errors.js";

/** Reads a YAML or JSON file (JSON is YAML) into plain data; syntax errors name the line. */
export function readDataFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? e);
    throw InputError.single("unreadable", file, "", `cannot read file: ${why}`);
  }
  return parseDataText(text, file);
}

export function parseDataText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((err) => ({
        code: "syntax" as const,
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
  const path = formatPath([...basePath, ...issue.path, ...specific.path]);
  return { code: codeOf(specific), file, path: path === "" ? "(top level)" : path, message: describe(specific) };
}

/**
 * A sweepable field is "a value or a list of values", and some fields take a name or an
 * object, so zod reports a bare "Invalid input" for the union. The user wants to hear about the
 * branch they meant: the one whose input had the right type (its issues are not a type
 * mismatch at the union's own level), else the first, recursively, with its path below the
 * union.
 */
function mostSpecific(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    // A list given where a value or a list of values is allowed: the user meant the list.
    if (Array.isArray(issue.input)) {
      const listBranch = branches.find((b) => b[0].path.length > 0 && typeof b[0].path[0] === "number");
      if (listBranch !== undefined) {
        const inner = mostSpecific(listBranch[0]);
        return { ...inner, path: [...listBranch[0].path, ...inner.path] };
      }
    }
    const typeMismatch = (b: z.core.$ZodIssue[]): boolean => b.length === 1 && b[0].path.length === 0 && b[0].code === "invalid_type";
    const meant = branches.find((b) => !typeMismatch(b) && !(b.length === 1 && b[0].path.length === 0 && b[0].code === "invalid_union" && typeMismatch(mostSpecificBranch(b[0]))));
    const chosen = (meant ?? branches[0])?.[0];
    if (chosen !== undefined) {
      const inner = mostSpecific(chosen);
      return { ...inner, path: [...chosen.path, ...inner.path] };
    }
  }
  return { ...issue, path: [] };
}

/** The issues of the branch `mostSpecific` would pick, for looking one level down. */
function mostSpecificBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  return [mostSpecific(issue)];
}

function describe(issue: z.core.$ZodIssue): string {
  let message = issue.message.replace(/^Invalid input: /, "").replace(/^Invalid option: /, "").replace(/^Too (small|big): /, "");
  if (issue.code === "unrecognized_keys") return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (a typo?)`;
  if (!/found|received/.test(message) && issue.input !== undefined) message += `, found ${JSON.stringify(issue.input)}`;
  return message;
}

function codeOf(issue: z.core.$ZodIssue): IssueCode {
  if (issue.code === "unrecognized_keys") return "unknown-key";
  if (issue.code === "too_big" || issue.code === "too_small") return "out-of-range";
  return "invalid";
}
