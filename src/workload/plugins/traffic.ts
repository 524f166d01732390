import { z } from "zod";
import { sweep } from "../../input/sweep.js";
import { timeNs, wholeBytes } from "../../input/units.js";
import { TorusTopology } from "../../topology/index.js";
import { nodeRef } from "../node-ref.js";
import { TRAFFIC_PATTERNS, makePattern, patternProblem, type TrafficPatternName } from "../patterns.js";
import { defineWorkload } from "../plugin.js";
import { TrafficWorkload, type TrafficOptions } from "../traffic.js";

const schema = z.strictObject({
  type: z.literal("traffic"),
  pattern: sweep(z.enum(TRAFFIC_PATTERNS)),
  // At least one byte: the arrival rate is load × bandwidth / messageBytes.
  messageBytes: sweep(wholeBytes(1)),
  /** Per node, as a fraction of one link's bandwidth. */
  offeredLoad: sweep(z.number().min(0).max(64)),
  warmupNs: sweep(timeNs).optional(),
  measureNs: sweep(timeNs.pipe(z.number().positive())),
  drainNs: sweep(timeNs).optional(),
  /** neighbor and tornado: the axis to use (default: all). */
  axis: z.string().optional(),
  hotspot: nodeRef.optional(),
  hotspotFraction: sweep(z.number().min(0).max(1)).optional(),
});

export interface TrafficSpec extends TrafficOptions {
  readonly pattern: TrafficPatternName;
  readonly axis?: number;
  readonly hotspotNode?: number;
  readonly hotspotFraction?: number;
}

const fixed = (digits: number) => (x: number | string | boolean | null): string => (typeof x === "number" ? x.toFixed(digits) : String(x));

/** Open-loop synthetic traffic with a warm-up, a measurement window and a drain. */
export const trafficWorkload = defineWorkload({
  type: "traffic",
  schema,
  resolve(w, ctx): TrafficSpec | undefined {
    const { topology } = ctx;
    const pattern = w.pattern;
    if (w.axis !== undefined && pattern !== "neighbor" && pattern !== "tornado") {
      ctx.ignored("workload.axis", `applies only to patterns neighbor and tornado, found pattern ${pattern}`);
    }
    for (const key of ["hotspot", "hotspotFraction"] as const) {
      if (w[key] !== undefined && pattern !== "hotspot") ctx.ignored(`workload.${key}`, `applies only to pattern hotspot, found pattern ${pattern}`);
    }
    let axis: number | undefined;
    let ok = true;
    if (w.axis !== undefined) {
      if (!(topology instanceof TorusTopology)) {
        ctx.issue("unsupported", "workload.axis", `names an axis, but ${ctx.machineName} is a ${topology.kind} without axes`);
        ok = false;
      } else {
        axis = topology.axes.indexOf(w.axis);
        if (axis === -1) {
          ctx.issue("not-found", "workload.axis", `expected one of the axes ${topology.axes.join(", ")}, found ${w.axis}`);
          axis = undefined;
          ok = false;
        }
      }
    }
    const hotspotNode = w.hotspot === undefined ? undefined : ctx.endpoint(w.hotspot, "workload.hotspot");
    if (w.hotspot !== undefined && hotspotNode === undefined) ok = false;
    const measureNs = w.measureNs;
    const spec: TrafficSpec = {
      pattern,
      messageBytes: w.messageBytes,
      offeredLoad: w.offeredLoad,
      warmupNs: w.warmupNs ?? measureNs / 5,
      measureNs,
      drainNs: w.drainNs ?? 10 * measureNs,
      axis,
      hotspotNode,
      hotspotFraction: w.hotspotFraction,
    };
    const problem = patternProblem(topology, spec);
    if (problem !== undefined) {
      ctx.issue("unsupported", "workload.pattern", `${problem} (topology ${ctx.machineName} is ${topology.describeShape()})`);
      ok = false;
    }
    return ok ? spec : undefined;
  },
  run(spec, { sim, net, rng }) {
    const pattern = makePattern(net.topology, { pattern: spec.pattern, axis: spec.axis, hotspotNode: spec.hotspotNode, hotspotFraction: spec.hotspotFraction }, rng.stream("pattern"));
    const driver = new TrafficWorkload(sim, net, pattern, spec, rng.stream("traffic"));
    return { pattern: spec.pattern, messageBytes: spec.messageBytes, ...driver.run() };
  },
  columns: [
    { header: "offered", csv: "offeredLoad", value: (r) => r.offeredLoad },
    { header: "accepted", csv: "acceptedLoad", value: (r) => r.acceptedLoad, text: (r) => r.acceptedLoad.toFixed(3) },
    { header: "lat mean ns", csv: "latencyNs.mean", value: (r) => r.latencyNs.mean, text: (r) => fixed(0)(r.latencyNs.mean) },
    { header: "p50 ns", csv: "latencyNs.p50", value: (r) => r.latencyNs.p50, text: (r) => fixed(0)(r.latencyNs.p50) },
    { header: "p99 ns", csv: "latencyNs.p99", value: (r) => r.latencyNs.p99, text: (r) => fixed(0)(r.latencyNs.p99) },
    { header: "max ns", csv: "latencyNs.max", value: (r) => r.latencyNs.max, text: (r) => fixed(0)(r.latencyNs.max) },
    { header: "hops", csv: "hops", value: (r) => r.hops, text: (r) => r.hops.toFixed(2) },
    { header: "max link util", csv: "maxLinkUtilization", value: (r) => r.maxLinkUtilization, text: (r) => r.maxLinkUtilization.toFixed(2) },
    { header: "packets", csv: "packetsMeasured", value: (r) => r.packetsMeasured },
    { header: "saturated", csv: "saturated", value: (r) => r.saturated, text: (r) => (r.deadlock ? "DEADLOCK" : r.saturated ? "yes" : "no") },
    { header: "events", csv: "events", value: (r) => r.events },
  ],
  ownSweepKeys: ["workload.offeredLoad"],
});
