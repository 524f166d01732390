import type { TopLevelSpec } from "vega-lite";
import type { KindPlot, PanelData, PlotModel } from "./aggregate.js";
import type { KindDef, PanelDef } from "./kinds.js";

// The spec types, from vega-lite's one public type (its inner types are marked unstable).
type ConcatSpec = Extract<TopLevelSpec, { hconcat: unknown }>;
type SubSpec = ConcatSpec["hconcat"][number];
type LayerSpec = Extract<SubSpec, { layer: unknown }>;
type Layer = LayerSpec["layer"][number];
type Unit = Extract<Layer, { mark: unknown }>;
type Encoding = NonNullable<Unit["encoding"]>;
type XEncoding = Extract<Encoding["x"], { field?: unknown }>;
type YEncoding = Encoding["y"];

const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 220;
const SIMULATED = "simulated";
const DIAGONAL = "accepted = offered";
const REFERENCE_COLOR = "#444";
/** Dash patterns (on, off in px): solid for what was simulated, then one per reference line. */
const SOLID = [1, 0];
const DASHES = [[6, 4], [2, 3], [10, 3, 2, 3], [14, 4], [1, 5]];

/** The Vega-Lite spec of the whole figure: one row of panels per workload kind. */
export function plotSpec(model: PlotModel): TopLevelSpec {
  const rows = model.kinds.map(kindRow);
  const config = {
    font: "sans-serif",
    axis: { titleFontWeight: "normal" as const, titleFontSize: 12, labelFontSize: 11 },
    legend: { labelLimit: 0, titleFontWeight: "normal" as const, labelFontSize: 11, symbolStrokeWidth: 1.6 },
    title: { fontWeight: "normal" as const, fontSize: 14, subtitleFontSize: 11 },
  };
  const schema = "https://vega.github.io/schema/vega-lite/v6.json";
  if (rows.length === 1) return { $schema: schema, config, ...rows[0] };
  // Each workload's row keeps its own legends: their lines have nothing in common.
  const own = { color: "independent", strokeDash: "independent", shape: "independent" } as const;
  return { $schema: schema, config, vconcat: rows, spacing: 40, resolve: { scale: own, legend: own } };
}

function kindRow(k: KindPlot): ConcatSpec {
  const over = k.minSeeds === k.maxSeeds ? `${k.maxSeeds}` : `${k.minSeeds} to ${k.maxSeeds}`;
  const seeds = k.maxSeeds > 1 ? `mean over ${over} seeds; band: 95% confidence interval (Student t)` : undefined;
  return {
    title: { text: titleOf(k.scenarios), anchor: "start", ...(seeds === undefined ? {} : { subtitle: seeds }) },
    hconcat: k.def.panels.map((panel, i) => panelSpec(k, panel, k.panels[i])),
    resolve: { scale: { color: "shared", strokeDash: "shared", shape: "shared" } },
  };
}

function titleOf(scenarios: readonly string[]): string {
  const shown = scenarios.slice(0, 3).join(" / ");
  return scenarios.length > 3 ? `${shown} and ${scenarios.length - 3} more` : shown;
}

/** What a dashed line is called in the legend: `bound`, or `bound: <topology>` when there are several. */
function boundName(label: string): string {
  return label === "" ? "bound" : `bound: ${label}`;
}

