import { z } from "zod";

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

/** `64KiB`, `1MiB`, `1.5MB`, `2048` (bytes) → whole bytes. */
export function parseSizeBytes(value: string | number): number | undefined {
  const n = typeof value === "number" ? value : parseQuantity(value, SIZE_UNITS, "B");
  return n !== undefined && Number.isFinite(n) ? Math.round(n) : undefined;
}

/** `2us`, `100ns`, `1.5ms`, `250` (ns) → nanoseconds. */
export function parseTimeNs(value: string | number): number | undefined {
  const n = typeof value === "number" ? value : parseQuantity(value, TIME_UNITS_NS, "NS");
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** A size in bytes, as a number or a string with a unit (B, KB, MB, GB, KiB, MiB, GiB). */
export const sizeBytes = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseSizeBytes(v);
  if (n === undefined || n < 0) {
    ctx.addIssue({ code: "custom", message: `expected a size such as 1920, "64KiB" or "1MiB", found ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/** A duration in ns, as a number or a string with a unit (ns, us, ms, s). */
export const timeNs = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseTimeNs(v);
  if (n === undefined || n < 0) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as 100, "2us" or "1ms", found ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/** Formats bytes the way users write them: 8 B, 64 KiB, 16 MiB. */
export function formatBytes(n: number): string {
  for (const [unit, scale] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (n >= scale && n % scale === 0) return `${n / scale} ${unit}`;
  }
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KiB`;
  return `${n} B`;
}

/** A whole number of bytes, at least `min`, written as a size. */
export const wholeBytes = (min: number) => sizeBytes.pipe(z.int().min(min));

/** 3 decimals below 10, fewer above: 0.490, 12.35, 1234.6; "-" for NaN. */
export function fixedSignificant(x: number): string {
  if (Number.isNaN(x)) return "-";
  if (x >= 1000) return x.toFixed(1);
  if (x >= 10) return x.toFixed(2);
  return x.toFixed(3);
}
