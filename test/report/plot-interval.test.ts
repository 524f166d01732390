import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meanInterval, studentT975 } from "../../src/report/plot/interval.js";

describe("Student t quantile t(0.975, df)", () => {
  it("is the handbook's 12.706 at df = 1 and tends to the normal 1.95996 as df grows", () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(1_000_000)).toBeCloseTo(1.959964, 5);
  });

  it("the expansion beyond the table continues it: |t(31) − t(30)| is under the table's step", () => {
    // The table steps 0.003 from df 29 to 30; the expansion must not jump more than that.
    expect(studentT975(30) - studentT975(31)).toBeGreaterThan(0);
    expect(studentT975(30) - studentT975(31)).toBeLessThan(0.003);
  });

  it("decreases with the degrees of freedom", () => {
    for (let df = 1; df < 200; df++) expect(studentT975(df + 1)).toBeLessThan(studentT975(df));
  });

  it("refuses degrees of freedom that are not positive integers", () => {
    expect(() => studentT975(0)).toThrow(RangeError);
    expect(() => studentT975(1.5)).toThrow(RangeError);
  });
});

describe("mean with a 95% interval", () => {
  it("is mean ± t(0.975, n−1)·s/√n (samples 1, 2, 3: 2 ± 4.303/√3)", () => {
    const ci = meanInterval([1, 2, 3]);
    expect(ci.mean).toBe(2);
    expect(ci.hi - ci.mean).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(ci.mean - ci.lo).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(ci.n).toBe(3);
  });

  it("has zero width for one sample and for equal samples", () => {
    expect(meanInterval([5])).toEqual({ mean: 5, lo: 5, hi: 5, n: 1 });
    const same = meanInterval([4, 4, 4, 4]);
    expect(same.hi - same.lo).toBe(0);
  });

  it("contains the mean, symmetrically, and the mean lies between the least and greatest sample", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), (xs) => {
        const ci = meanInterval(xs);
        const tol = 1e-9 * (1 + Math.max(...xs.map(Math.abs)));
        expect(ci.lo).toBeLessThanOrEqual(ci.mean + tol);
        expect(ci.hi).toBeGreaterThanOrEqual(ci.mean - tol);
        expect(Math.abs(ci.hi - ci.mean - (ci.mean - ci.lo))).toBeLessThanOrEqual(tol);
        expect(ci.mean).toBeGreaterThanOrEqual(Math.min(...xs) - tol);
        expect(ci.mean).toBeLessThanOrEqual(Math.max(...xs) + tol);
      }),
    );
  });
});
