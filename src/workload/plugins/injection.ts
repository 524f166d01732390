import { z } from "zod";
import { SWEEP_NOTE, sweep } from "../../input/sweep.js";
import { fixedSignificant, formatBytes, wholeBytes } from "../../input/units.js";
import { nodeRef } from "../node-ref.js";
import { defineWorkload } from "../plugin.js";
import { runInjection } from "../injection.js";

const schema = z
  .strictObject({
    type: z.literal("injection").describe("injection: one node sends to several neighbours at once, one NIC each."),
    from: nodeRef.describe('The sending node: its id or coordinates such as "0,0,0".'),
    neighbors: sweep(z.int().min(1).max(64)).describe(`How many distinct neighbours to send to at once, one NIC each: a count from 1 to 64 (at most network.injectionPorts). ${SWEEP_NOTE}`),
    sizeBytes: sweep(wholeBytes(0)).describe(`Size of each message, bytes: a number or a size such as "1MiB". ${SWEEP_NOTE}`),
  })
  .describe("The injection microbenchmark: a node's total injection bandwidth.");

export interface InjectionSpec {
  readonly from: number;
  readonly neighbors: number;
  readonly sizeBytes: number;
}

/** The injection microbenchmark: one node sends to several neighbours at once, one NIC each. */
export const injectionWorkload = defineWorkload({
  type: "injection",
  schema,
  resolve(input, ctx): InjectionSpec | undefined {
    const from = ctx.endpoint(input.from, "workload.from");
    if (input.neighbors > ctx.network.injectionPorts) {
      ctx.issue("unsupported", "workload.neighbors", `expected at most network.injectionPorts = ${ctx.network.injectionPorts} (one NIC per neighbour), found ${input.neighbors}`);
      return undefined;
    }
    return from === undefined ? undefined : { from, neighbors: input.neighbors, sizeBytes: input.sizeBytes };
  },
  estimate(spec, ctx) {
    const units = spec.neighbors * ctx.unitsPerMessage(spec.sizeBytes);
    return {
      messages: spec.neighbors,
      units,
      unitHops: units,
      messagesInFlight: spec.neighbors,
      largestMessageBytes: spec.sizeBytes,
      simulatedNs: ctx.zeroLoadNs(1, spec.sizeBytes),
      events: spec.neighbors,
      bytes: 0,
    };
  },
  run(spec, { sim, net }) {
    return { from: net.topology.endpointCoordinates(spec.from), ...runInjection(sim, net, spec.from, spec.neighbors, spec.sizeBytes) };
  },
  columns: [
    { header: "neighbors", csv: "neighbors", value: (r) => r.neighbors },
    { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
    { header: "time us", csv: "timeUs", value: (r) => r.timeUs, text: (r) => fixedSignificant(r.timeUs) },
    { header: "bandwidth GB/s", csv: "bandwidthGBps", value: (r) => r.bandwidthGBps, text: (r) => r.bandwidthGBps.toFixed(3) },
    { header: "events", csv: "events", value: (r) => r.events },
  ],
  ownSweepKeys: ["workload.sizeBytes", "workload.neighbors"],
});
