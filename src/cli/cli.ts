import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { AllreduceVerificationError } from "../collectives/index.js";
import { InputError } from "../input/errors.js";
import { checkRoutingCommand } from "./commands/check-routing.js";
import { compareCommand } from "./commands/compare.js";
import { mergeCommand } from "./commands/merge.js";
import { plotCommand } from "./commands/plot.js";
import { routeCommand } from "./commands/route.js";
import { runCommand } from "./commands/run.js";
import { topologiesCommand } from "./commands/topologies.js";
import { validateCommand } from "./commands/validate.js";
import { STDIN_ARG } from "./exec/source.js";

/**
 * Exit codes: 0 success, 1 internal error (a bug), 2 bad input (or output that cannot be
 * written), 3 a simulated network deadlocked, 4 a collective's data-mode check failed (an
 * algorithm computed a wrong sum), 130/143 stopped by SIGINT/SIGTERM (finished points written).
 */
export const EXIT_INPUT = 2;
export const EXIT_VERIFICATION = 4;

async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName("tofusim")
    .usage("$0 <command> [options]\n\nDiscrete-event simulator of 6D mesh/torus interconnects like Fujitsu's Tofu.")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .recommendCommands()
    .help()
    .alias("help", "h")
    .version()
    .alias("version", "v")
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      // yargs' own complaints (a missing value, an unknown option) are bad input, not bugs.
      if (err && err.name !== "YError") throw err;
      fail(msg ?? err?.message ?? "bad command line");
    });
  cli = runCommand(cli);
  cli = compareCommand(cli);
  cli = plotCommand(cli);
  cli = validateCommand(cli);
  cli = topologiesCommand(cli);
  cli = routeCommand(cli);
  cli = checkRoutingCommand(cli);
  cli = mergeCommand(cli);
  await cli.parseAsync();
}

function fail(message: string): never {
  process.stderr.write(message.split("\n").map((l) => `tofusim: ${l}`).join("\n") + "\n");
  process.exit(EXIT_INPUT);
}

// A closed pipe (`tofusim … | head`) ends the output, it is not an error; a full disk is one
// line, not a stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  process.stderr.write(`tofusim: cannot write standard output: ${err.code ?? err.message}\n`);
  process.exit(EXIT_INPUT);
});

// yargs drops a lone "-", so standard input is passed on under a name no file has.
main(hideBin(process.argv).map((a) => (a === "-" ? STDIN_ARG : a))).catch((err: unknown) => {
  if (err instanceof InputError) fail(err.message);
  if (err instanceof AllreduceVerificationError) {
    process.stderr.write(`tofusim: verification failed: ${err.message}\n`);
    process.exit(EXIT_VERIFICATION);
  }
  process.stderr.write(`tofusim: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
