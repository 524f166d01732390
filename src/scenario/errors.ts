/** One problem with a user's input: which file, where in it, and what was expected. */
export interface InputIssue {
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

  static single(file: string, path: string, message: string): InputError {
    return new InputError([{ file, path, message }]);
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
