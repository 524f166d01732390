import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { editDistance, nearest } from "../../src/input/suggest.js";

describe("did-you-mean", () => {
  const keys = ["linkBandwidthGBps", "linkLatencyNs", "routerLatencyNs", "virtualChannels", "injectionPorts"];

  it("prefers the same name in another case, then the closest within a third of its length", () => {
    expect(nearest("linkbandwidthgbps", keys)).toBe("linkBandwidthGBps");
    expect(nearest("virtualChanels", keys)).toBe("virtualChannels");
    expect(nearest("injectoinPorts", keys)).toBe("injectionPorts");
    expect(nearest("bandwidth", keys)).toBeUndefined();
  });

  it("property: the edit distance is a metric that counts a swap of neighbours as one edit", () => {
    const word = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
        // Optimal string alignment only satisfies a weak triangle inequality.
        expect(editDistance(a, c)).toBeLessThanOrEqual(2 * (editDistance(a, b) + editDistance(b, c)));
      }),
    );
    expect(editDistance("ab", "ba")).toBe(1);
  });
});
