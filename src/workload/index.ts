export { TRAFFIC_PATTERNS, makePattern, patternProblem } from "./patterns.js";
export type { PatternOptions, TrafficPattern, TrafficPatternName } from "./patterns.js";
export { TrafficWorkload } from "./traffic.js";
export type { TrafficOptions, TrafficResult } from "./traffic.js";
export { runPut } from "./put.js";
export type { PutResult } from "./put.js";
export { neighborsOf, runInjection } from "./injection.js";
export type { InjectionResult } from "./injection.js";
