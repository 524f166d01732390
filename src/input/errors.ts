/**
 * What kind of problem an input issue is, so that callers (and tests) can tell them apart
 * without reading messages:
 * - `unreadable`: the file cannot be read (missing, a directory, a device);
 * - `syntax`: not valid YAML/JSON;
 * - `invalid`: a value of the wrong type or form;
 * - `out-of-range`: a number or size outside what is allowed;
 * - `unknown-key`: a key the format does not have (a typo?);
 * - `not-found`: a reference to something that does not exist (preset, axis, node, file);
 * - `unsupported`: valid on its own, but not on this machine, topology or model;
 * - `ignored`: a field that no point of the scenario uses;
 * - `too-large`: more points, memory or size than tofusim will attempt.
 */
export type IssueCode = "unreadable" | "syntax" | "invalid" | "out-of-range" | "unknown-key" | "not-found" | "unsupported" | "ignored" | "too-large";

/** One problem with a user's input: which file, where in it, what kind, and what was expected. */
export interface InputIssue {
  readonly code: IssueCode;
  readonly file: string;
  /** Path inside the file, e.g. `topology.shape[2]`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/**
 * Bad input from a user (a file, a flag). Carries every problem found, one line each, so a
 * user fixes them all in one go. The CLI prints `message` and exits 2, never a stack trace.
 */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "InputError";
    this.issues = issues;
  }

  static single(code: IssueCode, file: string, path: string, message: string): InputError {
    return new InputError([{ code, file, path, message }]);
  }
}

export function formatIssue(issue: InputIssue): string {
  const where = [issue.file, issue.path].filter((s) => s !== "").join(": ");
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}

/** `["topology", "shape", 2]` → `topology.shape[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Most issues one error reports; the rest are counted in a last line. */
export const MAX_ISSUES = 25;

/**
 * The first MAX_ISSUES issues and, when there were more, one line counting the rest (with
 * their code when they share one): a file of a million unknown keys gets a readable answer.
 */
export function capIssues(issues: readonly InputIssue[], total = issues.length): InputIssue[] {
  if (total <= MAX_ISSUES) return [...issues];
  const shown = issues.slice(0, MAX_ISSUES);
  const rest = issues.slice(MAX_ISSUES);
  const codes = new Set(rest.map((i) => i.code));
  const code: IssueCode = codes.size === 1 ? rest[0].code : "invalid";
  const files = new Set(rest.map((i) => i.file));
  const file = files.size === 1 ? rest[0].file : "";
  return [...shown, { code, file, path: "", message: `and ${(total - MAX_ISSUES).toLocaleString("en-US")} more problem${total - MAX_ISSUES === 1 ? "" : "s"} (the first ${MAX_ISSUES} are shown)` }];
}
