import { z } from "zod";
import { sweep } from "../../input/sweep.js";
import { fixedSignificant, formatBytes, wholeBytes } from "../../input/units.js";
import { nodeRef } from "../node-ref.js";
import { defineWorkload } from "../plugin.js";
import { runPut } from "../put.js";

const schema = z.strictObject({
  type: z.literal("put"),
  from: nodeRef,
  to: nodeRef,
  sizeBytes: sweep(wholeBytes(0)),
});

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
