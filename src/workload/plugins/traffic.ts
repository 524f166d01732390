import { z } from "zod";
import { SWEEP_NOTE, sweep } from "../../input/sweep.js";
import { timeNs, wholeBytes } from "../../input/units.js";
import { TorusTopology } from "../../topology/index.js";
import { nodeRef } from "../node-ref.js";
import { TRAFFIC_PATTERNS, makePattern, patternProblem, type TrafficPatternName } from "../patterns.js";
import { defineWorkload } from "../plugin.js";
import { TrafficWorkload, type TrafficOptions } from "../traffic.js";

/**
 * Smallest non-zero offered load: a node then sends a message every 10^9 message times, so that
 * gaps between messages stay finite whatever the message size and bandwidth.
 */
export const MIN_OFFERED_LOAD = 1e-9;

const schema = z
  .strictObject({
    type: z.literal("traffic").describe("traffic: open-loop synthetic traffic with a warm-up, a measurement window and a drain."),
    pattern: sweep(z.enum(TRAFFIC_PATTERNS)).describe(`Who sends to whom: ${TRAFFIC_PATTERNS.join(", ")}. ${SWEEP_NOTE}`),
    // At least one byte: the arrival rate is load × bandwidth / messageBytes.
    messageBytes: sweep(wholeBytes(1)).describe(`Size of every message, bytes: a number or a size such as "1920", "4KiB"; at least 1. ${SWEEP_NOTE}`),
    offeredLoad: sweep(
      z
        .number()
        .min(0)
        .max(64)
        .refine((x) => x === 0 || x >= MIN_OFFERED_LOAD, { message: `expected 0 or at least ${MIN_OFFERED_LOAD}`, params: { code: "out-of-range" } }),
    ).describe(`Payload each node offers, as a fraction of one link's bandwidth (a ratio, 0 or 1e-9 to 64). ${SWEEP_NOTE}`),
    warmupNs: sweep(timeNs)
      .optional()
      .describe(`Time before the measurement window, ns: a number or a duration such as "20us" (default measureNs / 5). ${SWEEP_NOTE}`),
    measureNs: sweep(timeNs.pipe(z.number().positive())).describe(`Length of the measurement window, ns: a number or a duration such as "100us"; more than 0. ${SWEEP_NOTE}`),
    drainNs: sweep(timeNs)
      .optional()
      .describe(`How long measured messages may take to arrive after the window before the run is called saturated, ns (default 10 × measureNs). ${SWEEP_NOTE}`),
    axis: z.string().optional().describe("neighbor and tornado: the axis name to use (default: all axes)."),
    hotspot: nodeRef.optional().describe('hotspot: the hot node, its id or coordinates such as "3,3".'),
    hotspotFraction: sweep(z.number().min(0).max(1))
      .optional()
      .describe(`hotspot: the share of messages sent to the hot node, a fraction from 0 to 1. ${SWEEP_NOTE}`),
  })
  .describe("Open-loop synthetic traffic: latency and accepted load against offered load.");

export interface TrafficSpec extends TrafficOptions {
  readonly pattern: TrafficPatternName;
  readonly axis?: number;
  readonly hotspotNode?: number;
  readonly hotspotFraction?: number;
}

/** Most messages one measurement window may measure (their send times and latencies are kept). */
const MAX_MEASURED_MESSAGES = 1e9;

/** Messages all nodes generate in `durationNs` at the offered load (Poisson: the mean). */
function expectedMessages(nodes: number, spec: TrafficOptions, linkBandwidthGBps: number, durationNs: number): number {
  return (nodes * spec.offeredLoad * linkBandwidthGBps * durationNs) / spec.messageBytes;
}

