export { PROBE_EVERY, Simulator, setProgressProbe } from "./simulator.js";
export type { EventHandler, ProgressProbe, RunOptions, RunResult, RunStop } from "./simulator.js";
export { Rng } from "./rng.js";
