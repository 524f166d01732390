import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowTable, MaxMinSolver, type RateSink } from "../../src/network/index.js";
import { ACTIVE, E_RES, EL, F_ELEM_START, F_STATE, F_WEIGHT, FF, FI } from "../../src/network/flow/flow-table.js";

interface FlowSpec {
  readonly resources: readonly number[];
  readonly weight?: number;
}

/** A solver over `capacities` with `flows` attached and solved; flow i has id ids[i]. */
function system(capacities: readonly number[], flows: readonly FlowSpec[]): { table: FlowTable; solver: MaxMinSolver; ids: number[]; changed: number[] } {
  const table = new FlowTable(Float64Array.from(capacities));
  const solver = new MaxMinSolver(table);
  const ids = flows.map((spec) => add(table, solver, spec));
  const changed: number[] = [];
  solver.solve(recorder(changed));
  return { table, solver, ids, changed };
}

function add(table: FlowTable, solver: MaxMinSolver, spec: FlowSpec): number {
  const f = table.allocate(spec.resources.length);
  spec.resources.forEach((r, k) => table.setResource(f, k, r));
  table.ff[f * FF + F_WEIGHT] = spec.weight ?? 1;
  table.fi[f * FI + F_STATE] = ACTIVE;
  table.attach(f);
  solver.markDirty(spec.resources[0]);
  return f;
}

function remove(table: FlowTable, solver: MaxMinSolver, f: number): void {
  const start = table.fi[f * FI + F_ELEM_START];
  const resources = Array.from({ length: table.fi[f * FI + 1] }, (_, k) => table.el[(start + k) * EL + E_RES]);
  table.detach(f);
  table.release(f);
  for (const r of resources) if (table.flowsOn(r) > 0) solver.markDirty(r);
}

function recorder(changed: number[]): RateSink {
  return { rateChanged: (f) => changed.push(f) };
}

/** Random systems: up to 12 resources of capacity 1–10, up to 14 flows over 1–4 distinct resources, weights 1–4. */
const arbSystem = fc.integer({ min: 1, max: 12 }).chain((resources) =>
  fc.record({
    capacities: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: resources, maxLength: resources }),
    flows: fc.array(
      fc.record({
        resources: fc.uniqueArray(fc.integer({ min: 0, max: resources - 1 }), { minLength: 1, maxLength: Math.min(4, resources) }),
        weight: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength: 1, maxLength: 14 },
    ),
  }),
);

/** Checks the defining property of weighted max-min fairness (to a relative tolerance). */
function expectMaxMinFair(capacities: readonly number[], flows: readonly FlowSpec[], rates: readonly number[]): void {
  const eps = 1e-9;
  const load = capacities.map(() => 0);
  flows.forEach((f, i) => f.resources.forEach((r) => (load[r] += rates[i])));
  // Feasible: no resource carries more than its capacity.
  load.forEach((l, r) => expect(l).toBeLessThanOrEqual(capacities[r] * (1 + eps)));
  // Every flow has a bottleneck: a full resource on which no flow gets more per unit of weight.
  flows.forEach((f, i) => {
    const normalized = rates[i] / (f.weight ?? 1);
    const bottleneck = f.resources.some(
      (r) =>
        load[r] >= capacities[r] * (1 - eps) &&
        flows.every((g, j) => !g.resources.includes(r) || rates[j] / (g.weight ?? 1) <= normalized * (1 + eps)),
    );
    expect(bottleneck).toBe(true);
  });
}

