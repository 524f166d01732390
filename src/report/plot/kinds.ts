import { z } from "zod";
import { formatBytes } from "../../input/units.js";

/** The workloads `tofusim plot` can draw. */
export type PlotKindName = "traffic" | "allreduce" | "put";

/** One panel: a y quantity against the kind's x. */
export interface PanelDef {
  readonly yTitle: string;
  readonly yLog: boolean;
  /** A dashed line of the results' bounds: time from below, bandwidth from above. */
  readonly bound?: "lower" | "upper";
  /** A dashed line y = x (accepted = offered). */
  readonly diagonal?: boolean;
}

/** One result reduced to what a plot needs. */
export interface ParsedResult {
  readonly x: number;
  /** One value per panel; null when the run has none (a deadlock, nothing delivered). */
  readonly ys: readonly (number | null)[];
  /** Per panel, the bound at this point (allreduce); null where there is none. */
  readonly bounds: readonly (number | null)[];
  readonly saturated: boolean;
  readonly deadlocked: boolean;
  /** What tells this result's line apart from others', in order: `[key, value]`. */
  readonly labels: readonly (readonly [string, string])[];
}

export interface KindDef {
  readonly name: PlotKindName;
  /** The sweep key (short form, without `workload.`) that is the x axis. */
  readonly xKey: string;
  readonly xTitle: string;
  readonly xLog: boolean;
  /** x is a size in bytes: ticks read 8 B, 64 KiB, 1 MiB. */
  readonly xBytes: boolean;
  /** Label keys that name every line even when they do not vary (an algorithm). */
  readonly alwaysLabelled: readonly string[];
  /** The label key the bound does not depend on: one bound line for all its values. */
  readonly boundIgnores: string | undefined;
  readonly panels: readonly PanelDef[];
  /** Throws a ZodError naming the fields that are missing or of the wrong type. */
  parse(value: unknown): ParsedResult;
}

const num = z.number();
// JSON has no NaN: a run without a value writes null.
const numOrNull = z.number().nullable();
const common = {
  topology: z.string(),
  seed: num.optional(),
  sweep: z.record(z.string(), z.unknown()).optional(),
  deadlock: z.unknown().optional(),
};

const trafficSchema = z.looseObject({
  ...common,
  pattern: z.string().optional(),
  messageBytes: num.optional(),
  offeredLoad: num,
  acceptedLoad: numOrNull,
  latencyNs: z.looseObject({ mean: numOrNull }).nullable(),
  saturated: z.boolean().optional(),
});

const allreduceSchema = z.looseObject({
  ...common,
  algorithm: z.string(),
  ranks: num,
  sizeBytes: num,
  timeUs: numOrNull,
  lowerBoundUs: numOrNull,
  busBandwidthGBps: numOrNull,
});

const putSchema = z.looseObject({
  ...common,
  from: z.array(num).optional(),
  to: z.array(num).optional(),
  sizeBytes: num,
  timeUs: numOrNull,
  bandwidthGBps: numOrNull,
});

const LOAD_UNIT = "fraction of link bandwidth";

export const KINDS: Readonly<Record<PlotKindName, KindDef>> = {
  traffic: {
    name: "traffic",
    xKey: "offeredLoad",
    xTitle: `offered load (${LOAD_UNIT})`,
    xLog: false,
    xBytes: false,
    alwaysLabelled: [],
    boundIgnores: undefined,
    panels: [
      { yTitle: "mean latency (ns)", yLog: true },
      { yTitle: `accepted load (${LOAD_UNIT})`, yLog: false, diagonal: true },
    ],
    parse(value) {
      const r = trafficSchema.parse(value);
      const dead = r.deadlock !== undefined && r.deadlock !== null;
      return {
        x: r.offeredLoad,
        ys: dead ? [null, null] : [r.latencyNs?.mean ?? null, r.acceptedLoad],
        bounds: [null, null],
        saturated: r.saturated === true,
        deadlocked: dead,
        labels: withSweep([["topology", r.topology], ...optional("pattern", r.pattern), ...optional("messageBytes", r.messageBytes, formatBytes)], r.sweep, "offeredLoad"),
      };
    },
  },
  allreduce: {
    name: "allreduce",
    xKey: "sizeBytes",
    xTitle: "allreduce size per rank (bytes)",
    xLog: true,
    xBytes: true,
    alwaysLabelled: ["algorithm"],
    boundIgnores: "algorithm",
    panels: [
      { yTitle: "time (µs)", yLog: true, bound: "lower" },
      // Log: bus bandwidth spans decades from 8 B to MiB, and the bound can sit far above.
      { yTitle: "bus bandwidth (GB/s)", yLog: true, bound: "upper" },
    ],
    parse(value) {
      const r = allreduceSchema.parse(value);
      const dead = (r.deadlock !== undefined && r.deadlock !== null) || r.timeUs === null;
      const bound = r.lowerBoundUs;
      // Bus bandwidth at the lower bound's time: size / time × 2(P−1)/P, as the runner defines busbw.
      const busBound = bound !== null && bound > 0 && r.ranks > 1 ? (r.sizeBytes / (bound * 1000)) * ((2 * (r.ranks - 1)) / r.ranks) : null;
      return {
        x: r.sizeBytes,
        ys: dead ? [null, null] : [r.timeUs, r.busBandwidthGBps],
        bounds: [bound, busBound],
        saturated: false,
        deadlocked: dead,
        labels: withSweep([["topology", r.topology], ["algorithm", r.algorithm]], r.sweep, "sizeBytes"),
      };
    },
  },
  put: {
    name: "put",
    xKey: "sizeBytes",
    xTitle: "message size (bytes)",
    xLog: true,
    xBytes: true,
    alwaysLabelled: [],
    boundIgnores: undefined,
    panels: [
      { yTitle: "time (µs)", yLog: true },
      { yTitle: "bandwidth (GB/s)", yLog: true },
    ],
    parse(value) {
      const r = putSchema.parse(value);
      const dead = (r.deadlock !== undefined && r.deadlock !== null) || r.timeUs === null;
      const pair = r.from !== undefined && r.to !== undefined ? [["pair", `(${r.from.join(",")}) to (${r.to.join(",")})`] as const] : [];
      return {
        x: r.sizeBytes,
        ys: dead ? [null, null] : [r.timeUs, r.bandwidthGBps],
        bounds: [null, null],
        saturated: false,
        deadlocked: dead,
        labels: withSweep([["topology", r.topology], ...pair], r.sweep, "sizeBytes"),
      };
    },
  },
};

export function isPlotKind(workload: string): workload is PlotKindName {
  return Object.hasOwn(KINDS, workload);
}

function optional<T>(key: string, v: T | undefined, show: (v: T) => string = String): (readonly [string, string])[] {
  return v === undefined ? [] : [[key, show(v)]];
}

/**
 * The result's own fields, then each swept value not already among them (keys without their
 * `workload.` prefix), leaving out the x axis and the seed (seeds are aggregated).
 */
function withSweep(fields: (readonly [string, string])[], sweep: Readonly<Record<string, unknown>> | undefined, xKey: string): (readonly [string, string])[] {
  const out = [...fields];
  for (const [key, v] of Object.entries(sweep ?? {})) {
    const short = key.startsWith("workload.") ? key.slice("workload.".length) : key;
    if (short === xKey || short === "seed" || out.some(([k]) => k === short)) continue;
    out.push([short, typeof v === "number" && /Bytes$/.test(short) ? formatBytes(v) : typeof v === "string" ? v : JSON.stringify(v)]);
  }
  return out;
}
