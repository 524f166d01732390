import { describe, expect, it } from "vitest";
import { Simulator, type EventHandler } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork } from "../../src/network/index.js";
import { UpDownRouting, type CongestionView } from "../../src/routing/index.js";
import { FatTree } from "../../src/topology/index.js";

/** Watches what the packet network shows a routing bound to it. */
class Watching extends UpDownRouting {
  seen: CongestionView | undefined;
  override bindCongestion(view: CongestionView): void {
    super.bindCongestion(view);
    this.seen = view;
  }
}

describe("PacketNetwork as a CongestionView", () => {
  const tree = new FatTree({ children: [4, 4], parents: [1, 4] });

  it("binds itself to the routing it is built on", () => {
    const routing = new Watching(tree);
    const net = new PacketNetwork(new Simulator(), tree, routing, DEFAULT_NETWORK);
    expect(routing.seen).toBe(net);
  });

  it("shows the bytes queued for an output while a message streams through it, and none once everything is delivered", () => {
    const sim = new Simulator();
    const routing = new Watching(tree, { upPort: "d-mod-k" });
    const net = new PacketNetwork(sim, tree, routing, DEFAULT_NETWORK);
    net.setListener({ onDelivered: () => {} });
    // Endpoint 0 (leaf 0) sends 64 KiB to endpoint 13 (leaf 3): d-mod-k climbs through up port 13 mod 4 = 1.
    const samples: number[] = [];
    const probe: EventHandler = { handleEvent: () => void samples.push(net.outputQueueBytes(0, 1), net.outputQueueBytes(0, 0)) };
    const kind = sim.register(probe, 1);
    net.send(0, 13, 65_536, 0);
    for (const atNs of [500, 2000, 5000]) sim.schedule(atNs, kind);
    sim.run();
    for (let i = 0; i < samples.length; i += 2) {
      expect(samples[i]).toBeGreaterThan(0);
      expect(samples[i + 1]).toBe(0);
    }
    for (let r = 0; r < tree.routerCount; r++) for (let p = 0; p < tree.radix(r); p++) expect(net.outputQueueBytes(r, p)).toBe(0);
  });
});
