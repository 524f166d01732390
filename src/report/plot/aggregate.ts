import { basename } from "node:path";
import { z } from "zod";
import { InputError, formatPath, type InputIssue } from "../../input/errors.js";
import { meanInterval } from "./interval.js";
import { KINDS, isPlotKind, type KindDef, type ParsedResult, type PlotKindName } from "./kinds.js";
import type { RawResult } from "./read.js";

/** One point of one line: the mean over seeds with its 95% interval. */
export interface LinePoint {
  readonly series: string;
  readonly x: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** How many seeds the mean is over. */
  readonly n: number;
  /** Some seed of this point ran past saturation. */
  readonly saturated: boolean;
}

export interface BoundPoint {
  /** Empty when there is one bound line; else what tells the bound lines apart. */
  readonly bound: string;
  readonly x: number;
  readonly y: number;
}

export interface PanelData {
  readonly points: readonly LinePoint[];
  readonly bounds: readonly BoundPoint[];
}

/** Everything one kind's row of panels shows. */
export interface KindPlot {
  readonly def: KindDef;
  /** Scenario names (or file names where the file names none), in order of appearance. */
  readonly scenarios: readonly string[];
  readonly legendTitle: string;
  /** Line names in order of first appearance, which is the legend's order. */
  readonly series: readonly string[];
  /** One entry per panel of the kind. */
  readonly panels: readonly PanelData[];
  /** The most and the fewest seeds any point is averaged over. */
  readonly maxSeeds: number;
  readonly minSeeds: number;
}

export interface PlotModel {
  readonly kinds: readonly KindPlot[];
  /** Things left out or clipped, one line each, for stderr. */
  readonly warnings: readonly string[];
}

interface Parsed {
  readonly raw: RawResult;
  /** Undefined where the file names none (JSON Lines of bare results). */
  readonly scenario: string | undefined;
  readonly seed: number | undefined;
  readonly r: ParsedResult;
}

const MAX_ISSUES = 10;

/** Groups results into lines (one per value of what varies besides x and the seed) and averages seeds. */
export function buildPlotModel(results: readonly RawResult[]): PlotModel {
  const warnings: string[] = [];
  const byKind = new Map<PlotKindName, Parsed[]>();
  const skipped = new Map<string, number>();
  const issues: InputIssue[] = [];
  for (const raw of results) {
    const workload = raw.value.workload as string;
    if (!isPlotKind(workload)) {
      skipped.set(workload, (skipped.get(workload) ?? 0) + 1);
      continue;
    }
    try {
      const r = KINDS[workload].parse(raw.value);
      const seed = typeof raw.value.seed === "number" ? raw.value.seed : undefined;
      const list = byKind.get(workload) ?? [];
      list.push({ raw, scenario: raw.scenario, seed, r });
      byKind.set(workload, list);
    } catch (e) {
      if (!(e instanceof z.ZodError)) throw e;
      for (const issue of e.issues) {
        const field = formatPath(issue.path);
        issues.push({ code: "invalid", file: raw.file, path: [raw.where, field].filter((s) => s !== "").join("."), message: `${workload} result: ${issue.message.replace(/^Invalid input: /, "")}` });
      }
    }
  }
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_ISSUES);
    if (issues.length > MAX_ISSUES) shown.push({ code: "invalid", file: issues[0].file, path: "", message: `and ${issues.length - MAX_ISSUES} more problems` });
    throw new InputError(shown);
  }
  const plottable = Object.keys(KINDS).join(", ");
  const skippedText = [...skipped].map(([w, n]) => `${n} ${w}`).join(", ");
  if (byKind.size === 0) {
    const files = [...new Set(results.map((r) => r.file))].join(", ");
    throw InputError.single("unsupported", files, "", `nothing to plot: found ${skippedText} results; tofusim plot draws ${plottable} results`);
  }
  if (skipped.size > 0) warnings.push(`left out ${skippedText} results (tofusim plot draws ${plottable} results)`);
  const drawn = [...byKind].map(([name, list]) => kindPlot(KINDS[name], list, warnings));
  const kinds = drawn.filter((k) => k.panels.some((p) => p.points.length > 0));
  if (kinds.length === 0) {
    const files = [...new Set(results.map((r) => r.file))].join(", ");
    throw InputError.single("unsupported", files, "", `nothing to plot: no result has a value to draw (${warnings.join("; ")})`);
  }
  return { kinds, warnings };
}

