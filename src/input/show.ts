/** Longest rendering of a user's value inside a message, characters. */
const MAX_SHOWN = 80;

/**
 * A user's value as a message shows it: JSON where it is plain data, cut to MAX_SHOWN
 * characters, and safe for anything YAML can build (cycles through aliases, sets, buffers).
 */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = "nothing";
  else if (typeof value === "bigint") text = `${value}`;
  else if (typeof value === "number") text = Number.isFinite(value) ? JSON.stringify(value) : String(value);
  else if (value instanceof Map || value instanceof Set) text = `a ${value.constructor.name} of ${value.size}`;
  else if (ArrayBuffer.isView(value)) text = `${value.byteLength} bytes of binary data`;
  else {
    const seen = new WeakSet<object>();
    try {
      text =
        JSON.stringify(value, (_key, v: unknown) => {
          if (typeof v === "bigint") return `${v}`;
          if (typeof v === "object" && v !== null) {
            if (seen.has(v)) return "[cycle]";
            seen.add(v);
          }
          return v;
        }) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}… (${text.length.toLocaleString("en-US")} characters)` : text;
}
