import { accessSync, closeSync, constants, existsSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../../input/errors.js";

/**
 * Where a command's output goes: standard output, or a file written as `<out>.tmp-<pid>` and
 * renamed into place when the output is complete (or when a signal stops the run, with what
 * was finished), so that a file at `out` is never half-written.
 */
export class Output {
  private fd: number | undefined;
  private readonly tmp: string | undefined;

  private constructor(readonly out: string | undefined) {
    if (out === undefined) return;
    this.tmp = `${out}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, "w");
  }

  /**
   * Checks `--out` before anything runs: its directory exists and is writable, it is not a
   * directory, and it is none of the input files. Throws an InputError naming `--out`.
   */
  static open(out: string | undefined, inputs: readonly string[]): Output {
    if (out === undefined) return new Output(undefined);
    const fail = (message: string): never => {
      throw InputError.single("invalid", "--out", "", message);
    };
    const dir = dirname(resolve(out));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`cannot write ${out}: directory ${dir} does not exist`);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      fail(`cannot write ${out}: directory ${dir} is not writable`);
    }
    if (existsSync(out) && statSync(out).isDirectory()) fail(`cannot write ${out}: it is a directory`);
    const target = existsSync(out) ? realpathSync(out) : resolve(out);
    for (const input of inputs) {
      if (existsSync(input) && realpathSync(input) === target) fail(`${out} is an input file (${input}); results would overwrite it`);
    }
    try {
      return new Output(out);
    } catch (e) {
      return fail(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }

  write(text: string): void {
    if (text.length === 0) return;
    if (this.fd === undefined) {
      process.stdout.write(text);
      return;
    }
    writeSync(this.fd, text);
  }

  /** Completes the output: the file is renamed into place. */
  close(): void {
    if (this.fd === undefined || this.tmp === undefined || this.out === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.tmp, this.out);
  }

  /** Abandons the output: nothing is left at `out` or in the temporary file. */
  discard(): void {
    if (this.fd === undefined || this.tmp === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
  }
}