function kindPlot(def: KindDef, list: readonly Parsed[], warnings: string[]): KindPlot {
  // The scenario tells lines apart only when results come from several. Results without a
  // scenario name (one file per seed, say) are told apart by what they hold, not by file.
  const labelled = list.map((p) => ({ p, labels: [...(p.scenario === undefined ? [] : [["scenario", p.scenario] as const]), ...p.r.labels] }));
  const keys = [...new Set(labelled.flatMap((l) => l.labels.map(([k]) => k)))];
  const valueOf = (labels: readonly (readonly [string, string])[], key: string): string => labels.find(([k]) => k === key)?.[1] ?? "-";
  let shown = keys.filter((k) => def.alwaysLabelled.includes(k) || new Set(labelled.map((l) => valueOf(l.labels, k))).size > 1);
  if (shown.length === 0) shown = ["topology"];
  const boundKeys = shown.filter((k) => k !== def.boundIgnores);
  const lineOf = (labels: readonly (readonly [string, string])[]): string => shown.map((k) => valueOf(labels, k)).join(", ");
  const boundOf = (labels: readonly (readonly [string, string])[]): string => boundKeys.map((k) => valueOf(labels, k)).join(", ");

  // One sample per (line, x, seed): the same file given twice must not look like two seeds.
  const groups = new Map<string, { series: string; bound: string; x: number; members: Parsed[] }>();
  const seen = new Set<string>();
  let duplicates = 0;
  let deadlocked = 0;
  let offAxis = 0;
  for (const { p, labels } of labelled) {
    if (def.xLog && !(p.r.x > 0)) {
      offAxis++;
      continue;
    }
    const series = lineOf(labels);
    const id = JSON.stringify([series, p.r.x]);
    const sampleId = JSON.stringify([series, p.r.x, p.seed ?? null]);
    if (seen.has(sampleId)) {
      duplicates++;
      continue;
    }
    seen.add(sampleId);
    if (p.r.deadlocked) deadlocked++;
    const g = groups.get(id) ?? { series, bound: boundOf(labels), x: p.r.x, members: [] };
    g.members.push(p);
    groups.set(id, g);
  }
  if (duplicates > 0) warnings.push(`${def.name}: ${count(duplicates, "result")} repeat a point and seed already read (the same file twice?); each counted once`);
  if (offAxis > 0) warnings.push(`${def.name}: left out ${count(offAxis, "result")} with ${def.xKey} at or below zero (log axis)`);
  if (deadlocked > 0) warnings.push(`${def.name}: left out ${count(deadlocked, "result")} without a value (deadlocked)`);

  const panels = def.panels.map((panel, i): PanelData => {
    const points: LinePoint[] = [];
    let nonPositive = 0;
    let clipped = 0;
    let missing = 0;
    for (const g of groups.values()) {
      const samples = g.members.map((m) => m.r.ys[i]).filter((y): y is number => y !== null && Number.isFinite(y));
      const usable = panel.yLog ? samples.filter((y) => y > 0) : samples;
      nonPositive += samples.length - usable.length;
      missing += g.members.filter((m) => !m.r.deadlocked && !Number.isFinite(m.r.ys[i] ?? Number.NaN)).length;
      if (usable.length === 0) continue;
      const ci = meanInterval(usable);
      // A log axis cannot show an interval reaching zero: clip it at the mean's tenth.
      const lo = panel.yLog && ci.lo <= 0 ? ci.mean / 10 : ci.lo;
      if (lo !== ci.lo) clipped++;
      points.push({ series: g.series, x: g.x, mean: ci.mean, lo, hi: ci.hi, n: ci.n, saturated: g.members.some((m) => m.r.saturated) });
    }
    if (missing > 0) warnings.push(`${def.name}: left out ${count(missing, "result")} with no ${panel.yTitle}`);
    if (nonPositive > 0) warnings.push(`${def.name}: left out ${count(nonPositive, "value")} of ${panel.yTitle} at or below zero (log axis)`);
    if (clipped > 0) warnings.push(`${def.name}: the 95% interval of ${count(clipped, "point")} of ${panel.yTitle} reaches zero; drawn down to a tenth of the mean (log axis)`);
    return { points: sortByX(points), bounds: boundsOf(groups.values(), i, panel.bound === "upper") };
  });
  return {
    def,
    scenarios: [...new Set(list.map((p) => p.scenario ?? basename(p.raw.file)))],
    legendTitle: shown.join(", "),
    series: [...new Set([...groups.values()].map((g) => g.series))],
    panels,
    maxSeeds: Math.max(0, ...panels.flatMap((p) => p.points.map((q) => q.n))),
    minSeeds: Math.min(...panels.flatMap((p) => p.points.map((q) => q.n))),
  };
}

/**
 * One bound line per bound label. Results on one line share a bound by construction; should
 * two at the same x claim different ones, the loosest is drawn, so the line bounds them all.
 */
function boundsOf(groups: Iterable<{ bound: string; x: number; members: readonly Parsed[] }>, panel: number, upper: boolean): BoundPoint[] {
  const byKey = new Map<string, BoundPoint>();
  for (const g of groups) {
    for (const m of g.members) {
      const y = m.r.bounds[panel];
      if (y === null || !Number.isFinite(y) || y <= 0) continue;
      const id = JSON.stringify([g.bound, g.x]);
      const prev = byKey.get(id);
      if (prev === undefined || (upper ? y > prev.y : y < prev.y)) byKey.set(id, { bound: g.bound, x: g.x, y });
    }
  }
  return sortByX([...byKey.values()]);
}

function sortByX<T extends { x: number }>(points: T[]): T[] {
  return points.sort((a, b) => a.x - b.x);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
