import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALLREDUCE_ALGORITHMS, allreduceLowerBoundNs, placementDiameterHops, runAllreduce } from "../../src/collectives/index.js";
import { Simulator } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork, type NetworkConfig } from "../../src/network/index.js";
import { DimensionOrderRouting } from "../../src/routing/index.js";
import { placementFor, torus } from "./support.js";

describe("allreduce over the packet-level network", () => {
  it("property: every algorithm ends with the exact sum and never beats the lower bound (injection = interfaces × link bandwidth, hop = router + link, base = NIC + router)", () => {
    const topology = torus([4, 4, 4]);
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLREDUCE_ALGORITHMS),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 6000 }),
        fc.constantFrom("linear" as const, "random" as const),
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.integer({ min: 8, max: 2048 }), { nil: undefined }),
        (algorithm, p, sizeBytes, kind, injectionPorts, segmentBytes) => {
          const config: NetworkConfig = { ...DEFAULT_NETWORK, injectionPorts, nicLatencyNs: 20 };
          const network = new PacketNetwork(new Simulator(), topology, new DimensionOrderRouting(topology, {}), config);
          const placement = placementFor(kind, p, topology);
          const r = runAllreduce({ transport: network, placement, algorithm, sizeBytes, options: { verify: true, segmentBytes } });
          expect(r.verified).toBe(true);
          const bound = allreduceLowerBoundNs({
            rankCount: p,
            sizeBytes,
            injectionBandwidthBytesPerNs: config.linkBandwidthGBps * injectionPorts,
            diameterHops: placementDiameterHops(topology, placement),
            perHopLatencyNs: config.routerLatencyNs + config.linkLatencyNs,
            baseLatencyNs: config.nicLatencyNs + config.routerLatencyNs,
          });
          expect(r.timeNs).toBeGreaterThanOrEqual(bound);
        },
      ),
      { numRuns: 60 },
    );
  });
});
