import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { InputError } from "../../src/input/errors.js";
import { validate } from "../../src/input/parse.js";
import { MAX_SIZE_BYTES, MAX_TIME_NS, bandwidthGBps, sizeBytes, timeNs, wholeBytes } from "../../src/input/units.js";

function codeOf(schema: z.ZodType, value: unknown): string {
  try {
    validate(z.strictObject({ v: schema }), { v: value }, "f");
  } catch (e) {
    if (e instanceof InputError) return e.issues[0].code;
    throw e;
  }
  return "ok";
}

describe("sizes, times and rates", () => {
  it("refuses a negative size before rounding it (-0.3 bytes is a mistake, not 0)", () => {
    expect(codeOf(sizeBytes, -0.3)).toBe("out-of-range");
    expect(codeOf(wholeBytes(0), -0.4)).toBe("out-of-range");
    expect(codeOf(sizeBytes, 0.4)).toBe("ok");
    expect(codeOf(timeNs, -1e-9)).toBe("out-of-range");
  });

  it(`refuses times above ${MAX_TIME_NS} ns and sizes above 1 TiB, and anything not finite`, () => {
    expect(codeOf(timeNs, MAX_TIME_NS)).toBe("ok");
    expect(codeOf(timeNs, "1001s")).toBe("out-of-range");
    expect(codeOf(timeNs, "1e400ns")).toBe("invalid");
    expect(codeOf(timeNs, Infinity)).toBe("invalid");
    expect(codeOf(timeNs, Number.NaN)).toBe("invalid");
    expect(codeOf(sizeBytes, MAX_SIZE_BYTES)).toBe("ok");
    expect(codeOf(sizeBytes, "1025GiB")).toBe("out-of-range");
    expect(codeOf(bandwidthGBps, 1e-320)).toBe("out-of-range");
    expect(codeOf(bandwidthGBps, 1e300)).toBe("out-of-range");
  });

  it("property: every accepted size is a whole number of bytes in 0..1 TiB, every time finite in 0..10^12 ns", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.string(), fc.integer()), (v) => {
        const size = sizeBytes.safeParse(v);
        if (size.success) expect(Number.isInteger(size.data) && size.data >= 0 && size.data <= MAX_SIZE_BYTES && !Object.is(size.data, -0)).toBe(true);
        const time = timeNs.safeParse(v);
        if (time.success) expect(time.data >= 0 && time.data <= MAX_TIME_NS && !Object.is(time.data, -0)).toBe(true);
      }),
    );
  });
});