describe("MaxMinSolver: golden rates", () => {
  it("a lone flow gets the smallest capacity on its route", () => {
    const { table, ids } = system([5, 2, 7], [{ resources: [0, 1, 2] }]);
    expect(table.rate(ids[0])).toBe(2);
  });

  it("n flows of equal weight on one resource of capacity C get C/n each", () => {
    const { table, ids } = system([6], [{ resources: [0] }, { resources: [0] }, { resources: [0] }]);
    for (const f of ids) expect(table.rate(f)).toBeCloseTo(2, 12);
  });

  it("weights: flows sharing a bottleneck get rates in proportion to their weights (w = 1 and 2 on C = 3: 1 and 2)", () => {
    const { table, ids } = system([3], [{ resources: [0], weight: 1 }, { resources: [0], weight: 2 }]);
    expect(table.rate(ids[0])).toBeCloseTo(1, 12);
    expect(table.rate(ids[1])).toBeCloseTo(2, 12);
  });

  it("a flow held back elsewhere leaves the rest of a shared resource to the others (C = 1 and 10: rates 1 and 9, not 5 and 5)", () => {
    const { table, ids } = system([1, 10], [{ resources: [0, 1] }, { resources: [1] }]);
    expect(table.rate(ids[0])).toBeCloseTo(1, 12);
    expect(table.rate(ids[1])).toBeCloseTo(9, 12);
  });

  it("ties: resources that fill at the same level give all their flows that level (two links of 4 with two flows each, one flow on both: 2, 2, 2)", () => {
    const { table, ids } = system([4, 4], [{ resources: [0] }, { resources: [0, 1] }, { resources: [1] }]);
    for (const f of ids) expect(table.rate(f)).toBeCloseTo(2, 12);
  });

  it("only flows whose rate changed are reported", () => {
    const { table, solver, ids, changed } = system([4, 4], [{ resources: [0] }, { resources: [1] }]);
    expect(changed.sort()).toEqual([...ids].sort());
    changed.length = 0;
    // A third flow joins resource 1: the flow alone on resource 0 keeps its rate.
    const f = add(table, solver, { resources: [1] });
    solver.solve(recorder(changed));
    expect(changed.sort()).toEqual([ids[1], f].sort());
    expect(table.rate(ids[0])).toBe(4);
  });
});

describe("MaxMinSolver: properties", () => {
  it("property: rates are weighted max-min fair (feasible, and every flow has a full bottleneck where no flow gets more per weight)", () => {
    fc.assert(
      fc.property(arbSystem, ({ capacities, flows }) => {
        const { table, ids } = system(capacities, flows);
        expectMaxMinFair(capacities, flows, ids.map((f) => table.rate(f)));
      }),
      { numRuns: 300 },
    );
  });

  it("property: rates do not depend on the order flows were added (ties broken by rule, not by order)", () => {
    fc.assert(
      fc.property(arbSystem, fc.integer(), ({ capacities, flows }, seed) => {
        const order = flows.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        const a = system(capacities, flows);
        const b = system(capacities, order.map((i) => flows[i]));
        order.forEach((i, k) => expect(b.table.rate(b.ids[k])).toBeCloseTo(a.table.rate(a.ids[i]), 9));
      }),
      { numRuns: 200 },
    );
  });

  it("property: re-solving only the components a change touched gives the rates of solving everything afresh", () => {
    fc.assert(
      fc.property(arbSystem, fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }), ({ capacities, flows }, leaves) => {
        // Add the flows one at a time, solving after each; then remove some, solving after each.
        const table = new FlowTable(Float64Array.from(capacities));
        const solver = new MaxMinSolver(table);
        const sink = recorder([]);
        const ids = flows.map((spec) => {
          const f = add(table, solver, spec);
          solver.solve(sink);
          return f;
        });
        const kept: number[] = [];
        flows.forEach((_, i) => {
          if (leaves[i]) {
            remove(table, solver, ids[i]);
            solver.solve(sink);
          } else kept.push(i);
        });
        const fresh = system(capacities, kept.map((i) => flows[i]));
        kept.forEach((i, k) => expect(table.rate(ids[i])).toBeCloseTo(fresh.table.rate(fresh.ids[k]), 9));
      }),
      { numRuns: 200 },
    );
  });
});
