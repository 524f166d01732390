import { accessSync, constants, existsSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Argv } from "yargs";
import { KINDS, plotResults, readResults, resultsFromValue, type RawResult } from "../../report/plot/index.js";
import { InputError } from "../../input/errors.js";

export function plotCommand(yargs: Argv): Argv {
  return yargs.command(
    "plot <results..>",
    "Draw results of run or compare (JSON or JSON Lines) as an SVG",
    (y) =>
      y
        .positional("results", { type: "string", array: true, demandOption: true, describe: "Result files (several seeds: several files; standard input: /dev/stdin)" })
        .option("out", { alias: "o", type: "string", demandOption: true, describe: "The SVG file to write" })
        .example("$0 run scenarios/saturation-torus-8x8.yaml --format json > sat.json && $0 plot sat.json -o sat.svg", "latency and accepted load against offered load")
        .example("$0 plot seed1.json seed2.json seed3.json -o sat.svg", "the mean over seeds with a 95% interval"),
    async (argv) => {
      const files = argv.results as string[];
      // yargs drops a lone "-" from the list, which leaves it empty.
      if (files.length === 0) throw InputError.single("invalid", "results", "", "name at least one results file (standard input: /dev/stdin)");
      checkPlotTarget(argv.out, "--out", files);
      const results = files.flatMap((f) => readResults(readInput(f), f));
      await drawTo(argv.out, "--out", results);
    },
  );
}

/**
 * Refuses, before anything is simulated or drawn, an SVG path that cannot be written or that
 * would overwrite one of `inputs` (results, scenarios).
 */
export function checkPlotTarget(out: string, flag: string, inputs: readonly string[]): void {
  const fail = (message: string): never => {
    throw InputError.single("invalid", flag, "", `${out}: ${message}`);
  };
  if (!/\.svg$/i.test(out)) fail("plots are written as SVG; name the file *.svg");
  const dir = dirname(resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`no such directory ${dir}`);
  if (existsSync(out) && statSync(out).isDirectory()) fail("is a directory");
  const same = (f: string): boolean => resolve(f) === resolve(out) || (existsSync(f) && existsSync(out) && realpathSync(f) === realpathSync(out));
  if (inputs.some((f) => same(f))) fail("is also an input or output of this command; choose another name");
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(out)) accessSync(out, constants.W_OK);
  } catch (e) {
    fail(`cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * `run --plot` and `compare --plot`: draws results that are already written, so a failure
 * here loses nothing. Goes through the JSON the results were printed as (NaN becomes null),
 * so the picture equals `tofusim plot` on the printed file.
 */
export async function plotAfterRun(out: string, value: unknown): Promise<void> {
  try {
    const json: unknown = JSON.parse(JSON.stringify(value));
    await drawTo(out, "--plot", resultsFromValue(json, "results"));
  } catch (e) {
    const internal = !(e instanceof InputError);
    const text = e instanceof Error ? (internal ? (e.stack ?? e.message) : e.message) : String(e);
    process.stderr.write(`tofusim: ${internal ? "internal error while drawing" : "cannot draw"} ${out} (the results were written): ${text}\n`);
    if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = internal ? 1 : 2;
  }
}

/** For `--plot`: refuses, before anything runs, scenarios whose results cannot be drawn. */
export function checkPlottable(workloadTypes: readonly string[]): void {
  if (workloadTypes.some((t) => Object.hasOwn(KINDS, t))) return;
  const found = [...new Set(workloadTypes)].join(", ");
  throw InputError.single("unsupported", "--plot", "", `tofusim plot draws ${Object.keys(KINDS).join(", ")} results; these scenarios run ${found}`);
}

async function drawTo(out: string, flag: string, results: readonly RawResult[]): Promise<void> {
  const plot = await plotResults(results);
  for (const w of plot.warnings) process.stderr.write(`tofusim: plot: ${w}\n`);
  // Write beside the target and rename: an interrupted write never leaves half an SVG.
  const tmp = join(dirname(resolve(out)), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, plot.svg);
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw InputError.single("invalid", flag, "", `${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function readInput(file: string): string {
  try {
    const st = statSync(file);
    // A device such as /dev/zero never ends: refuse it rather than read for ever (pipes are fine).
    if (st.isDirectory() || st.isCharacterDevice() || st.isBlockDevice()) throw InputError.single("unreadable", file, "", "is not a regular file or a pipe; expected a results file");
    return readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw InputError.single("unreadable", file, "", code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(e)})`);
  }
}
