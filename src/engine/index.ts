export { Simulator } from "./simulator.js";
export type { EventHandler, RunOptions, RunResult, RunStop } from "./simulator.js";
export { Rng } from "./rng.js";
