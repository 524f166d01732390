import type { Simulator } from "../engine/index.js";
import type { NetworkModel } from "../network/index.js";

export interface PutResult {
  readonly sizeBytes: number;
  readonly hops: number;
  /** First byte handed to the NIC to last byte delivered. */
  readonly timeUs: number;
  /** sizeBytes / time. */
  readonly bandwidthGBps: number;
  readonly events: number;
}

/** One message from `src` to `dst` on an idle network: the put microbenchmark. */
export function runPut(sim: Simulator, net: NetworkModel, src: number, dst: number, sizeBytes: number): PutResult {
  let doneNs = -1;
  net.setListener({ onDelivered: (_token, nowNs) => (doneNs = nowNs) });
  const startNs = sim.nowNs;
  net.send(src, dst, sizeBytes, 0);
  sim.run();
  net.stuck();
  const timeNs = doneNs - startNs;
  return {
    sizeBytes,
    hops: net.topology.distance(src, dst),
    timeUs: timeNs / 1000,
    bandwidthGBps: timeNs > 0 ? sizeBytes / timeNs : 0,
    events: sim.events,
  };
}
