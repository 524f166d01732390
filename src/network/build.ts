import type { Simulator } from "../engine/index.js";
import type { Routing } from "../routing/index.js";
import type { NetworkConfig } from "./config.js";
import { FlowNetwork } from "./flow/flow-network.js";
import { IdealNetwork } from "./ideal.js";
import { classZeroLoadNs, hasClassTiming, linkTiming } from "./link-classes.js";
import type { NetworkModel, NetworkModelKind } from "./model.js";
import { PacketNetwork } from "./packet/network.js";

export interface NetworkModelSpec {
  readonly model: NetworkModelKind;
  readonly config: NetworkConfig;
}

/**
 * The network model a scenario asks for, on `routing`'s topology. `flow` routes each message
 * as `packet` does and shares bandwidth max-min fairly among whole messages. `ideal` takes the same
 * parameters as `packet`, so that a lone message takes exactly the packet model's zero-load
 * time: a NIC latency and a router at each end, a router and a wire per hop, the bytes and
 * their packet headers at link bandwidth, one message at a time per NIC.
 */
export function buildNetworkModel(sim: Simulator, routing: Routing, spec: NetworkModelSpec): NetworkModel {
  const c = spec.config;
  switch (spec.model) {
    case "packet":
      return new PacketNetwork(sim, routing.topology, routing, c);
    case "flow":
      return new FlowNetwork(sim, routing.topology, routing, c);
    case "ideal": {
      // Link classes: the NICs' rate, and each route's own latencies (a lower bound for routings that draw their route).
      const timing = linkTiming(routing.topology, c);
      const classes = hasClassTiming(c, timing);
      return new IdealNetwork(sim, routing.topology, {
        hopLatencyNs: c.routerLatencyNs + c.linkLatencyNs,
        baseLatencyNs: c.nicLatencyNs + c.routerLatencyNs,
        bandwidthBytesPerNs: timing.endpointBandwidthGBps,
        ...(classes ? { pathLatencyNs: (src: number, dst: number) => classZeroLoadNs(c, timing, routing, src, dst, 0, 0) } : {}),
        injectionPorts: c.injectionPorts,
        packets: { payloadBytes: c.packetPayloadBytes, headerBytes: c.packetHeaderBytes },
      });
    }
  }
}
