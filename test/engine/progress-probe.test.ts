import { afterEach, describe, expect, it } from "vitest";
import { PROBE_EVERY, Simulator, setProgressProbe, type EventHandler } from "../../src/engine/index.js";

/** A chain of events 1 ns apart: each schedules the next until `count` have run. */
class Chain implements EventHandler {
  readonly kind: number;
  constructor(
    private readonly sim: Simulator,
    private readonly count: number,
  ) {
    this.kind = sim.register(this, 1);
  }
  handleEvent(_kind: number, a: number, _b: number, nowNs: number): void {
    if (a + 1 < this.count) this.sim.schedule(nowNs + 1, this.kind, a + 1);
  }
}

function runChain(count: number): { nowNs: number; events: number } {
  const sim = new Simulator();
  const chain = new Chain(sim, count);
  sim.schedule(1, chain.kind, 0);
  const r = sim.run();
  return { nowNs: r.nowNs, events: r.events };
}

describe("the progress probe", () => {
  afterEach(() => setProgressProbe(undefined));

  it("is called once every PROBE_EVERY events with the simulator's time and count, and changes nothing in the run", () => {
    const count = 3 * PROBE_EVERY + 5;
    const without = runChain(count);
    const seen: { nowNs: number; events: number }[] = [];
    setProgressProbe((sim) => seen.push({ nowNs: sim.nowNs, events: sim.events }));
    const withProbe = runChain(count);
    expect(withProbe).toEqual(without);
    expect(seen.map((s) => s.events)).toEqual([PROBE_EVERY, 2 * PROBE_EVERY, 3 * PROBE_EVERY]);
    // Event k runs at k ns (the first at 1 ns), so the clock at the n-th event is n ns.
    expect(seen.map((s) => s.nowNs)).toEqual([PROBE_EVERY, 2 * PROBE_EVERY, 3 * PROBE_EVERY]);
  });
});
