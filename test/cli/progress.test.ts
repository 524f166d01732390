import { describe, expect, it } from "vitest";
import { Progress } from "../../src/cli/exec/progress.js";
import type { PointResult } from "../../src/scenario/runner.js";

describe("the progress line", () => {
  it("shows each running point's simulated time against its expected time, and counts its share in the time left", () => {
    const p = new Progress(4, "never", "s");
    p.pointProgress("0/0", "point 1", 10e6, { simulatedNs: 5e6, events: 1000 });
    const line = p.line();
    expect(line).toMatch(/^s: 0\/4 points; point 1 at 5\.00 ms of ~10\.0 ms simulated, /);
    // Half a point done of four: something is left, so an estimate is shown.
    expect(line).toMatch(/about .* left$/);
    p.pointDone("0/0", { events: 2000 } as PointResult);
    expect(p.line()).toMatch(/^s: 1\/4 points, /);
    expect(p.line()).not.toMatch(/simulated/);
  });

  it("names at most two running points and counts the rest", () => {
    const p = new Progress(9, "never", "s");
    for (let i = 0; i < 4; i++) p.pointProgress(`0/${i}`, `point ${i + 1}`, 1e3, { simulatedNs: 1e2, events: 1 });
    expect(p.line()).toMatch(/point 1 at 100 ns of ~1\.00 us simulated, point 2 at 100 ns of ~1\.00 us simulated \(\+2 more\)/);
  });
});
