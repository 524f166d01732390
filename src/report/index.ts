export { render } from "./render.js";
export type { OutputFormat, RenderOptions, ScenarioReport } from "./render.js";
export { renderTable } from "./text-table.js";
