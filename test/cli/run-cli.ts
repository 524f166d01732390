import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const BIN = join(import.meta.dirname, "..", "..", "dist", "src", "cli", "main.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `tofusim` bin (npm test builds it first). */
export function runCli(args: readonly string[], cwd?: string, input?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd, timeout: 120_000, input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
