/**
 * SIGINT and SIGTERM for the whole CLI, installed before anything else runs: while a run is
 * in progress its stopper finishes writing what is done (and the run exits 130 or 143); at any
 * other moment the process exits at once with that code. Without this, a signal during start-up
 * would kill the process with no exit code.
 */
export const SIGNAL_EXIT: Readonly<Record<"SIGINT" | "SIGTERM", number>> = { SIGINT: 130, SIGTERM: 143 };

let stopper: ((signal: "SIGINT" | "SIGTERM") => void) | undefined;

export function installSignalHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopper !== undefined) stopper(signal);
      else process.exit(SIGNAL_EXIT[signal]);
    });
  }
}

/** While `fn` is set, signals call it instead of exiting; returns a function that unsets it. */
export function onStopSignal(fn: (signal: "SIGINT" | "SIGTERM") => void): () => void {
  stopper = fn;
  return () => {
    if (stopper === fn) stopper = undefined;
  };
}
