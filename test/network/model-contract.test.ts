import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/engine/index.js";
import { IdealNetwork, buildNetworkModel, type DeliveryListener, type NetworkModelKind } from "../../src/network/index.js";
import { DRAGONFLY_ALGORITHMS, DimensionOrderRouting, DragonflyRouting, UP_PORT_POLICIES, UpDownRouting, type Routing } from "../../src/routing/index.js";
import { arbTopology } from "../support/arbitraries.js";
import { MODEL_LAWS, type ModelFactory, type ModelSubject } from "../support/model-contract.js";
import { StarRouting, StarTopology } from "../support/star.js";
import { arbDragonfly, arbFatTree } from "../support/switched-arbitraries.js";

const MODELS: readonly NetworkModelKind[] = ["packet", "flow", "ideal"];

const factory = (model: NetworkModelKind): ModelFactory => (sim, routing, config) => buildNetworkModel(sim, routing, { model, config });

/**
 * Small tori and meshes with 1–3 NICs, a star whose hub has 130 ports (a router without
 * endpoints), fat trees with each up-port policy and dragonflies with each routing.
 */
const arbRouted: fc.Arbitrary<{ routing: Routing; nics: number; name: string }> = fc.oneof(
  fc.tuple(arbTopology(64, 3, 5).filter((t) => t.endpointCount > 1), fc.integer({ min: 1, max: 3 })).map(([t, nics]) => ({ routing: new DimensionOrderRouting(t), nics, name: t.describeShape() })),
  fc.constant({ routing: new StarRouting(new StarTopology(130)), nics: 1, name: "star(130)" }),
  fc
    .tuple(arbFatTree(64, 64).filter((t) => t.endpointCount > 1), fc.constantFrom(...UP_PORT_POLICIES), fc.integer({ min: 1, max: 3 }))
    .map(([t, upPort, nics]) => ({ routing: new UpDownRouting(t, { upPort }), nics, name: `${t.describeShape()} ${upPort}` })),
  fc
    .tuple(arbDragonfly(64).filter((t) => t.endpointCount > 1), fc.constantFrom(...DRAGONFLY_ALGORITHMS), fc.integer({ min: 1, max: 3 }))
    .map(([t, algorithm, nics]) => ({ routing: new DragonflyRouting(t, { algorithm }), nics, name: `${t.describeShape()} ${algorithm}` })),
);

for (const model of MODELS) {
  describe(`NetworkModel contract: ${model}`, () => {
    for (const [law, check] of Object.entries(MODEL_LAWS)) {
      it(`property: ${law}`, () => {
        fc.assert(
          fc.property(arbRouted, fc.integer({ min: 0, max: 10_000 }), ({ routing, nics }, seed) => {
            const subject: ModelSubject = { build: factory(model), routing, config: { injectionPorts: nics, virtualChannels: 4 }, seed };
            check(subject);
          }),
          { numRuns: 15 },
        );
      });
    }
  });
}

/** Delivers sooner than the zero-load time it states (as a model that skipped its latency would). */
class HastyNetwork extends IdealNetwork {
  override zeroLoadLatencyNs(src: number, dst: number, sizeBytes: number): number {
    return super.zeroLoadLatencyNs(src, dst, sizeBytes) * 1.25 + 1;
  }
}

/** Tells its listener of every delivery twice. */
class StutteringNetwork extends IdealNetwork {
  override setListener(listener: DeliveryListener): void {
    super.setListener({
      onDelivered: (token, nowNs) => {
        listener.onDelivered(token, nowNs);
        listener.onDelivered(token, nowNs);
      },
    });
  }
}

describe("NetworkModel contract: a deliberately broken model fails it", () => {
  const law = MODEL_LAWS["every message is delivered exactly once, never before its zero-load time, and its payload is counted once"];
  const subject = (build: ModelFactory): ModelSubject => ({ build, routing: new StarRouting(new StarTopology(6)), config: {}, seed: 3 });
  const options = { hopLatencyNs: 100, baseLatencyNs: 50, bandwidthBytesPerNs: 2 };
  it("rejects a model that delivers before its zero-load time", () => {
    expect(() => law(subject((sim: Simulator, r) => new HastyNetwork(sim, r.topology, options)))).toThrow();
  });
  it("rejects a model that delivers a message twice", () => {
    expect(() => law(subject((sim: Simulator, r) => new StutteringNetwork(sim, r.topology, options)))).toThrow();
  });
});
