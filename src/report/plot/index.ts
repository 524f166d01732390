import { buildPlotModel, type PlotModel } from "./aggregate.js";
import { readResults, resultsFromValue, type RawResult } from "./read.js";
import { plotSpec } from "./spec.js";
import { renderSvg } from "./svg.js";

export { buildPlotModel, plotSpec, readResults, renderSvg, resultsFromValue };
export type { PlotModel, RawResult };
export type { KindPlot, LinePoint, BoundPoint, PanelData } from "./aggregate.js";
export { KINDS, type PlotKindName } from "./kinds.js";

export interface Plot {
  readonly svg: string;
  /** Results left out or values clipped, one line each. */
  readonly warnings: readonly string[];
}

/** Draws results (already read) as one SVG: a row of panels per workload kind. */
export async function plotResults(results: readonly RawResult[]): Promise<Plot> {
  const model = buildPlotModel(results);
  const { svg, warnings } = await renderSvg(plotSpec(model));
  return { svg, warnings: [...model.warnings, ...warnings.map((w) => `vega: ${w}`)] };
}
