import type { Simulator } from "../engine/index.js";
import type { NetworkModel } from "../network/index.js";
import { TorusTopology, type Topology } from "../topology/index.js";

export interface InjectionResult {
  readonly neighbors: number;
  readonly sizeBytes: number;
  /** First byte handed to a NIC to the last byte delivered anywhere. */
  readonly timeUs: number;
  /** neighbors × sizeBytes / time: the node's injection bandwidth. */
  readonly bandwidthGBps: number;
  readonly events: number;
}

/**
 * At most `count` distinct endpoints near `node`: on a mesh/torus its neighbours in port order
 * (X+, X−, Y+, …); elsewhere the nearest other endpoints by hop count, lowest id first.
 */
export function neighborsOf(topology: Topology, node: number, count: number): number[] {
  const out: number[] = [];
  if (topology instanceof TorusTopology) {
    for (let port = 0; port < topology.portCount && out.length < count; port++) {
      const m = topology.neighbor(node, port);
      if (m >= 0 && !out.includes(m)) out.push(m);
    }
    return out;
  }
  const others = Array.from({ length: topology.endpointCount }, (_, e) => e).filter((e) => e !== node);
  const distance = others.map((e) => topology.distance(node, e));
  const order = others.map((_, i) => i).sort((a, b) => distance[a] - distance[b] || others[a] - others[b]);
  return order.slice(0, count).map((i) => others[i]);
}

/**
 * The injection microbenchmark: `node` sends `sizeBytes` to each of `count` neighbours at
 * once, message i through NIC i, as Tofu-D's measurement with all six TNIs does.
 */
export function runInjection(sim: Simulator, net: NetworkModel, node: number, count: number, sizeBytes: number): InjectionResult {
  const targets = neighborsOf(net.topology, node, count);
  let lastNs = 0;
  net.setListener({ onDelivered: (_token, nowNs) => (lastNs = Math.max(lastNs, nowNs)) });
  const startNs = sim.nowNs;
  targets.forEach((dst, i) => net.send(node, dst, sizeBytes, i, i));
  sim.run();
  net.stuck();
  const timeNs = lastNs - startNs;
  return {
    neighbors: targets.length,
    sizeBytes,
    timeUs: timeNs / 1000,
    bandwidthGBps: timeNs > 0 ? (targets.length * sizeBytes) / timeNs : 0,
    events: sim.events,
  };
}
