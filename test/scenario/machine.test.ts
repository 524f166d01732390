import { describe, expect, it } from "vitest";
import { errorOf, tempWriter } from "../support/files.js";
import { requireTorus } from "../../src/topology/index.js";
import { loadMachineFile, machineNames, resolveMachine } from "../../src/scenario/machine.js";

const write = tempWriter("tofusim-preset-");

describe("topology presets", () => {
  it("loads every bundled preset, each with a source", () => {
    const names = machineNames();
    for (const required of ["fugaku", "k-computer", "tofu-unit", "torus-4x4x4", "torus-8x8", "mesh-4x4", "bgq-5d"]) {
      expect(names).toContain(required);
    }
    for (const name of names) {
      const p = resolveMachine(name);
      expect(p.name).toBe(name);
      expect(p.source.length).toBeGreaterThan(5);
    }
  });

  it("gives fugaku 24x23x24x2x3x2 with ring X, Y, Z, B and order X,Y,Z,A,C,B", () => {
    const p = resolveMachine("fugaku");
    expect(requireTorus(p.topology, "test").shape).toEqual([24, 23, 24, 2, 3, 2]);
    expect(requireTorus(p.topology, "test").ring).toEqual([true, true, true, false, true, false]);
    expect(p.routingOrder.map((a) => requireTorus(p.topology, "test").axes[a]).join("")).toBe("XYZACB");
  });

  it("names the file, the field and what was expected for each problem, all at once", () => {
    const f = write(
      "bad.yaml",
      "name: bad\ndescription: x\nsource: y\ntopology:\n  shape: [4, 0, 4]\n  wrap: [true, true]\n  axes: [X, Y, Z]\n  colour: red\n",
    );
    const err = errorOf(() => loadMachineFile(f));
    const lines = err.message.split("\n");
    expect(lines.some((l) => l.startsWith(`${f}: topology.shape[1]: `) && /1/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${f}: topology`) && /colour/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it("reports wrap and axes lengths that do not match the shape", () => {
    const f = write("len.yaml", "name: n\ndescription: d\nsource: s\ntopology: { shape: [4, 4], wrap: [true], axes: [X, Y, Z] }\n");
    const msg = errorOf(() => loadMachineFile(f)).message;
    expect(msg).toContain(`${f}: topology.wrap: expected 2 entries`);
    expect(msg).toContain(`${f}: topology.axes: expected 2 names`);
  });

  it("reports a routing order naming an unknown axis", () => {
    const f = write("order.yaml", "name: n\ndescription: d\nsource: s\ntopology: { shape: [4, 4], wrap: true, axes: [X, Y] }\nrouting: { order: [X, Q] }\n");
    expect(errorOf(() => loadMachineFile(f)).message).toContain(`${f}: routing.order[1]: expected one of the axes X, Y, found Q`);
  });

  it("reports YAML syntax errors with the line", () => {
    const f = write("syntax.yaml", "name: n\ntopology: { shape: [4, 4\n");
    expect(errorOf(() => loadMachineFile(f)).message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: line \\d+, column \\d+: not valid YAML`));
  });

  it("reports an unknown preset name with the list of presets", () => {
    expect(errorOf(() => resolveMachine("fugak")).message).toMatch(/--topology: expected a preset name \(.*fugaku.*\) or a topology file, found "fugak"/);
  });
});
