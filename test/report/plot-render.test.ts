import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { plotResults, readResults, type RawResult } from "../../src/report/plot/index.js";
import { byteTicks, decadeTicks } from "../../src/report/plot/spec.js";
import { LOADS, SIZES, allreduceResult, putResult, report, trafficResult } from "./plot-fixtures.js";

interface Picture {
  readonly width: number;
  readonly height: number;
  /** Pixels that are not the white background. */
  readonly inked: number;
  /** Pixels with a clear hue (data lines; axes and text are grey). */
  readonly coloured: number;
}

/** Rasterises with resvg, a real SVG renderer, and counts what was drawn. */
function rasterise(svg: string): Picture {
  const image = new Resvg(svg, { background: "white" }).render();
  const px = image.pixels;
  let inked = 0;
  let coloured = 0;
  for (let i = 0; i < px.length; i += 4) {
    const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
  }
  return { width: image.width, height: image.height, inked, coloured };
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, "&"));
}

const rawOf = (scenario: string, results: readonly Record<string, unknown>[]): RawResult[] => readResults(report(scenario, results), `${scenario}.json`);

const traffic = rawOf(
  "traffic",
  ["uniform", "tornado"].flatMap((pattern) => LOADS.map((offeredLoad) => trafficResult({ pattern, offeredLoad }))),
);
const allreduce = rawOf(
  "allreduce",
  ["ring", "recursive-doubling"].flatMap((algorithm) => SIZES.map((sizeBytes) => allreduceResult({ algorithm, sizeBytes }))),
);
const compare = readResults(
  JSON.stringify({
    scenario: "compare",
    seed: 1,
    topologies: ["a", "b"],
    results: ["a", "b"].flatMap((topology, t) => ["ring", "rabenseifner"].flatMap((algorithm) => SIZES.map((sizeBytes) => allreduceResult({ topology, algorithm, sizeBytes, lowerBoundUs: (t + 1) * (0.5 + sizeBytes / 4000) })))),
  }),
  "compare.json",
);
const put = rawOf("put", SIZES.map((s) => putResult(s)));
const seeds = [1, 2, 3].flatMap((seed) => rawOf("seeds", LOADS.map((offeredLoad) => trafficResult({ offeredLoad, seed, latencyNs: 600 + 100 * seed + 1000 * offeredLoad }))));

const TRAFFIC_TITLES = ["offered load (fraction of link bandwidth)", "mean latency (ns)", "accepted load (fraction of link bandwidth)"];
const SIZE_TITLES = ["allreduce size per rank (bytes)", "time (µs)", "bus bandwidth (GB/s)"];

describe("plots rendered to SVG and rasterised", () => {
  const cases: [string, RawResult[], string[]][] = [
    ["traffic: latency and accepted load against offered load", traffic, TRAFFIC_TITLES],
    ["allreduce: time and bus bandwidth against size, with the bound", allreduce, [...SIZE_TITLES, "bound"]],
    ["compare: one line per topology × algorithm, a bound per topology", compare, [...SIZE_TITLES, "bound: a", "bound: b", "a, ring", "b, rabenseifner"]],
    ["put: time and bandwidth against message size", put, ["message size (bytes)", "time (µs)", "bandwidth (GB/s)"]],
    ["several seeds: mean with a 95% band", seeds, [...TRAFFIC_TITLES, "mean over 3 seeds; band: 95% confidence interval (Student t)"]],
    ["several workloads: one row each", [...traffic, ...allreduce], [...TRAFFIC_TITLES, ...SIZE_TITLES]],
  ];
  for (const [title, results, expected] of cases) {
    it(`${title}: the picture has coloured data and the SVG the axis titles`, async () => {
      const plot = await plotResults(results);
      expect(plot.warnings.filter((w) => w.startsWith("vega"))).toEqual([]);
      const labels = texts(plot.svg);
      for (const e of expected) expect(labels).toContain(e);
      const picture = rasterise(plot.svg);
      expect(picture.width).toBeGreaterThan(400);
      expect(picture.inked).toBeGreaterThan(0.01 * picture.width * picture.height);
      // Without its lines and points a panel has under 100 such pixels (legend symbols, band).
      expect(picture.coloured).toBeGreaterThan(400);
    });
  }

  it("draws a dashed bound per topology in each size panel, accepted = offered dashed, and the band only with several seeds", async () => {
    // Dashed lines among the plotted lines (legend symbols are not line marks).
    const dashed = (svg: string): number =>
      [...svg.matchAll(/<path [^>]*aria-roledescription="line mark"[^>]*>/g)].filter((m) => /stroke-dasharray="(?!1,0")/.test(m[0])).length;
    expect(dashed((await plotResults(allreduce)).svg)).toBe(2);
    expect(dashed((await plotResults(compare)).svg)).toBe(4);
    expect(dashed((await plotResults(traffic)).svg)).toBe(1);
    expect(dashed((await plotResults(put)).svg)).toBe(0);
    const areas = (svg: string): number => (svg.match(/class="mark-area/g) ?? []).length;
    expect(areas((await plotResults(seeds)).svg)).toBeGreaterThan(0);
    expect(areas((await plotResults(traffic)).svg)).toBe(0);
  });

  it("the same results give the same SVG, byte for byte", async () => {
    expect((await plotResults(compare)).svg).toBe((await plotResults(compare)).svg);
  });
});

describe("axis ticks", () => {
  it("sizes: at each size measured when there are few, else at evenly spaced powers of two", () => {
    expect(byteTicks([8, 1024, 65536])).toEqual([8, 1024, 65536]);
    const many = Array.from({ length: 22 }, (_, i) => 2 ** (i + 3));
    const ticks = byteTicks(many);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every((t) => Number.isInteger(Math.log2(t)))).toBe(true);
    const steps = ticks.slice(1).map((t, i) => Math.log2(t) - Math.log2(ticks[i]));
    expect(new Set(steps).size).toBe(1);
  });

  it("log axes: powers of ten around the values when they span two decades or more, else none", () => {
    expect(decadeTicks([0.41, 38_000])).toEqual([0.1, 1, 10, 100, 1000, 10_000, 100_000]);
    expect(decadeTicks([600, 900])).toEqual([]);
    expect(decadeTicks([0, -1])).toEqual([]);
  });
});
