import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPlotModel, type KindPlot } from "../../src/report/plot/aggregate.js";
import { readResults, type RawResult } from "../../src/report/plot/read.js";
import { InputError } from "../../src/input/errors.js";
import { LOADS, SIZES, allreduceResult, putResult, report, trafficResult } from "./plot-fixtures.js";

function raw(results: readonly Record<string, unknown>[], scenario = "s", file = "r.json"): RawResult[] {
  return readResults(report(scenario, results), file);
}

function only(results: RawResult[]): KindPlot {
  const model = buildPlotModel(results);
  expect(model.kinds).toHaveLength(1);
  return model.kinds[0];
}

describe("plot model: lines, seeds and bounds", () => {
  it("traffic: one line per value of the swept parameters other than offered load", () => {
    const k = only(raw(["uniform", "tornado"].flatMap((pattern) => LOADS.map((offeredLoad) => trafficResult({ pattern, offeredLoad })))));
    expect(k.def.name).toBe("traffic");
    expect(k.legendTitle).toBe("pattern");
    expect(k.series).toEqual(["uniform", "tornado"]);
    for (const panel of k.panels) {
      for (const s of k.series) expect(panel.points.filter((p) => p.series === s).map((p) => p.x)).toEqual(LOADS);
    }
  });

  it("allreduce: one line per topology × algorithm, the algorithm named even when it is the only one", () => {
    const single = only(raw(SIZES.map((sizeBytes) => allreduceResult({ algorithm: "ring", sizeBytes }))));
    expect(single.legendTitle).toBe("algorithm");
    expect(single.series).toEqual(["ring"]);
    const grid = ["tofu-d-768", "torus-8x8x12"].flatMap((topology) => ["ring", "rabenseifner"].flatMap((algorithm) => SIZES.map((sizeBytes) => allreduceResult({ topology, algorithm, sizeBytes }))));
    const k = only(readResults(JSON.stringify({ scenario: "c", seed: 1, topologies: ["tofu-d-768", "torus-8x8x12"], results: grid }), "c.json"));
    expect(k.legendTitle).toBe("topology, algorithm");
    expect(k.series).toEqual(["tofu-d-768, ring", "tofu-d-768, rabenseifner", "torus-8x8x12, ring", "torus-8x8x12, rabenseifner"]);
    // The bound does not depend on the algorithm: one bound line per topology.
    expect([...new Set(k.panels[0].bounds.map((b) => b.bound))]).toEqual(["tofu-d-768", "torus-8x8x12"]);
  });

  it("the bus-bandwidth bound is the bandwidth at the lower bound's time: size / lowerBound · 2(P−1)/P", () => {
    const k = only(raw([allreduceResult({ algorithm: "ring", sizeBytes: 65536, ranks: 16, lowerBoundUs: 4 })]));
    expect(k.panels[0].bounds).toEqual([{ bound: "", x: 65536, y: 4 }]);
    expect(k.panels[1].bounds[0].y).toBeCloseTo((65536 / 4000) * ((2 * 15) / 16), 12);
  });

  it("averages the seeds of a point with a 95% interval; the same seed read twice counts once, with a warning", () => {
    const seeds = [1, 2, 3].map((seed) => raw([trafficResult({ offeredLoad: 0.5, seed, latencyNs: 1000 + seed * 100 })], "s", `seed${seed}.json`));
    const model = buildPlotModel([...seeds.flat(), ...seeds[0]]);
    const point = model.kinds[0].panels[0].points[0];
    expect(point.n).toBe(3);
    expect(point.mean).toBeCloseTo(1200, 9);
    expect(point.hi - point.mean).toBeCloseTo((4.303 * 100) / Math.sqrt(3), 9);
    expect(model.kinds[0].maxSeeds).toBe(3);
    expect(buildPlotModel([...seeds.flat(), ...raw([trafficResult({ offeredLoad: 0.9, seed: 1 })])]).kinds[0].minSeeds).toBe(1);
    expect(model.warnings.join("\n")).toMatch(/1 result repeat a point and seed already read/);
  });

  it("each point is the mean of its seeds, inside its interval, and there is one point per line and x", () => {
    const arb = fc.array(fc.record({ pattern: fc.constantFrom("uniform", "tornado"), load: fc.constantFrom(...LOADS), seed: fc.integer({ min: 1, max: 5 }), latency: fc.double({ min: 1, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(arb, (rows) => {
        const results = rows.map((r) => trafficResult({ pattern: r.pattern, offeredLoad: r.load, seed: r.seed, latencyNs: r.latency }));
        const k = only(raw(results));
        const latency = k.panels[0].points;
        const firsts = new Map<string, number[]>();
        const seen = new Set<string>();
        for (const r of rows) {
          if (seen.has(`${r.pattern}/${r.load}/${r.seed}`)) continue;
          seen.add(`${r.pattern}/${r.load}/${r.seed}`);
          const id = `${r.pattern}/${r.load}`;
          firsts.set(id, [...(firsts.get(id) ?? []), r.latency]);
        }
        expect(latency).toHaveLength(firsts.size);
        for (const p of latency) {
          const samples = firsts.get(`${k.series.length > 1 ? p.series : rows[0].pattern}/${p.x}`) ?? [];
          expect(p.n).toBe(samples.length);
          expect(p.mean).toBeCloseTo(samples.reduce((a, b) => a + b, 0) / samples.length, 6);
          expect(p.lo).toBeLessThanOrEqual(p.mean * (1 + 1e-12));
          expect(p.hi).toBeGreaterThanOrEqual(p.mean * (1 - 1e-12));
          expect(p.lo).toBeGreaterThan(0); // a log axis: clipped above zero
        }
      }),
    );
  });

  it("leaves out deadlocked results with a warning, and refuses a file where nothing can be drawn", () => {
    const model = buildPlotModel(raw([trafficResult({ offeredLoad: 0.1 }), trafficResult({ offeredLoad: 0.3, deadlock: true })]));
    expect(model.kinds[0].panels[0].points.map((p) => p.x)).toEqual([0.1]);
    expect(model.warnings.join("\n")).toMatch(/left out 1 result without a value \(deadlocked\)/);
    expect(() => buildPlotModel(raw([trafficResult({ offeredLoad: 0.3, deadlock: true })]))).toThrow(/nothing to plot/);
    expect(() => buildPlotModel(raw([allreduceResult({ algorithm: "ring", sizeBytes: 8, timeUs: null })]))).toThrow(/nothing to plot/);
  });

  it("leaves out sizes of zero, which a log axis cannot show, with a warning", () => {
    const model = buildPlotModel(raw([0, 8].map((sizeBytes) => putResult(sizeBytes))));
    expect(model.kinds[0].panels[0].points.map((p) => p.x)).toEqual([8]);
    expect(model.warnings).toContain("put: left out 1 result with sizeBytes at or below zero (log axis)");
  });

  it("leaves out workloads it cannot draw with a warning, and refuses when nothing else is there", () => {
    const injection = { topology: "fugaku", workload: "injection", neighbors: 1, sizeBytes: 8, timeUs: 1, bandwidthGBps: 1, seed: 1, sweep: {}, deadlock: null };
    const model = buildPlotModel(raw([putResult(8), injection]));
    expect(model.kinds.map((k) => k.def.name)).toEqual(["put"]);
    expect(model.warnings).toContain("left out 1 injection results (tofusim plot draws traffic, allreduce, put results)");
    expect(() => buildPlotModel(raw([injection]))).toThrow(/nothing to plot: found 1 injection results/);
  });

  it("refuses a result with a missing or mistyped field, naming file, result and field", () => {
    const bad = { ...trafficResult({ offeredLoad: 0.1 }), acceptedLoad: "lots" };
    const { offeredLoad: _omit, ...missing } = trafficResult({ offeredLoad: 0.2 });
    try {
      buildPlotModel(raw([bad, missing], "s", "bad.json"));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const lines = (e as InputError).message.split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^bad\.json: results\[0\]\.acceptedLoad: traffic result: expected number/);
      expect(lines[1]).toMatch(/^bad\.json: results\[1\]\.offeredLoad: traffic result: expected number/);
    }
  });

  it("JSON Lines files without scenario names are seeds of the same lines, not lines of their own", () => {
    const file = (seed: number): RawResult[] => readResults(LOADS.map((offeredLoad) => JSON.stringify(trafficResult({ offeredLoad, seed }))).join("\n"), `dir/seed${seed}.jsonl`);
    const k = only([...file(1), ...file(2)]);
    expect(k.series).toHaveLength(1);
    expect(k.maxSeeds).toBe(2);
    expect(k.scenarios).toEqual(["seed1.jsonl", "seed2.jsonl"]);
  });

  it("names the scenario on each line when results come from several scenarios", () => {
    const k = only([...raw([putResult(8)], "A", "a.json"), ...raw([putResult(8)], "B", "b.json")]);
    expect(k.legendTitle).toBe("scenario");
    expect(k.series).toEqual(["A", "B"]);
    expect(k.scenarios).toEqual(["A", "B"]);
  });
});
