import { Simulator } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, PacketNetwork, type NetworkConfig } from "../../src/network/index.js";
import { DimensionOrderRouting, type DimensionOrderOptions } from "../../src/routing/index.js";
import { TorusTopology } from "../../src/topology/index.js";

export interface Built {
  readonly sim: Simulator;
  readonly topo: TorusTopology;
  readonly net: PacketNetwork;
  /** Delivery time of each token. */
  readonly deliveredAt: Map<number, number>;
}

export function build(topo: TorusTopology, config: Partial<NetworkConfig> = {}, routing: DimensionOrderOptions = {}): Built {
  const sim = new Simulator();
  const net = new PacketNetwork(sim, topo, new DimensionOrderRouting(topo, routing), { ...DEFAULT_NETWORK, ...config });
  const deliveredAt = new Map<number, number>();
  net.setListener({
    onDelivered: (token, now) => {
      if (deliveredAt.has(token)) throw new Error(`token ${token} delivered twice`);
      deliveredAt.set(token, now);
    },
  });
  return { sim, topo, net, deliveredAt };
}

export function torus(shape: readonly number[], wrap: boolean | boolean[] = true): TorusTopology {
  return new TorusTopology({ shape, wrap: Array.isArray(wrap) ? wrap : shape.map(() => wrap), axes: shape.map((_, i) => `D${i}`) });
}
