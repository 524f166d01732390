#!/usr/bin/env node
// The bin. Signals are handled before the rest of the CLI loads (which takes a moment), so that a
// SIGINT or SIGTERM at any time ends the process with its exit code, never a bare kill.
import { installSignalHandlers } from "./exec/signals.js";

installSignalHandlers();
await import("./cli.js");
