import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dragonfly, FatTree, TopologyKindError, TorusTopology } from "../../src/topology/index.js";
import { digitTransposeDestinations, groupShiftDestinations } from "../../src/workload/adversarial-patterns.js";
import { arbDragonfly } from "../support/switched-arbitraries.js";

const torus = new TorusTopology({ shape: [4, 4], wrap: [true, true], axes: ["X", "Y"] });

describe("adversarial patterns", () => {
  it("property: group-shift sends every endpoint to its own position in the next group, a permutation", () => {
    fc.assert(
      fc.property(arbDragonfly(200), (t) => {
        const table = groupShiftDestinations(t);
        const seen = new Set<number>();
        for (let s = 0; s < t.endpointCount; s++) {
          const d = table[s];
          if (t.groups === 1) {
            expect(d).toBe(-1);
            continue;
          }
          const [gs, ...rest] = t.endpointCoordinates(s);
          const [gd, ...restD] = t.endpointCoordinates(d);
          expect(gd).toBe((gs + 1) % t.groups);
          expect(restD).toEqual(rest);
          seen.add(d);
        }
        if (t.groups > 1) expect(seen.size).toBe(t.endpointCount);
      }),
    );
  });

  it("digit-transpose swaps x₁ and x_h of the XGFT tuple (a permutation; the endpoints where they agree send nothing)", () => {
    for (const t of [new FatTree({ children: [8, 8], parents: [1, 8] }), new FatTree({ children: [3, 2, 3], parents: [1, 3, 2] })]) {
      const table = digitTransposeDestinations(t);
      const h = t.levels;
      for (let s = 0; s < t.endpointCount; s++) {
        const c = t.endpointCoordinates(s);
        if (c[0] === c[h - 1]) {
          expect(table[s]).toBe(-1);
          continue;
        }
        const swapped = [...c];
        [swapped[0], swapped[h - 1]] = [c[h - 1], c[0]];
        expect(t.endpointCoordinates(table[s])).toEqual(swapped);
        expect(table[table[s]]).toBe(s);
      }
    }
  });

  it("refuses a topology of another kind, or a fat tree whose leaf and top arities differ", () => {
    expect(() => groupShiftDestinations(torus)).toThrow(TopologyKindError);
    expect(() => digitTransposeDestinations(new Dragonfly({ groups: 3, routersPerGroup: 2, endpointsPerRouter: 1, globalLinksPerRouter: 1 }))).toThrow(/needs a fat-tree/);
    expect(() => digitTransposeDestinations(new FatTree({ children: [4, 8], parents: [1, 4] }))).toThrow(/children\[0\] = children\[h−1\]/);
    expect(() => digitTransposeDestinations(new FatTree({ children: [4], parents: [1] }))).toThrow(/at least two levels/);
  });
});