const fixed = (digits: number) => (x: number | string | boolean | null): string => (typeof x === "number" ? x.toFixed(digits) : x === null ? "-" : String(x));

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
    // The clock must resolve the window: far from 0, adding a tiny window to a long warm-up
    // changes nothing, and every rate measured in it would be 0/0.
    const windowEndNs = spec.warmupNs + spec.measureNs;
    if (Math.abs(windowEndNs - spec.warmupNs - spec.measureNs) > 1e-6 * spec.measureNs) {
      ctx.issue("out-of-range", "workload.measureNs", `expected a window the clock resolves after a warm-up of ${spec.warmupNs} ns (at least ${(windowEndNs * 2 ** -32).toPrecision(3)} ns), found ${spec.measureNs} ns`);
      ok = false;
    }
    const measured = expectedMessages(topology.endpointCount, spec, ctx.network.linkBandwidthGBps, spec.measureNs);
    if (measured > MAX_MEASURED_MESSAGES) {
      ctx.issue("too-large", "workload.measureNs", `expected at most ${MAX_MEASURED_MESSAGES.toExponential(0)} messages in the measurement window, found about ${measured.toExponential(2)} (${topology.endpointCount} nodes at offered load ${spec.offeredLoad} for ${spec.measureNs} ns)`);
      ok = false;
    }
    const problem = patternProblem(topology, spec);
    if (problem !== undefined) {
      ctx.issue("unsupported", "workload.pattern", `${problem} (topology ${ctx.machineName} is ${topology.describeShape()})`);
      ok = false;
    }
    return ok ? spec : undefined;
  },
  estimate(spec, ctx) {
    const nodes = ctx.topology.endpointCount;
    // Below saturation the drain ends as the last measured message arrives, long before drainNs.
    const runNs = spec.warmupNs + spec.measureNs + Math.min(spec.drainNs, spec.measureNs / 2);
    const messages = expectedMessages(nodes, spec, ctx.network.linkBandwidthGBps, runNs);
    const measured = expectedMessages(nodes, spec, ctx.network.linkBandwidthGBps, spec.measureNs);
    const perMessage = ctx.unitsPerMessage(spec.messageBytes);
    const zeroLoadNs = ctx.zeroLoadNs(ctx.meanHops, spec.messageBytes);
    // Little's law at zero load: each node has about (latency / gap) messages in flight.
    const inFlight = nodes * (1 + (messages > 0 ? (zeroLoadNs * messages) / (nodes * runNs) : 0));
    return {
      messages,
      units: messages * perMessage,
      unitHops: messages * perMessage * ctx.meanHops,
      messagesInFlight: inFlight,
      largestMessageBytes: spec.messageBytes,
      simulatedNs: runNs,
      events: messages + nodes,
      // Samples: 8 bytes each in arrays that double (so up to twice that) plus the sorted copy;
      // per measured message a send time too; per link the busy time at the window's start;
      // per node the pattern's table and a pending generation event.
      bytes: 24 * measured * (perMessage + 1) + 16 * measured + 8 * ctx.topology.linkCount + 48 * nodes,
    };
  },
  run(spec, { sim, net, rng }) {
    const pattern = makePattern(net.topology, { pattern: spec.pattern, axis: spec.axis, hotspotNode: spec.hotspotNode, hotspotFraction: spec.hotspotFraction }, rng.stream("pattern"));
    const driver = new TrafficWorkload(sim, net, pattern, spec, rng.stream("traffic"));
    return { pattern: spec.pattern, messageBytes: spec.messageBytes, ...driver.run() };
  },
  columns: [
    { header: "offered", csv: "offeredLoad", value: (r) => r.offeredLoad },
    { header: "accepted", csv: "acceptedLoad", value: (r) => r.acceptedLoad, text: (r) => r.acceptedLoad.toFixed(3) },
    { header: "offered GB/s", csv: "offeredGBps", value: (r) => r.offeredGBps, csvOnly: true },
    { header: "accepted GB/s", csv: "acceptedGBps", value: (r) => r.acceptedGBps, csvOnly: true },
    { header: "lat mean ns", csv: "latencyNs.mean", value: (r) => r.latencyNs.mean, text: (r) => fixed(0)(r.latencyNs.mean) },
    { header: "p50 ns", csv: "latencyNs.p50", value: (r) => r.latencyNs.p50, text: (r) => fixed(0)(r.latencyNs.p50) },
    { header: "p99 ns", csv: "latencyNs.p99", value: (r) => r.latencyNs.p99, text: (r) => fixed(0)(r.latencyNs.p99) },
    { header: "max ns", csv: "latencyNs.max", value: (r) => r.latencyNs.max, text: (r) => fixed(0)(r.latencyNs.max) },
    { header: "msg mean ns", csv: "messageLatencyNs.mean", value: (r) => r.messageLatencyNs.mean, text: (r) => fixed(0)(r.messageLatencyNs.mean) },
    { header: "msg p50 ns", csv: "messageLatencyNs.p50", value: (r) => r.messageLatencyNs.p50, csvOnly: true },
    { header: "msg p99 ns", csv: "messageLatencyNs.p99", value: (r) => r.messageLatencyNs.p99, csvOnly: true },
    { header: "msg max ns", csv: "messageLatencyNs.max", value: (r) => r.messageLatencyNs.max, csvOnly: true },
    { header: "zero-load ns", csv: "zeroLoadLatencyNs", value: (r) => r.zeroLoadLatencyNs, csvOnly: true },
    { header: "hops", csv: "hops", value: (r) => r.hops, text: (r) => fixed(2)(r.hops) },
    { header: "max link util", csv: "maxLinkUtilization", value: (r) => r.maxLinkUtilization, text: (r) => r.maxLinkUtilization.toFixed(2) },
    { header: "packets", csv: "packetsMeasured", value: (r) => r.packetsMeasured },
    { header: "saturated", csv: "saturated", value: (r) => r.saturated, text: (r) => (r.deadlock ? "DEADLOCK" : r.saturated ? "yes" : "no") },
    { header: "events", csv: "events", value: (r) => r.events },
  ],
  ownSweepKeys: ["workload.offeredLoad"],
});
