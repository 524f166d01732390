import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulator, type EventHandler } from "../../src/engine/index.js";

/** Records (time, a) of every event it receives; optionally schedules children. */
class Recorder implements EventHandler {
  log: { t: number; a: number; b: number }[] = [];
  kind = 0;
  constructor(
    readonly sim: Simulator,
    readonly onEvent?: (a: number, b: number) => void,
  ) {
    this.kind = sim.register(this, 1);
  }
  handleEvent(_kind: number, a: number, b: number, nowNs: number): void {
    this.log.push({ t: nowNs, a, b });
    this.onEvent?.(a, b);
  }
}

describe("Simulator", () => {
  it("processes events in time order and reports the count", () => {
    const sim = new Simulator();
    const r = new Recorder(sim);
    sim.schedule(30, r.kind, 3);
    sim.schedule(10, r.kind, 1);
    sim.schedule(20, r.kind, 2);
    const res = sim.run();
    expect(r.log.map((e) => e.a)).toEqual([1, 2, 3]);
    expect(res).toEqual({ stop: "empty", nowNs: 30, events: 3 });
  });

  it("runs equal-time events in insertion order", () => {
    const sim = new Simulator();
    const r = new Recorder(sim);
    for (let i = 0; i < 100; i++) sim.schedule(5, r.kind, i);
    sim.run();
    expect(r.log.map((e) => e.a)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("keeps insertion order for zero-delay events scheduled by a handler", () => {
    const sim = new Simulator();
    const r: Recorder = new Recorder(sim, (a) => {
      if (a < 3) {
        sim.scheduleIn(0, r.kind, a * 10 + 10);
        sim.scheduleIn(0, r.kind, a * 10 + 11);
      }
    });
    sim.schedule(1, r.kind, 0);
    sim.schedule(1, r.kind, 1);
    sim.run();
    expect(r.log.map((e) => e.a)).toEqual([0, 1, 10, 11, 20, 21]);
  });

  it("rejects scheduling in the past, at NaN, at infinity or with a negative delay", () => {
    const sim = new Simulator();
    const r = new Recorder(sim);
    sim.schedule(10, r.kind);
    sim.run();
    expect(() => sim.schedule(5, r.kind)).toThrow(/not before now/);
    expect(() => sim.schedule(Number.NaN, r.kind)).toThrow(RangeError);
    expect(() => sim.schedule(Infinity, r.kind)).toThrow(RangeError);
    expect(() => sim.scheduleIn(-1, r.kind)).toThrow(/non-negative/);
    expect(() => sim.scheduleIn(Number.NaN, r.kind)).toThrow(/non-negative/);
    expect(() => sim.schedule(20, 99)).toThrow(/unknown event kind/);
  });

  it("stops at a time limit without running later events, and resumes", () => {
    const sim = new Simulator();
    const r = new Recorder(sim);
    for (const t of [5, 15, 25]) sim.schedule(t, r.kind, t);
    expect(sim.run({ untilNs: 20 })).toEqual({ stop: "time-limit", nowNs: 20, events: 2 });
    expect(sim.pendingEvents).toBe(1);
    expect(sim.run()).toEqual({ stop: "empty", nowNs: 25, events: 3 });
  });

  it("stops at an event limit", () => {
    const sim = new Simulator();
    const r: Recorder = new Recorder(sim, () => sim.scheduleIn(1, r.kind));
    sim.schedule(0, r.kind);
    expect(sim.run({ maxEvents: 1000 })).toMatchObject({ stop: "event-limit", events: 1000 });
    expect(sim.nowNs).toBe(999);
  });

  it("dispatches each kind to the handler that registered it, with local kinds", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const h1: EventHandler = { handleEvent: (k, a) => seen.push(`h1:${k}:${a}`) };
    const h2: EventHandler = { handleEvent: (k, a) => seen.push(`h2:${k}:${a}`) };
    const b1 = sim.register(h1, 2);
    const b2 = sim.register(h2, 3);
    sim.schedule(1, b1 + 1, 7);
    sim.schedule(2, b2 + 2, 8);
    sim.schedule(3, b1, 9);
    sim.run();
    expect(seen).toEqual(["h1:1:7", "h2:2:8", "h1:0:9"]);
  });

  it("property: time never decreases and equal times keep scheduling order, whatever handlers schedule", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }),
        (initial, delays) => {
          const sim = new Simulator();
          let order = 0;
          const seqOf = new Map<number, number>(); // payload a → scheduling order
          const fired: { t: number; seq: number }[] = [];
          let budget = 500;
          const h: EventHandler = {
            handleEvent: (_k, a, _b, now) => {
              fired.push({ t: now, seq: seqOf.get(a) as number });
              for (const d of delays) {
                if (budget-- <= 0) return;
                const id = order++;
                seqOf.set(id, id);
                sim.scheduleIn(d, kind, id);
              }
            },
          };
          const kind = sim.register(h, 1);
          for (const t of initial) {
            const id = order++;
            seqOf.set(id, id);
            sim.schedule(t, kind, id);
          }
          sim.run();
          for (let i = 1; i < fired.length; i++) {
            expect(fired[i].t).toBeGreaterThanOrEqual(fired[i - 1].t);
            if (fired[i].t === fired[i - 1].t) expect(fired[i].seq).toBeGreaterThan(fired[i - 1].seq);
          }
          expect(fired.length).toBe(order);
        },
      ),
    );
  });

  it("property: an event scheduled in a reserved place runs where it would have, scheduled at its reservation", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (plan, roots) => {
        const run = (reserveSome: boolean): number[] => {
          const sim = new Simulator();
          const fired: number[] = [];
          let next = 0;
          let budget = 400;
          const h: EventHandler = {
            handleEvent: (_k, a) => {
              fired.push(a);
              const deferred: { atNs: number; seq: number; id: number }[] = [];
              for (const [delay, reserve] of plan) {
                if (budget-- <= 0) break;
                const id = next++;
                const atNs = sim.nowNs + delay;
                if (reserve && reserveSome) deferred.push({ atNs, seq: sim.reserve(atNs), id });
                else sim.schedule(atNs, kind, id);
              }
              // Scheduled after events reserved later were already queued: the places hold.
              for (const d of deferred.reverse()) sim.scheduleReserved(d.atNs, d.seq, kind, d.id);
            },
          };
          const kind = sim.register(h, 1);
          for (let i = 0; i < roots; i++) sim.schedule(i % 3, kind, next++);
          sim.run();
          return fired;
        };
        expect(run(true)).toEqual(run(false));
      }),
    );
  });

  it("property: events scheduled through FIFO lanes run in exactly the order the heap alone gives them", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -1, max: 2 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 600 }),
        (plan, roots, maxEvents) => {
          // Each step: a delay, a lane (−1: the heap), and whether to reserve and schedule later.
          const run = (useLanes: boolean): { fired: number[]; pending: number[] } => {
            const sim = new Simulator();
            const lanes = [sim.openLane(), sim.openLane(), sim.openLane()];
            const fired: number[] = [];
            const pending: number[] = [];
            let next = 0;
            let budget = 400;
            const h: EventHandler = {
              handleEvent: (_k, a) => {
                fired.push(a);
                const deferred: { atNs: number; seq: number; id: number }[] = [];
                for (const [delay, lane, reserve] of plan) {
                  if (budget-- <= 0) break;
                  const id = next++;
                  const atNs = sim.nowNs + delay;
                  if (reserve) deferred.push({ atNs, seq: sim.reserve(atNs), id });
                  else if (useLanes && lane >= 0) sim.scheduleInLane(lanes[lane], atNs, kind, id);
                  else sim.schedule(atNs, kind, id);
                }
                for (const d of deferred.reverse()) sim.scheduleReserved(d.atNs, d.seq, kind, d.id);
              },
            };
            const kind = sim.register(h, 1);
            for (let i = 0; i < roots; i++) sim.schedule(i % 3, kind, next++);
            const first = sim.run({ maxEvents });
            pending.push(first.nowNs, sim.pendingEvents);
            const end = sim.run();
            pending.push(end.nowNs, end.events);
            return { fired, pending };
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
    );
  });

  it("property: the calendar in front of the heap keeps the exact (time, scheduling order) of a single sorted queue", () => {
    // Delays from ties (0) through fractions to outliers far beyond the window, so events land in
    // the heap, in buckets and in the overflow, and windows are rebuilt while handlers schedule.
    // (Denormal gaps too: a window whose span is that small has infinitely many buckets per ns.)
    const delay = fc.oneof(
      fc.constant(0),
      fc.constantFrom(Number.MIN_VALUE, 1e-310, 1e-300),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 50 }),
      fc.double({ min: 1e3, max: 1e9, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(delay, { maxLength: 3 }), { minLength: 1, maxLength: 16 }),
        fc.array(delay, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 3_000 }),
        fc.double({ min: 0, max: 2e3, noNaN: true }),
        (children, roots, maxEvents, untilNs) => {
          // Event id i schedules the delays children[i mod length] after itself, while ids last.
          const limit = 3_000;
          const sim = new Simulator();
          const fired: number[] = [];
          let next = 0;
          const h: EventHandler = {
            handleEvent: (_k, a) => {
              fired.push(a);
              for (const d of children[a % children.length]) if (next < limit) sim.scheduleIn(d, kind, next++);
            },
          };
          const kind = sim.register(h, 1);
          for (const d of roots) sim.schedule(d, kind, next++);
          sim.run({ maxEvents });
          sim.run({ untilNs: Math.max(untilNs, sim.nowNs) });
          sim.run();

          // The reference: every pending event in one list, the least (time, sequence) first.
          const ref: number[] = [];
          const pending: { t: number; seq: number; id: number }[] = [];
          let seq = 0;
          let id = 0;
          for (const d of roots) pending.push({ t: d, seq: seq++, id: id++ });
          while (pending.length > 0) {
            let best = 0;
            for (let i = 1; i < pending.length; i++) {
              const e = pending[i];
              if (e.t < pending[best].t || (e.t === pending[best].t && e.seq < pending[best].seq)) best = i;
            }
            const e = pending.splice(best, 1)[0];
            ref.push(e.id);
            for (const d of children[e.id % children.length]) if (id < limit) pending.push({ t: e.t + d, seq: seq++, id: id++ });
          }
          expect(fired).toEqual(ref);
          expect(sim.pendingEvents).toBe(0);
        },
      ),
      { numRuns: Number(process.env.TOFUSIM_CALENDAR_RUNS ?? 60) },
    );
  });

  it("a reserved place never scheduled counts as an event that did nothing: a run ends at it, and passes it", () => {
    const sim = new Simulator();
    const r = new Recorder(sim);
    sim.schedule(10, r.kind, 1);
    const seq = sim.reserve(50);
    expect(sim.hasPassed(50, seq)).toBe(false);
    expect(sim.run({ untilNs: 30 })).toEqual({ stop: "time-limit", nowNs: 30, events: 1 });
    expect(sim.pendingEvents).toBe(1);
    expect(sim.run()).toEqual({ stop: "empty", nowNs: 50, events: 1 });
    expect(sim.hasPassed(50, seq)).toBe(true);
    expect(sim.pendingEvents).toBe(0);
    expect(() => sim.scheduleReserved(50, seq, r.kind)).toThrow(/has passed/);
  });

  it("has passed a reserved place at the current time only if it comes before the current event", () => {
    const sim = new Simulator();
    const seen: boolean[] = [];
    let early = 0;
    let late = 0;
    const h: EventHandler = { handleEvent: () => seen.push(sim.hasPassed(5, early), sim.hasPassed(5, late)) };
    const kind = sim.register(h, 1);
    early = sim.reserve(5);
    sim.schedule(5, kind);
    late = sim.reserve(5);
    sim.run();
    expect(seen).toEqual([true, false]);
    expect(sim.hasPassed(5, late)).toBe(true);
  });
});
