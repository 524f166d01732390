import { z } from "zod";
import { showValue } from "./show.js";

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

const TIME_UNITS_NS: Record<string, number> = {
  NS: 1,
  US: 1e3,
  MS: 1e6,
  S: 1e9,
};

const QUANTITY = /^\s*([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*([a-zA-Zµ]+)?\s*$/;

function parseQuantity(text: string, units: Record<string, number>, defaultUnit: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? defaultUnit).toUpperCase().replace("µ", "U");
  const scale = units[unit];
  if (scale === undefined) return undefined;
  return Number(m[1]) * scale;
}

/**
 * Longest time any input may give: 10^12 ns, 1,000 simulated seconds — far beyond what a
 * packet-level run reaches (a second of a large machine is billions of events), and small
 * enough that float64 nanoseconds still resolve 10^-4 ns at the end of it and that sums and
 * products of times and sizes over rates stay finite.
 */
export const MAX_TIME_NS = 1e12;

/** Largest size any input may give: 1 TiB (2^40 bytes; element offsets stay exact far beyond). */
export const MAX_SIZE_BYTES = 2 ** 40;

/** Bandwidths are between 1 kB/s and 1 PB/s (10^-6 and 10^6 GB/s), so that times stay finite. */
export const MIN_BANDWIDTH_GBPS = 1e-6;
export const MAX_BANDWIDTH_GBPS = 1e6;

/** `64KiB`, `1MiB`, `1.5MB`, `2048` (bytes) → bytes, unrounded; undefined when not a finite size. */
function rawSizeBytes(value: string | number): number | undefined {
  const n = typeof value === "number" ? value : parseQuantity(value, SIZE_UNITS, "B");
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** `64KiB`, `1MiB`, `1.5MB`, `2048` (bytes) → whole bytes. */
export function parseSizeBytes(value: string | number): number | undefined {
  const n = rawSizeBytes(value);
  return n === undefined ? undefined : Math.round(n) + 0;
}

/** `2us`, `100ns`, `1.5ms`, `250` (ns) → nanoseconds. */
export function parseTimeNs(value: string | number): number | undefined {
  const n = typeof value === "number" ? value : parseQuantity(value, TIME_UNITS_NS, "NS");
  return n !== undefined && Number.isFinite(n) ? n + 0 : undefined;
}

/** An issue that `validate` reports as `out-of-range` rather than `invalid`. */
function outOfRange(ctx: z.core.$RefinementCtx, message: string): void {
  ctx.addIssue({ code: "custom", message, params: { code: "out-of-range" } });
}

/** A size in bytes, as a number or a string with a unit (B, KB, MB, GB, KiB, MiB, GiB), at most MAX_SIZE_BYTES. */
export const sizeBytes = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = rawSizeBytes(v);
  if (n === undefined) {
    ctx.addIssue({ code: "custom", message: `expected a size such as 1920, "64KiB" or "1MiB", found ${showValue(v)}` });
    return z.NEVER;
  }
  // Checked before rounding: -0.3 is a mistake, not 0 bytes.
  if (n < 0) {
    outOfRange(ctx, `expected a size ≥ 0, found ${showValue(v)}`);
    return z.NEVER;
  }
  if (n > MAX_SIZE_BYTES) {
    outOfRange(ctx, `expected at most 1 TiB (${MAX_SIZE_BYTES} bytes), found ${showValue(v)}`);
    return z.NEVER;
  }
  return Math.round(n) + 0;
});

/** A duration in ns, as a number or a string with a unit (ns, us, ms, s), 0 to MAX_TIME_NS. */
export const timeNs = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseTimeNs(v);
  if (n === undefined) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as 100, "2us" or "1ms", found ${showValue(v)}` });
    return z.NEVER;
  }
  if (n < 0) {
    outOfRange(ctx, `expected a duration ≥ 0, found ${showValue(v)}`);
    return z.NEVER;
  }
  if (n > MAX_TIME_NS) {
    outOfRange(ctx, `expected at most 1000 s (${MAX_TIME_NS} ns), found ${showValue(v)}`);
    return z.NEVER;
  }
  return n;
});

/** A bandwidth in GB/s (= bytes/ns), between MIN_BANDWIDTH_GBPS and MAX_BANDWIDTH_GBPS. */
export const bandwidthGBps = z.number().min(MIN_BANDWIDTH_GBPS).max(MAX_BANDWIDTH_GBPS);

/** Formats bytes the way users write them: 8 B, 64 KiB, 16 MiB. */
export function formatBytes(n: number): string {
  for (const [unit, scale] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (n >= scale && n % scale === 0) return `${n / scale} ${unit}`;
  }
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KiB`;
  return `${n} B`;
}

/** A whole number of bytes, from `min` to `max` (default MAX_SIZE_BYTES), written as a size. */
export const wholeBytes = (min: number, max = MAX_SIZE_BYTES) => sizeBytes.pipe(z.int().min(min).max(max));

/** 3 decimals below 10, fewer above: 0.490, 12.35, 1234.6; "-" for NaN. */
export function fixedSignificant(x: number): string {
  if (Number.isNaN(x)) return "-";
  if (x >= 1000) return x.toFixed(1);
  if (x >= 10) return x.toFixed(2);
  return x.toFixed(3);
}
