import { appendFileSync } from "node:fs";
import { InputError, type InputIssue, type IssueCode } from "../../src/input/errors.js";
import { parseDataBytes, parseDataText } from "../../src/input/parse.js";
import { estimatePoint } from "../../src/scenario/estimate.js";
import { runPoint } from "../../src/scenario/runner.js";
import { loadScenario, scenarioFromData, type Scenario } from "../../src/scenario/scenario.js";

/**
 * One document through what the CLI does with it — parse, validate and resolve, estimate, and
 * run the points cheap enough to run here — classified by its outcome. Anything else than
 * these outcomes (another exception, a result with NaN outside a deadlock, a bad issue) is a
 * failure, thrown so that fast-check shrinks the document.
 */
export type Outcome = "refused-parse" | "refused" | "accepted-not-run" | "ran" | "deadlock";

export interface FuzzBudget {
  /** The memory limit resolution checks points against (the CLI's --max-memory). */
  readonly maxMemoryBytes: number;
  /** Points run per document at most, and only those whose estimate is within these. */
  readonly runPoints: number;
  readonly runEvents: number;
  readonly runMemoryBytes: number;
}

export const DEFAULT_BUDGET: FuzzBudget = { maxMemoryBytes: 512e6, runPoints: 2, runEvents: 30_000, runMemoryBytes: 64e6 };

export class FuzzStats {
  documents = 0;
  readonly outcomes = new Map<Outcome, number>();
  readonly codes = new Map<IssueCode, number>();
  pointsEstimated = 0;
  pointsRun = 0;
  eventsRun = 0;

  note(outcome: Outcome): void {
    this.documents++;
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  summary(): string {
    const o = [...this.outcomes].sort().map(([k, v]) => `${k} ${v}`).join(", ");
    const c = [...this.codes].sort().map(([k, v]) => `${k} ${v}`).join(", ");
    return `${this.documents} documents: ${o}; issue codes: ${c}; ${this.pointsEstimated} points estimated, ${this.pointsRun} run (${this.eventsRun} events)`;
  }
}

const CODES: readonly IssueCode[] = ["unreadable", "syntax", "invalid", "out-of-range", "unknown-key", "not-found", "unsupported", "ignored", "too-large"];

/** An InputError as the CLI prints it: one line per problem, each with a code, a file and a message, no stack. */
function checkRefusal(e: InputError, stats: FuzzStats): void {
  if (e.issues.length === 0) throw new Error("an InputError without issues");
  for (const issue of e.issues) {
    checkIssue(issue);
    stats.codes.set(issue.code, (stats.codes.get(issue.code) ?? 0) + 1);
  }
  if (e.message.split("\n").length !== e.issues.length) throw new Error(`an issue spans several lines: ${JSON.stringify(e.message.slice(0, 300))}`);
}

function checkIssue(issue: InputIssue): void {
  if (!CODES.includes(issue.code)) throw new Error(`unknown issue code ${String(issue.code)}`);
  if (issue.message.trim() === "" || /\n|\s+at \S+ \(|\bTypeError\b|\bReferenceError\b|undefined \(reading/.test(issue.message)) {
    throw new Error(`a message that is not one clean line: ${JSON.stringify(issue.message.slice(0, 300))}`);
  }
  if (issue.message.length > 600) throw new Error(`a message of ${issue.message.length} characters`);
}

/** Parses text or bytes the way the CLI reads a file or standard input. */
const TRACE = process.env.TOFUSIM_FUZZ_TRACE;

export function parseInput(input: string | Uint8Array, file: string): unknown {
  return typeof input === "string" ? parseDataText(input, file) : parseDataBytes(input, file);
}

/** Runs one document (data, or text to parse) and classifies it. */
export function tryDocument(input: { file: string; data?: unknown; text?: string | Uint8Array; path?: string }, stats: FuzzStats, budget: FuzzBudget = DEFAULT_BUDGET): Outcome {
  // TOFUSIM_FUZZ_TRACE=<file>: each document is appended there (with the heap in use) before
  // it is tried, so a campaign that dies (out of memory, say) leaves what led to it.
  if (TRACE !== undefined) {
    const doc = JSON.stringify({ heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20), file: input.file, path: input.path, data: input.data, text: typeof input.text === "string" ? input.text.slice(0, 2000) : undefined });
    appendFileSync(TRACE, doc.slice(0, 4000) + "\n");
  }
  let scenario: Scenario;
  try {
    if (input.path !== undefined) scenario = loadScenario(input.path, { maxMemoryBytes: budget.maxMemoryBytes });
    else {
      let data = input.data;
      if (input.text !== undefined) {
        try {
          data = parseInput(input.text, input.file);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          checkRefusal(e, stats);
          stats.note("refused-parse");
          return "refused-parse";
        }
      }
      scenario = scenarioFromData(data, input.file, { maxMemoryBytes: budget.maxMemoryBytes });
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    checkRefusal(e, stats);
    stats.note("refused");
    return "refused";
  }
  let outcome: Outcome = "accepted-not-run";
  let run = 0;
  for (const point of scenario.points) {
    const est = estimatePoint(point);
    stats.pointsEstimated++;
    for (const [k, v] of Object.entries({ events: est.events, memoryBytes: est.memoryBytes, simulatedNs: est.simulatedNs, wallSeconds: est.wallSeconds })) {
      if (!(Number.isFinite(v) && v >= 0)) throw new Error(`estimate ${k} = ${v}`);
    }
    if (est.memoryBytes > budget.maxMemoryBytes) throw new Error(`a point estimated at ${est.memoryBytes} bytes was accepted under a limit of ${budget.maxMemoryBytes}`);
    if (run >= budget.runPoints || est.events > budget.runEvents || est.memoryBytes > budget.runMemoryBytes) continue;
    run++;
    const result = runPoint(point);
    stats.pointsRun++;
    stats.eventsRun += (result as { events?: number }).events ?? 0;
    const events = (result as { events?: number }).events ?? 0;
    // The estimate is rough, but a run far beyond it is one the gate above would not have caught.
    if (events > 20 * est.events + 10_000) throw new Error(`a point estimated at ${est.events} events took ${events}`);
    JSON.stringify(result);
    if (result.deadlock !== null) {
      if (result.deadlock.message.trim() === "") throw new Error("a deadlock without a message");
      outcome = "deadlock";
      continue;
    }
    const nan = numbersOf(result).find(([, v]) => !Number.isFinite(v));
    if (nan !== undefined) throw new Error(`result field ${nan[0]} = ${nan[1]} without a deadlock`);
    if (outcome !== "deadlock") outcome = "ran";
  }
  stats.note(outcome);
  return outcome;
}

function numbersOf(value: unknown, path = ""): [string, number][] {
  if (typeof value === "number") return [[path, value]];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => numbersOf(v, path === "" ? k : `${path}.${k}`));
}
