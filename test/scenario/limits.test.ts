import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, type InputIssue } from "../../src/input/errors.js";
import { MAX_SWEEP_POINTS } from "../../src/input/sweep.js";
import { loadScenario, scenarioFromData, type ScenarioOverrides } from "../../src/scenario/scenario.js";
import { runPoint, type ResultOf } from "../../src/scenario/runner.js";
import { MAX_AXES } from "../../src/topology/index.js";

const dir = mkdtempSync(join(tmpdir(), "tofusim-limits-"));

function issuesOf(data: unknown, overrides: ScenarioOverrides = {}): readonly InputIssue[] {
  try {
    scenarioFromData(data, "s.yaml", overrides);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  throw new Error("expected an InputError");
}

const put = { type: "put", from: 0, to: 1, sizeBytes: 8 };
const traffic = { type: "traffic", pattern: "uniform", messageBytes: 1920, offeredLoad: 0.1, measureNs: "10us" };

describe("a clean answer at the edges of the format", () => {
  it(`refuses more than ${MAX_AXES} axes as out of range, inline or in an allocation`, () => {
    const shape = new Array<number>(MAX_AXES + 1).fill(1);
    expect(issuesOf({ name: "t", topology: { shape, wrap: false }, workload: put })[0]).toMatchObject({ code: "out-of-range", path: "topology.shape" });
    expect(issuesOf({ name: "t", topology: "torus-4x4x4", allocation: { shape }, workload: put })[0]).toMatchObject({ code: "out-of-range", path: "allocation.shape" });
    expect(scenarioFromData({ name: "t", topology: { shape: new Array<number>(MAX_AXES).fill(1), wrap: false }, workload: { ...put, to: 0 } }, "s.yaml").points).toHaveLength(1);
  });

  it("sweeps over null: a free reduction against a finite one, labelled null", () => {
    const s = scenarioFromData({ name: "t", topology: "torus-4x4x4", host: { reduceBandwidthGBps: [null, 10] }, workload: { type: "allreduce", algorithm: "ring", sizeBytes: 8, ranks: 4 } }, "s.yaml");
    expect(s.points.map((p) => p.sweep)).toEqual([{ "host.reduceBandwidthGBps": null }, { "host.reduceBandwidthGBps": 10 }]);
    expect(s.points.map((p) => p.machine.host.reduceBandwidthGBps)).toEqual([null, 10]);
    expect(runPoint(s.points[0]).sweep).toEqual({ "host.reduceBandwidthGBps": null });
  });

  it("refuses an empty list of auto rules as out of range", () => {
    expect(issuesOf({ name: "t", topology: "torus-4x4x4", collectives: { auto: [] }, workload: { type: "allreduce", algorithm: "auto", sizeBytes: 8 } })).toEqual([
      { code: "out-of-range", file: "s.yaml", path: "collectives.auto", message: "expected array to have >=1 items, found []" },
    ]);
  });

  it("refuses times, sizes and rates whose products would leave the finite range", () => {
    const cases: [unknown, string][] = [
      [{ name: "t", topology: "torus-4x4x4", workload: { ...traffic, measureNs: 1e308 } }, "workload.measureNs"],
      [{ name: "t", topology: "torus-4x4x4", workload: { ...traffic, offeredLoad: 1e-300 } }, "workload.offeredLoad"],
      [{ name: "t", topology: "torus-4x4x4", network: { linkLatencyNs: 1e308 }, workload: put }, "network.linkLatencyNs"],
      [{ name: "t", topology: "torus-4x4x4", network: { linkBandwidthGBps: 1e-320 }, workload: put }, "network.linkBandwidthGBps"],
      [{ name: "t", topology: "torus-4x4x4", host: { sendOverheadNs: "1e20s" }, workload: put }, "host.sendOverheadNs"],
      [{ name: "t", topology: "torus-4x4x4", workload: { ...put, sizeBytes: "1025GiB" } }, "workload.sizeBytes"],
    ];
    for (const [data, path] of cases) expect(issuesOf(data)[0]).toMatchObject({ code: "out-of-range", path });
  });

  it("refuses, for the packet model only, a deadlock timeout shorter than one packet's hop, naming the field", () => {
    const issues = issuesOf({ name: "t", topology: "torus-4x4x4", network: { deadlockTimeoutNs: "10ns" }, workload: put });
    expect(issues[0]).toMatchObject({ code: "invalid", path: "network.deadlockTimeoutNs" });
    expect(issues[0].message).toMatch(/at least one packet's hop/);
    expect(scenarioFromData({ name: "t", topology: "torus-4x4x4", network: { model: "ideal", deadlockTimeoutNs: "10ns" }, workload: put }, "s.yaml").points).toHaveLength(1);
  });

  it("refuses a VC buffer of 2 GiB or more (the packet model's credits are 32-bit), naming the field", () => {
    expect(issuesOf({ name: "t", topology: "torus-4x4x4", network: { bufferBytesPerVc: "2GiB" }, workload: put })[0]).toMatchObject({ path: "network.bufferBytesPerVc" });
  });

  it("refuses a message of more than 2^31 − 1 packets (the packet network counts them in 32 bits)", () => {
    const issues = issuesOf({ name: "t", topology: "torus-4x4x4", network: { packetPayloadBytes: 1, packetHeaderBytes: 0 }, workload: { ...put, sizeBytes: "4GiB" } }, { maxMemoryBytes: Infinity });
    expect(issues[0]).toMatchObject({ code: "out-of-range", path: "workload.sizeBytes" });
  });

  it("refuses a measurement window the clock cannot resolve after its warm-up (utilisation would be 0/0)", () => {
    expect(issuesOf({ name: "t", topology: "torus-4x4x4", workload: { ...traffic, warmupNs: "1000s", measureNs: 1e-6 } })[0]).toMatchObject({ code: "out-of-range", path: "workload.measureNs" });
    const r = runPoint(scenarioFromData({ name: "t", topology: "torus-4x4x4", workload: { ...traffic, warmupNs: "1us", measureNs: 0.001 } }, "s.yaml").points[0]) as ResultOf<"traffic">;
    expect(Number.isFinite(r.maxLinkUtilization) && Number.isFinite(r.acceptedLoad)).toBe(true);
  });

  it("runs an allreduce of 16 GiB, whose 2^31 elements no longer fit an int32 offset", () => {
    // 2 ranks on the contention-free model: recursive doubling sends the whole vector once each way.
    const s = scenarioFromData({ name: "t", topology: { shape: [2], wrap: false }, network: { model: "ideal", packetPayloadBytes: "512MiB", bufferBytesPerVc: "1GiB" }, workload: { type: "allreduce", algorithm: "recursive-doubling", sizeBytes: "16GiB" } }, "s.yaml");
    const r = runPoint(s.points[0]) as ResultOf<"allreduce">;
    expect(r.messages).toBe(2);
    expect(r.timeUs).toBeCloseTo(r.analyticUs, 3);
  });
});

describe("scenarios given as JavaScript data", () => {
  it("leaves the machine's value where an override key holds undefined", () => {
    const p = scenarioFromData({ name: "t", topology: { shape: [4], wrap: true }, network: { packetPayloadBytes: undefined, virtualChannels: undefined }, host: { sendOverheadNs: undefined }, workload: put }, "s.yaml").points[0];
    expect(p.machine.network.packetPayloadBytes).toBe(1920);
    expect(p.machine.network.virtualChannels).toBe(4);
    expect(p.machine.host.sendOverheadNs).toBe(0);
  });
});

describe("refusing work too large to do, before doing any of it", () => {
  it(`counts a sweep's points before expanding it and refuses more than ${MAX_SWEEP_POINTS}, naming the swept fields`, () => {
    const loads = Array.from({ length: 1000 }, (_, i) => (i + 1) / 1000);
    const data = { name: "t", seed: Array.from({ length: 100 }, (_, i) => i), topology: "torus-4x4x4", workload: { ...traffic, offeredLoad: loads, messageBytes: Array.from({ length: 100 }, (_, i) => i + 1) } };
    const issues = issuesOf(data);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "too-large", path: "seed" });
    expect(issues[0].message).toMatch(/10,000,000 .*seed \(100\) × workload\.messageBytes \(100\) × workload\.offeredLoad \(1000\)/);
    expect(issuesOf({ ...data, seed: 1, workload: { ...traffic, offeredLoad: loads } }, { maxPoints: 999 })[0]).toMatchObject({ code: "too-large" });
  });

  it("refuses a 500×500×100 torus by its estimate, before allocating its tables", () => {
    const before = process.memoryUsage().arrayBuffers;
    const issues = issuesOf({ name: "t", topology: { shape: [500, 500, 100], wrap: true }, workload: traffic }, { maxMemoryBytes: 4e9 });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50e6);
    expect(issues[0]).toMatchObject({ code: "too-large", path: "topology" });
    expect(issues[0].message).toMatch(/needs an estimated \d+(\.\d+)? GB .* 25,000,000 nodes.*the limit is 4\.00 GB/);
  });

  it("refuses a preset whose tables exceed the limit, and names the estimate's parts for a point that does not fit", () => {
    const issues = issuesOf({ name: "t", topology: "fugaku", workload: put }, { maxMemoryBytes: 100e6 });
    expect(issues[0]).toMatchObject({ code: "too-large", file: "s.yaml", path: "topology" });
    expect(issues[0].message).toMatch(/needs an estimated 3\d\d MB \(topology \d+(\.\d+)? MB, network 3\d\d MB, workload \d+ kB\), but the limit is 100 MB/);
    const tiny = issuesOf({ name: "t", topology: "fugaku", workload: put }, { maxMemoryBytes: 1e6 });
    expect(tiny[0]).toMatchObject({ code: "too-large" });
  });

  it("refuses data-mode vectors that do not fit: ranks × elements × 8 bytes, named as the workload's", () => {
    const issues = issuesOf({ name: "t", topology: "torus-16x16x16", workload: { type: "allreduce", algorithm: "ring", sizeBytes: "64MiB", verify: true } }, { maxMemoryBytes: 8e9 });
    expect(issues[0]).toMatchObject({ code: "too-large", path: "workload" });
    expect(issues[0].message).toMatch(/workload 2\d\d GB/);
    // The same job without data mode fits.
    expect(scenarioFromData({ name: "t", topology: "torus-16x16x16", workload: { type: "allreduce", algorithm: "ring", sizeBytes: "64MiB" } }, "s.yaml", { maxMemoryBytes: 8e9 }).points).toHaveLength(1);
  });

  it("refuses pipelining in segments so small that their messages in flight do not fit", () => {
    const issues = issuesOf({ name: "t", topology: "torus-4x4x4", workload: { type: "allreduce", algorithm: "ring", sizeBytes: "1GiB", segmentBytes: 8 } }, { maxMemoryBytes: 2e9 });
    expect(issues[0]).toMatchObject({ code: "too-large" });
  });
});

describe("scenario files from editors", () => {
  it("accepts $schema in a JSON scenario", () => {
    const f = join(dir, "s.json");
    writeFileSync(f, JSON.stringify({ $schema: "https://example.org/tofusim.schema.json", name: "t", topology: "torus-4x4x4", workload: put }));
    expect(loadScenario(f).points).toHaveLength(1);
  });

  it("names a missing topology file as no such file, under the scenario's topology field", () => {
    const f = join(dir, "missing-topo.yaml");
    writeFileSync(f, "name: t\ntopology: ./nowhere.yaml\nworkload: { type: put, from: 0, to: 1, sizeBytes: 8 }\n");
    try {
      loadScenario(f);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).issues[0]).toMatchObject({ code: "unreadable", file: f, path: "topology" });
      expect((e as InputError).issues[0].message).toMatch(/nowhere\.yaml: no such file/);
    }
  });
});
