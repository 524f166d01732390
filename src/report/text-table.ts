/** Renders rows as an aligned text table; the first row is the header. Numbers align right. */
export function renderTable(rows: readonly (readonly string[])[], rightAlign?: readonly boolean[]): string {
  if (rows.length === 0) return "";
  const columns = rows[0].length;
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const right = rightAlign ?? Array.from({ length: columns }, (_, c) => rows.slice(1).every((r) => /^[-+]?[0-9.,]+(e[-+]?\d+)?\s*\S*$/.test(r[c] ?? "") && /^[-+]?[0-9]/.test(r[c] ?? "")));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  const out = [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join("\n") + "\n";
}
