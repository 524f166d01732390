import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeparableRoundRobin } from "../../src/network/packet/arbitration.js";

describe("Arbitration: separable round-robin", () => {
  it("property: an output looks first at the input after its last winner, wrapping at the mask's range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (words, winners) => {
        const range = words * 32;
        const rr = new SeparableRoundRobin(4, range, 4);
        expect(rr.firstInput(2)).toBe(1); // before any grant, as if input 0 had won last
        for (const w of winners) {
          const input = w % range;
          rr.granted(2, input, 0, 0);
          expect(rr.firstInput(2)).toBe(input + 1 === range ? 0 : input + 1);
        }
        expect(rr.firstInput(1)).toBe(1); // other outputs keep their own pointer
      }),
    );
  });

  it("property: an input looks first at the VC after the one that last went", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (vcs, grants) => {
        const rr = new SeparableRoundRobin(3, 32, vcs);
        for (const g of grants) {
          const vc = g % vcs;
          rr.granted(0, 5, 1, vc);
          expect(rr.firstVc(1)).toBe((vc + 1) % vcs);
          expect(rr.firstVc(2)).toBe(0);
        }
      }),
    );
  });
});
