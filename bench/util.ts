export interface Timed<T> {
  readonly value: T;
  readonly seconds: number;
}

export function timeIt<T>(fn: () => T): Timed<T> {
  const start = process.hrtime.bigint();
  const value = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { value, seconds };
}

export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`\n${title}`);
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

export function peakMemoryMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
