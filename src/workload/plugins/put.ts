import { z } from "zod";
import { SWEEP_NOTE, sweep } from "../../input/sweep.js";
import { fixedSignificant, formatBytes, wholeBytes } from "../../input/units.js";
import { nodeRef } from "../node-ref.js";
import { defineWorkload } from "../plugin.js";
import { runPut } from "../put.js";

const schema = z
  .strictObject({
    type: z.literal("put").describe("put: one message on an idle network."),
    from: nodeRef.describe('The sending node: its id or coordinates such as "0,0,0".'),
    to: nodeRef.describe('The receiving node: its id or coordinates such as "1,0,0".'),
    sizeBytes: sweep(wholeBytes(0)).describe(`Message size, bytes: a number or a size such as "8", "64KiB", "16MiB". ${SWEEP_NOTE}`),
  })
  .describe("The put microbenchmark: latency and bandwidth of one message.");

export interface PutSpec {
  readonly from: number;
  readonly to: number;
  readonly sizeBytes: number;
}

/** The put microbenchmark: one message on an idle network (`from`, `to` as coordinates in results). */
export const putWorkload = defineWorkload({
  type: "put",
  schema,
  resolve(input, ctx): PutSpec | undefined {
    const from = ctx.endpoint(input.from, "workload.from");
    const to = ctx.endpoint(input.to, "workload.to");
    return from === undefined || to === undefined ? undefined : { from, to, sizeBytes: input.sizeBytes };
  },
  estimate(spec, ctx) {
    const hops = ctx.topology.distance(spec.from, spec.to);
    const units = ctx.unitsPerMessage(spec.sizeBytes);
    return { messages: 1, units, unitHops: units * hops, messagesInFlight: 1, largestMessageBytes: spec.sizeBytes, simulatedNs: ctx.zeroLoadNs(hops, spec.sizeBytes), events: 1, bytes: 0 };
  },
  run(spec, { sim, net }) {
    const t = net.topology;
    return { from: t.endpointCoordinates(spec.from), to: t.endpointCoordinates(spec.to), ...runPut(sim, net, spec.from, spec.to, spec.sizeBytes) };
  },
  columns: [
    { header: "size", csv: "sizeBytes", value: (r) => r.sizeBytes, text: (r) => formatBytes(r.sizeBytes) },
    { header: "hops", csv: "hops", value: (r) => r.hops },
    { header: "time us", csv: "timeUs", value: (r) => r.timeUs, text: (r) => fixedSignificant(r.timeUs) },
    { header: "bandwidth GB/s", csv: "bandwidthGBps", value: (r) => r.bandwidthGBps, text: (r) => r.bandwidthGBps.toFixed(3) },
    { header: "events", csv: "events", value: (r) => r.events },
  ],
  ownSweepKeys: ["workload.sizeBytes"],
});
