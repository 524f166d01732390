import type { TopLevelSpec } from "vega-lite";
import { textWidthPx } from "./text-width.js";

/**
 * Renders a Vega-Lite spec to SVG in Node. Vega (with Vega-Lite compiling to it) was chosen
 * over Observable Plot because its scenegraph renders SVG headlessly — `renderer: "none"` and
 * `toSVG()` need no DOM, where Plot needs jsdom or another server-side DOM — and because a spec
 * is plain JSON: tests read it, and users can restyle it in any Vega editor.
 *
 * Loaded on first use: the CLI pays Vega's start-up only when it draws.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  useFontMetrics(vega);
  // Vega's own warnings go to the caller's list, not straight to the console.
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method, _level, args) => {
    warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
  });
  const compiled = vegaLite.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}

interface TextItem {
  readonly fontSize?: number | string | null;
}

/**
 * Vega sizes text for layout with node-canvas when it is installed and otherwise guesses 0.8
 * em per character, which pushes long axis titles out of the frame and cuts legend labels
 * short. Its documented hook `textMetrics.width` (vl-convert sets it too) takes Helvetica's
 * widths instead: the same layout on every machine, canvas or not. The hook is not in Vega's
 * typings, hence the narrow view of the module.
 */
function useFontMetrics(vega: object): void {
  const metrics = (vega as { textMetrics?: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  if (metrics === undefined) return;
  metrics.width = (item, text) => {
    const size = item.fontSize === null || item.fontSize === undefined ? 11 : Number(item.fontSize) || 0;
    return textWidthPx(text === null || text === undefined ? "" : String(text).trim(), size);
  };
}