function panelSpec(k: KindPlot, panel: PanelDef, data: PanelData): LayerSpec {
  const x = xEncoding(k.def, data);
  const decades = panel.yLog ? decadeTicks([...data.points.flatMap((p) => [p.lo, p.hi]), ...data.bounds.map((b) => b.y)]) : [];
  const y = (field: "mean" | "lo" | "y"): YEncoding => ({
    field,
    type: "quantitative",
    title: panel.yTitle,
    scale: !panel.yLog ? { type: "linear", zero: true } : decades.length > 0 ? { type: "log", domain: [decades[0], decades[decades.length - 1]] } : { type: "log" },
    ...(decades.length > 0 ? { axis: { values: decades } } : {}),
  });
  const color = {
    field: "series",
    type: "nominal" as const,
    title: k.legendTitle,
    scale: { domain: [...k.series], scheme: k.series.length <= 10 ? "tableau10" : "tableau20" },
    // Layers share the legend, whose symbol would otherwise take the faint band's look.
    legend: { symbolType: "circle", symbolOpacity: 1 },
  };
  // One dash scale for the row, so the legend lists each line style once.
  const references = [
    ...(k.def.panels.some((p) => p.diagonal === true) ? [DIAGONAL] : []),
    ...new Set(k.panels.flatMap((p) => p.bounds.map((b) => boundName(b.bound)))),
  ];
  const dashScale = { domain: [SIMULATED, ...references], range: [SOLID, ...references.map((_, i) => DASHES[i % DASHES.length])] };
  const dashLegend = { symbolSize: 500 };
  const points = data.points.map((p) => ({ ...p, state: p.saturated ? "saturated" : "below saturation" }));
  const layers: Unit[] = [];
  if (k.maxSeeds > 1) {
    layers.push({ data: { values: points }, mark: { type: "area", opacity: 0.18 }, encoding: { x, y: y("lo"), y2: { field: "hi" }, color } });
  }
  layers.push({
    data: { values: points },
    mark: { type: "line", strokeWidth: 1.6 },
    encoding: {
      x,
      y: y("mean"),
      color,
      // Solid vs dashed needs a legend only where a panel has a dashed line.
      ...(references.length > 0 ? { strokeDash: { datum: SIMULATED, type: "nominal", title: null, scale: dashScale, legend: dashLegend } } : {}),
    },
  });
  layers.push({
    data: { values: points },
    mark: { type: "point", filled: true, size: 28, opacity: 1 },
    encoding: {
      x,
      y: y("mean"),
      color,
      ...(points.some((p) => p.saturated)
        ? { shape: { field: "state", type: "nominal", title: null, scale: { domain: ["below saturation", "saturated"], range: ["circle", "triangle-up"] } } }
        : {}),
    },
  });
  const dashed = (field: string): Encoding => ({ strokeDash: { field, type: "nominal", title: null, scale: dashScale, legend: dashLegend } });
  if (panel.diagonal === true) {
    const top = Math.max(0, ...points.map((p) => p.x));
    layers.push({
      data: { values: [{ x: 0, y: 0, line: DIAGONAL }, { x: top, y: top, line: DIAGONAL }] },
      mark: { type: "line", color: REFERENCE_COLOR, strokeWidth: 1 },
      encoding: { x, y: y("y"), ...dashed("line") },
    });
  }
  if (data.bounds.length > 0) {
    layers.push({
      data: { values: data.bounds.map((b) => ({ ...b, line: boundName(b.bound) })) },
      mark: { type: "line", color: REFERENCE_COLOR, strokeWidth: 1.2 },
      encoding: { x, y: y("y"), ...dashed("line") },
    });
  }
  return { width: PANEL_WIDTH, height: PANEL_HEIGHT, layer: layers };
}

function xEncoding(def: KindDef, data: PanelData): XEncoding {
  const base = { field: "x", type: "quantitative" as const, title: def.xTitle };
  if (!def.xLog) return { ...base, scale: { type: "linear", zero: true } };
  const xs = [...new Set([...data.points.map((p) => p.x), ...data.bounds.map((b) => b.x)])].sort((a, b) => a - b);
  return {
    ...base,
    scale: { type: "log", base: def.xBytes ? 2 : 10 },
    axis: def.xBytes ? { values: byteTicks(xs), labelExpr: BYTES_LABEL, labelOverlap: "greedy" } : {},
  };
}

/** A Vega expression printing a size as 8 B, 64 KiB, 1 MiB (binary prefixes, as the scenario files write them). */
const BYTES_LABEL = [
  "datum.value >= 1073741824 ? format(datum.value / 1073741824, '.3~g') + ' GiB'",
  "datum.value >= 1048576 ? format(datum.value / 1048576, '.3~g') + ' MiB'",
  "datum.value >= 1024 ? format(datum.value / 1024, '.3~g') + ' KiB'",
  "format(datum.value, '.3~g') + ' B'",
].join(" : ");

const MAX_TICKS = 6;

/**
 * Ticks and grid lines at powers of ten from below the least value to above the greatest (where
 * Vega's "nice" log domain ends), so a log axis reads in decades; none (Vega's own ticks) when
 * the values span less than two decades.
 */
export function decadeTicks(values: readonly number[]): number[] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [];
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (hi - lo < 2) return [];
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) ticks.push(10 ** e);
  return ticks;
}

/**
 * Ticks at the sizes measured when they are few; otherwise at powers of two spaced evenly in
 * the exponent (every 10th power lands on KiB, MiB, GiB when the stride is 10 or divides it).
 */
export function byteTicks(sizes: readonly number[]): number[] {
  if (sizes.length <= MAX_TICKS) return [...sizes];
  const lo = Math.floor(Math.log2(sizes[0]));
  const hi = Math.ceil(Math.log2(sizes[sizes.length - 1]));
  const stride = [1, 2, 5, 10, 20].find((s) => Math.floor(hi / s) - Math.ceil(lo / s) + 1 <= MAX_TICKS) ?? Math.ceil((hi - lo) / MAX_TICKS);
  const ticks: number[] = [];
  for (let e = Math.ceil(lo / stride) * stride; e <= hi; e += stride) ticks.push(2 ** e);
  return ticks;
}
