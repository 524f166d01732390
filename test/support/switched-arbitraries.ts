import fc from "fast-check";
import { DRAGONFLY_ARRANGEMENTS, Dragonfly, FatTree } from "../../src/topology/index.js";

/** Random XGFTs of 1–3 levels (parallel links and several leaves per endpoint included), capped in endpoints and switches. */
export function arbFatTree(maxEndpoints = 32, maxRouters = 64): fc.Arbitrary<FatTree> {
  return fc
    .integer({ min: 1, max: 3 })
    .chain((h) =>
      fc.record({
        children: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: h, maxLength: h }),
        parents: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: h, maxLength: h }),
        parallel: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: h, maxLength: h }),
      }),
    )
    .filter(({ children, parents }) => {
      const endpoints = children.reduce((a, b) => a * b, 1);
      let routers = 0;
      for (let level = 1; level <= children.length; level++) {
        routers += children.reduce((n, m, i) => n * (i + 1 <= level ? parents[i] : m), 1);
      }
      return endpoints <= maxEndpoints && routers <= maxRouters;
    })
    .map((spec) => new FatTree(spec));
}

/** Random dragonflies, maximal or with fewer groups, any arrangement, capped in endpoints. */
export function arbDragonfly(maxEndpoints = 40): fc.Arbitrary<Dragonfly> {
  return fc
    .record({
      a: fc.integer({ min: 1, max: 4 }),
      h: fc.integer({ min: 1, max: 3 }),
      p: fc.integer({ min: 1, max: 2 }),
      spread: fc.boolean(),
      arrangement: fc.constantFrom(...DRAGONFLY_ARRANGEMENTS),
    })
    .chain((r) => fc.record({ r: fc.constant(r), g: fc.integer({ min: 1, max: r.a * r.h + 1 }) }))
    .map(({ r, g }) => ({ ...r, g, k: r.spread && r.a % 2 === 0 ? 2 : 1 }))
    .filter(({ a, p, g, k }) => (g * a * p) / k <= maxEndpoints)
    .map(
      ({ a, h, p, g, k, arrangement }) =>
        new Dragonfly({ groups: g, routersPerGroup: a, endpointsPerRouter: p, globalLinksPerRouter: h, arrangement, attachmentsPerEndpoint: k }),
    );
}
