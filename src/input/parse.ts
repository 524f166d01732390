import { readFileSync, statSync } from "node:fs";
import { LineCounter, isMap, isScalar, parseDocument, visit, type Document } from "yaml";
import type { z } from "zod";
import { InputError, capIssues, formatPath, type InputIssue, type IssueCode } from "./errors.js";
import { validKeysAt } from "./schema-walk.js";
import { nearest } from "./suggest.js";
import { showValue } from "./show.js";

/**
 * Largest scenario or topology file tofusim reads, bytes. Bundled files are under 4 KiB; a
 * generated sweep of thousands of listed values still fits. The limit keeps a mistaken path (a
 * log, a core dump) from being parsed at all.
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * Most lines plus commas in one input. The YAML parser takes about 0.1 ms per map entry or
 * list item, so this keeps a file of a million keys from taking minutes: 20,000 entries parse
 * in about two seconds.
 */
export const MAX_INPUT_ENTRIES = 20_000;

/** Aliases may expand a document to at most this many times its own nodes (alias bombs). */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads a YAML or JSON file (JSON is YAML) into plain data; syntax errors name the line.
 * Only regular files are read (a device such as /dev/zero never ends), up to MAX_INPUT_BYTES.
 */
export function readDataFile(file: string): unknown {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw InputError.single("unreadable", file, "", "cannot read file: is a directory");
    if (!st.isFile()) throw InputError.single("unreadable", file, "", "cannot read file: not a regular file (a device, pipe or socket)");
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw InputError.single("unreadable", file, "", `cannot read file: ${errnoReason(e)}`);
  }
  if (size > MAX_INPUT_BYTES) throw tooBig(file, size);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw InputError.single("unreadable", file, "", `cannot read file: ${errnoReason(e)}`);
  }
  return parseDataBytes(bytes, file);
}

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return String(code ?? e);
}

function tooBig(file: string, size: number): InputError {
  return InputError.single("too-large", file, "", `expected a file of at most ${MAX_INPUT_BYTES.toLocaleString("en-US")} bytes, found ${size.toLocaleString("en-US")}`);
}

/**
 * Bytes of a YAML or JSON document (a file, or standard input read up to MAX_INPUT_BYTES + 1
 * bytes) into plain data: refused when larger than MAX_INPUT_BYTES or not UTF-8 text.
 */
export function parseDataBytes(bytes: Uint8Array, file: string): unknown {
  if (bytes.length > MAX_INPUT_BYTES) throw tooBig(file, bytes.length);
  let text: string;
  try {
    // fatal: a stray byte is an error rather than a silent U+FFFD in a name or a number.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    throw InputError.single("syntax", file, "", `expected UTF-8 text, found ${utf16 ? "UTF-16 (save the file as UTF-8)" : "bytes that are not UTF-8 (a binary file?)"}`);
  }
  return parseDataText(text, file);
}

/** A YAML or JSON text into plain data; every syntax problem becomes an issue naming its line. */
export function parseDataText(text: string, file: string): unknown {
  if (text.length > MAX_INPUT_BYTES) throw tooBig(file, text.length);
  const nul = text.indexOf("\u0000");
  if (nul >= 0) throw InputError.single("syntax", file, "", `expected text, found a NUL byte at character ${nul} (a binary file?)`);
  let entries = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 44) entries++;
  }
  if (entries > MAX_INPUT_ENTRIES) {
    throw InputError.single("too-large", file, "", `expected at most ${MAX_INPUT_ENTRIES.toLocaleString("en-US")} lines and list items, found ${entries.toLocaleString("en-US")}`);
  }
  const lineCounter = new LineCounter();
  // perf: yaml's own uniqueKeys check compares every key with every other (minutes for 10^5
  // keys); duplicates are found below with one Set per map instead.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter });
  if (doc.errors.length > 0) {
    throw new InputError(
      capIssues(
        doc.errors.map((err) => ({
          code: "syntax" as const,
          file,
          path: err.linePos ? `line ${err.linePos[0].line}, column ${err.linePos[0].col}` : "",
          message: `not valid YAML/JSON: ${syntaxMessage(err.message)}`,
        })),
      ),
    );
  }
  const duplicates = duplicateKeys(doc, file, lineCounter);
  if (duplicates.length > 0) throw new InputError(capIssues(duplicates));
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (e) {
    throw conversionError(e, file);
  }
}

