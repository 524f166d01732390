import type { Simulator } from "../engine/index.js";
import type { Network } from "../network/index.js";

export interface InjectionResult {
  readonly neighbors: number;
  readonly sizeBytes: number;
  /** First byte handed to a NIC to the last byte delivered anywhere. */
  readonly timeUs: number;
  /** neighbors × sizeBytes / time: the node's injection bandwidth. */
  readonly bandwidthGBps: number;
  readonly events: number;
}

/** The distinct neighbours of `node`, in port order (X+, X−, Y+, …), at most `count`. */
export function neighborsOf(net: Network, node: number, count: number): number[] {
  const out: number[] = [];
  for (let port = 0; port < net.topology.portCount && out.length < count; port++) {
    const m = net.topology.neighbor(node, port);
    if (m >= 0 && !out.includes(m)) out.push(m);
  }
  return out;
}

/**
 * The injection microbenchmark: `node` sends `sizeBytes` to each of `count` neighbours at
 * once, message i through NIC i, as Tofu-D's measurement with all six TNIs does.
 */
export function runInjection(sim: Simulator, net: Network, node: number, count: number, sizeBytes: number): InjectionResult {
  const targets = neighborsOf(net, node, count);
  let lastNs = 0;
  net.setListener({ onDelivered: (_token, nowNs) => (lastNs = Math.max(lastNs, nowNs)) });
  const startNs = sim.nowNs;
  targets.forEach((dst, i) => net.send(node, dst, sizeBytes, i, i));
  sim.run();
  net.checkStuck();
  const timeNs = lastNs - startNs;
  return {
    neighbors: targets.length,
    sizeBytes,
    timeUs: timeNs / 1000,
    bandwidthGBps: timeNs > 0 ? (targets.length * sizeBytes) / timeNs : 0,
    events: sim.events,
  };
}
