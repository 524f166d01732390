import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FatTree } from "../../src/topology/index.js";
import { arbFatTree } from "../support/switched-arbitraries.js";

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

describe("FatTree", () => {
  it("XGFT(2; 8,8; 1,8) (SimGrid's 2;8,8;1,8): 64 endpoints, 8 leaves and 8 spines, each leaf's up port y to spine y, 128 links, diameter 2", () => {
    const t = new FatTree({ children: [8, 8], parents: [1, 8] });
    expect([t.endpointCount, t.routerCount, t.linkCount, t.diameter, t.maxRadix]).toEqual([64, 16, 128, 2, 8]);
    expect(t.describeShape()).toBe("XGFT(2; 8,8; 1,8)");
    for (let leaf = 0; leaf < 8; leaf++) {
      expect(t.radix(leaf)).toBe(8);
      for (let y = 0; y < 8; y++) {
        expect(t.neighbor(leaf, y)).toBe(8 + y);
        expect(t.arrivalPort(leaf, y)).toBe(leaf);
        expect(t.describePort(leaf, y)).toBe(`up ${y}`);
        expect(t.describePort(8 + y, leaf)).toBe(`down ${leaf}`);
      }
    }
    // Endpoint e sits under leaf ⌊e/8⌋ at position e mod 8.
    expect(t.endpointCoordinates(19)).toEqual([3, 2]);
    expect(t.endpointRouter(19, 0)).toBe(2);
  });

  it("property: level ℓ has ∏_{i≤ℓ} wᵢ · ∏_{i>ℓ} mᵢ switches with m_ℓ·p_ℓ down and w_{ℓ+1}·p_{ℓ+1} up ports; endpoints are ∏ mᵢ", () => {
    fc.assert(
      fc.property(arbFatTree(64, 200), (t) => {
        const { children: m, parents: w, parallel: p, levels: h } = t;
        expect(t.endpointCount).toBe(product(m));
        let links = 0;
        for (let level = 1; level <= h; level++) {
          const count = product(m.map((mi, i) => (i + 1 <= level ? w[i] : mi)));
          expect(t.levelStart(level + 1) - t.levelStart(level)).toBe(count);
          const down = level >= 2 ? m[level - 1] * p[level - 1] : 0;
          const up = level < h ? w[level] * p[level] : 0;
          for (let r = t.levelStart(level); r < t.levelStart(level + 1); r++) {
            expect(t.level(r)).toBe(level);
            expect(t.radix(r)).toBe(down + up);
          }
          links += count * (down + up);
        }
        expect(t.linkCount).toBe(links);
      }),
    );
  });

  it("property: a link joins a level-(ℓ−1) switch to a level-ℓ one whose labels differ only in digit ℓ, each such pair by exactly p_ℓ links, all of one class", () => {
    fc.assert(
      fc.property(arbFatTree(64, 200), (t) => {
        const pairs = new Map<string, number>();
        for (let link = 0; link < t.linkCount; link++) {
          const r = t.linkSource(link);
          const n = t.neighbor(r, t.linkPort(link));
          const [lower, upper] = t.level(r) < t.level(n) ? [r, n] : [n, r];
          const level = t.level(upper);
          expect(t.level(lower)).toBe(level - 1);
          for (let i = 1; i <= t.levels; i++) if (i !== level) expect(t.digit(lower, i)).toBe(t.digit(upper, i));
          expect(t.linkClass(link)).toBe(level - 1);
          expect(t.linkClassNames[t.linkClass(link)]).toBe(`level${level - 1}`);
          const key = `${lower}-${upper}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
        // Each pair is counted once per direction.
        for (const [key, count] of pairs) {
          const upper = Number(key.split("-")[1]);
          expect(count).toBe(2 * t.parallel[t.level(upper) - 1]);
        }
      }),
    );
  });

  it("property: an endpoint attaches w₁·p₁ times, to its w₁ leaves (attachment i to the leaf with y₁ = i mod w₁), whose digits above 1 are its own", () => {
    fc.assert(
      fc.property(arbFatTree(64, 200), (t) => {
        const w1 = t.parents[0];
        for (let e = 0; e < t.endpointCount; e++) {
          expect(t.endpointAttachments(e)).toBe(w1 * t.parallel[0]);
          const coords = t.endpointCoordinates(e);
          for (let i = 0; i < t.endpointAttachments(e); i++) {
            const leaf = t.endpointRouter(e, i);
            expect(t.level(leaf)).toBe(1);
            expect(t.digit(leaf, 1)).toBe(i % w1);
            for (let d = 2; d <= t.levels; d++) expect(t.digit(leaf, d)).toBe(coords[d - 1]);
          }
        }
      }),
    );
  });

  it("a tapered tree XGFT(2; 8,8; 1,4) has leaves with 4 up ports and 4 spines of 8 down ports", () => {
    const t = new FatTree({ children: [8, 8], parents: [1, 4] });
    expect(t.routerCount).toBe(12);
    expect(t.radix(0)).toBe(4);
    expect(t.radix(8)).toBe(8);
    expect(t.linkCount).toBe(64);
  });

  it("with parallel links, the ports of a pair are its copies: up port y + c·w, down port x + c·m (SimGrid's children and parents arrays)", () => {
    const t = new FatTree({ children: [2, 3], parents: [1, 2], parallel: [1, 2] });
    expect(t.describeShape()).toBe("PGFT(2; 2,3; 1,2; 1,2)");
    // Leaf 1 (x₂ = 1): up ports y + 2c reach spine y; they arrive on down port 1 + 3c.
    const spines = t.levelStart(2);
    expect([0, 1, 2, 3].map((u) => t.neighbor(1, u))).toEqual([spines, spines + 1, spines, spines + 1]);
    expect([0, 1, 2, 3].map((u) => t.arrivalPort(1, u))).toEqual([1, 1, 4, 4]);
  });

  it("several parents per endpoint (w₁ = 2) make two planes that share no switch", () => {
    const t = new FatTree({ children: [4, 4], parents: [2, 4] });
    expect(t.routerCount).toBe(2 * 4 + 2 * 4);
    for (let link = 0; link < t.linkCount; link++) {
      const r = t.linkSource(link);
      expect(t.digit(t.neighbor(r, t.linkPort(link)), 1)).toBe(t.digit(r, 1));
    }
  });

  it("refuses a malformed shape, naming the field", () => {
    expect(() => new FatTree({ children: [], parents: [] })).toThrow(/at least one level/);
    expect(() => new FatTree({ children: [8, 8], parents: [1] })).toThrow(/parents must have one entry per level/);
    expect(() => new FatTree({ children: [8, 0], parents: [1, 8] })).toThrow(/children\[1\] must be a positive integer/);
    expect(() => new FatTree({ children: [8, 8], parents: [1, 8], parallel: [1, 1.5] })).toThrow(/parallel\[1\]/);
  });
});