function syntaxMessage(message: string): string {
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return /Maximum call stack/.test(first) ? "nested too deeply" : first;
}

/** What yaml throws while building data (aliases), as an input problem. */
function conversionError(e: unknown, file: string): InputError {
  const message = e instanceof Error ? e.message : String(e);
  if (/Excessive alias count/.test(message)) {
    return InputError.single("too-large", file, "", `aliases expand to more than ${MAX_ALIAS_COUNT} times the document's own nodes (an alias bomb?)`);
  }
  const unresolved = /Unresolved alias[^:]*: (.*)$/.exec(message);
  if (unresolved) return InputError.single("syntax", file, "", `not valid YAML: alias *${unresolved[1]} is used before an anchor &${unresolved[1]} is set`);
  if (e instanceof RangeError && /call stack/.test(message)) return InputError.single("too-large", file, "", "nested too deeply");
  // The document parsed without errors, so whatever else fails while building data is the
  // input's doing (a tag yaml cannot build, say).
  return InputError.single("syntax", file, "", `not valid YAML/JSON: ${message.split("\n")[0]}`);
}

function duplicateKeys(doc: Document, file: string, lineCounter: LineCounter): InputIssue[] {
  const issues: InputIssue[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const name = String(key.value);
        if (!seen.has(name)) {
          seen.add(name);
          continue;
        }
        const at = key.range ? lineCounter.linePos(key.range[0]) : undefined;
        issues.push({ code: "syntax", file, path: at ? `line ${at.line}, column ${at.col}` : "", message: `not valid YAML/JSON: key ${showValue(name)} appears twice in one map` });
      }
    },
  });
  return issues;
}

/** Validates `data` against `schema`; every problem becomes one line of an InputError. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, file: string, basePath: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues: InputIssue[] = [];
  for (const issue of result.error.issues) {
    const specific = mostSpecific(issue);
    const at = [...issue.path, ...specific.path];
    if (specific.code === "unrecognized_keys") {
      // One line per unknown key, naming the nearest valid key where one is close.
      const valid = validKeysAt(schema, data, at);
      for (const key of specific.keys) {
        const path = formatPath([...basePath, ...at, key]);
        issues.push({ code: "unknown-key", file, path, message: unknownKeyMessage(key, valid) });
        if (issues.length > 1000) break;
      }
      continue;
    }
    const path = formatPath([...basePath, ...at]);
    issues.push({ code: codeOf(specific), file, path: path === "" ? "(top level)" : path, message: describe(specific) });
  }
  throw new InputError(capIssues(issues));
}

function unknownKeyMessage(key: string, valid: readonly string[] | undefined): string {
  if (valid === undefined) return "unknown key (a typo?)";
  const near = nearest(key, valid);
  if (near !== undefined) return `unknown key (did you mean ${JSON.stringify(near)}?)`;
  return valid.length <= 16 ? `unknown key (expected one of ${valid.join(", ")})` : "unknown key (a typo?)";
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
  if (!/found|received/.test(message) && issue.input !== undefined) message += `, found ${showValue(issue.input)}`;
  return message;
}

function codeOf(issue: z.core.$ZodIssue): IssueCode {
  if (issue.code === "unrecognized_keys") return "unknown-key";
  if (issue.code === "too_big" || issue.code === "too_small") return "out-of-range";
  // A custom check may name its own code (see units.ts).
  if (issue.code === "custom" && issue.params?.code === "out-of-range") return "out-of-range";
  return "invalid";
}
