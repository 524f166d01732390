import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/index.js";

const draw = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.next());

describe("Rng", () => {
  it("property: the same seed and stream name give the same sequence", () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, name) => {
        expect(draw(Rng.fromSeed(seed).stream(name), 20)).toEqual(draw(Rng.fromSeed(seed).stream(name), 20));
      }),
    );
  });

  it("different seeds give different sequences", () => {
    expect(draw(Rng.fromSeed(1), 10)).not.toEqual(draw(Rng.fromSeed(2), 10));
  });

  it("streams are independent: drawing from one does not shift another", () => {
    const a = Rng.fromSeed(7);
    const expected = draw(a.stream("traffic"), 10);
    const b = Rng.fromSeed(7);
    draw(b.stream("placement"), 1000);
    expect(draw(b.stream("traffic"), 10)).toEqual(expected);
    expect(draw(Rng.fromSeed(7).stream("placement"), 10)).not.toEqual(expected);
  });

  it("int, exponential and bernoulli stay in range with plausible means", () => {
    const r = Rng.fromSeed(3);
    let sumExp = 0;
    let ones = 0;
    for (let i = 0; i < 20000; i++) {
      const k = r.int(10);
      expect(Number.isInteger(k) && k >= 0 && k < 10).toBe(true);
      const x = r.exponential(2);
      expect(x).toBeGreaterThanOrEqual(0);
      sumExp += x;
      if (r.bernoulli(0.25)) ones++;
    }
    expect(sumExp / 20000).toBeGreaterThan(1.9);
    expect(sumExp / 20000).toBeLessThan(2.1);
    expect(ones / 20000).toBeGreaterThan(0.23);
    expect(ones / 20000).toBeLessThan(0.27);
  });

  it("shuffle returns a permutation", () => {
    const a = Rng.fromSeed(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
