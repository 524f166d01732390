/**
 * Renders rows as an aligned text table; the first `headerRows` rows are the header, ruled
 * off below. Columns of numbers align right.
 */
export function renderTable(rows: readonly (readonly string[])[], rightAlign?: readonly boolean[], headerRows = 1): string {
  if (rows.length === 0) return "";
  const columns = rows[0].length;
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const right = rightAlign ?? Array.from({ length: columns }, (_, c) => rows.slice(headerRows).every((r) => /^[-+]?[0-9.,]+(e[-+]?\d+)?\s*\S*$/.test(r[c] ?? "") && /^[-+]?[0-9]/.test(r[c] ?? "")));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  const out = rows.slice(0, headerRows).map(line);
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(headerRows)) out.push(line(r));
  return out.join("\n") + "\n";
}
