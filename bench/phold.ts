/**
 * PHOLD (Fujimoto 1990): 1,024 logical processes, 16 initial events each; every event
 * schedules one event at now + 0.1 + exponential(1.0) on a uniformly random process.
 * Prints events per CPU second for the tofusim engine and, in the same run, for a minimal
 * binary heap over typed arrays doing the same work (a single hand-written heap, the yardstick the engine is held to).
 */
import { Rng, Simulator, type EventHandler } from "../src/engine/index.js";
import { printTable } from "./util.js";

const PROCESSES = 1024;
const INITIAL_PER_PROCESS = 16;
const LOOKAHEAD = 0.1;
const MEAN_DELAY = 1.0;

class Phold implements EventHandler {
  kind = 0;
  received = new Float64Array(PROCESSES);
  constructor(
    private readonly sim: Simulator,
    private readonly rng: Rng,
  ) {}
  handleEvent(_kind: number, lp: number): void {
    this.received[lp]++;
    const delay = LOOKAHEAD + this.rng.exponential(MEAN_DELAY);
    this.sim.scheduleIn(delay, this.kind, this.rng.int(PROCESSES));
  }
}

export function pholdEngine(events: number, seed: number): number {
  const sim = new Simulator();
  const rng = Rng.fromSeed(seed).stream("phold");
  const model = new Phold(sim, rng);
  model.kind = sim.register(model, 1);
  for (let lp = 0; lp < PROCESSES; lp++) {
    for (let i = 0; i < INITIAL_PER_PROCESS; i++) sim.schedule(rng.exponential(MEAN_DELAY), model.kind, lp);
  }
  sim.run({ maxEvents: events });
  return sim.nowNs;
}

/**
 * A minimal binary min-heap on (time, seq) over typed arrays, sifting a hole rather than
 * swapping: pop, then push, as C++ std::priority_queue does.
 */
export function pholdBaseline(events: number, seed: number): number {
  const rng = Rng.fromSeed(seed).stream("phold");
  const cap = PROCESSES * INITIAL_PER_PROCESS + 1;
  const time = new Float64Array(cap);
  const seq = new Float64Array(cap);
  const lpOf = new Int32Array(cap);
  let size = 0;
  let nextSeq = 0;
  const push = (t: number, lp: number): void => {
    const s = nextSeq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] < t || (time[p] === t && seq[p] < s)) break;
      time[i] = time[p]; seq[i] = seq[p]; lpOf[i] = lpOf[p];
      i = p;
    }
    time[i] = t; seq[i] = s; lpOf[i] = lp;
  };
  const pop = (): void => {
    size--;
    const t = time[size], s = seq[size], lp = lpOf[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      const r = c + 1;
      if (r < size && (time[r] < time[c] || (time[r] === time[c] && seq[r] < seq[c]))) c = r;
      if (t < time[c] || (t === time[c] && s < seq[c])) break;
      time[i] = time[c]; seq[i] = seq[c]; lpOf[i] = lpOf[c];
      i = c;
    }
    time[i] = t; seq[i] = s; lpOf[i] = lp;
  };
  const received = new Float64Array(PROCESSES);
  for (let lp = 0; lp < PROCESSES; lp++) {
    for (let i = 0; i < INITIAL_PER_PROCESS; i++) push(rng.exponential(MEAN_DELAY), lp);
  }
  let now = 0;
  for (let e = 0; e < events; e++) {
    now = time[0];
    const lp = lpOf[0];
    pop();
    received[lp]++;
    const delay = LOOKAHEAD + rng.exponential(MEAN_DELAY);
    push(now + delay, rng.int(PROCESSES));
  }
  return now;
}

/** CPU seconds of `fn` (user + system: on a shared machine steadier than wall time). */
function cpuSeconds<T>(fn: () => T): { value: T; seconds: number } {
  const start = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(start);
  return { value, seconds: (used.user + used.system) / 1e6 };
}

/**
 * Both implementations alternately, `rounds` times each; the best CPU time of each counts, so
 * that other work on a shared machine (which only ever slows a round down) weighs least.
 */
export function runPhold(events = 3_000_000, seed = 42, rounds = 3): void {
  // Warm both up so the JIT has compiled them before timing.
  pholdEngine(200_000, seed);
  pholdBaseline(200_000, seed);
  let engineS = Infinity;
  let baseS = Infinity;
  for (let r = 0; r < rounds; r++) {
    const engine = cpuSeconds(() => pholdEngine(events, seed));
    const baseline = cpuSeconds(() => pholdBaseline(events, seed));
    if (engine.value !== baseline.value) {
      throw new Error(`PHOLD mismatch: engine ended at ${engine.value}, baseline at ${baseline.value}`);
    }
    engineS = Math.min(engineS, engine.seconds);
    baseS = Math.min(baseS, baseline.seconds);
  }
  const engineRate = events / engineS;
  const baseRate = events / baseS;
  printTable(`PHOLD: ${PROCESSES} LPs x ${INITIAL_PER_PROCESS} events, ${events.toLocaleString("en-US")} events, best CPU time of ${rounds} alternate rounds`, [
    ["implementation", "events/CPU s", "ratio"],
    ["tofusim engine (calendar + heap-js)", fmt(engineRate), (engineRate / baseRate).toFixed(2)],
    ["typed-array binary heap", fmt(baseRate), "1.00"],
  ]);
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

if (import.meta.url === `file://${process.argv[1]}`) runPhold();
