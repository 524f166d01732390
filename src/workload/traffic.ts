import type { EventHandler, Rng, Simulator } from "../engine/index.js";
import type { DeliveryObserver, NetworkModel } from "../network/index.js";
import { LatencyStats, type LatencySummary } from "./latency-stats.js";
import type { TrafficPattern } from "./patterns.js";

export interface TrafficOptions {
  readonly messageBytes: number;
  /** Offered payload per node, as a fraction of one link's bandwidth. */
  readonly offeredLoad: number;
  readonly warmupNs: number;
  readonly measureNs: number;
  /** After the measurement window, how long measured packets may take to drain before the run is called saturated. */
  readonly drainNs: number;
}

export interface TrafficResult {
  readonly offeredLoad: number;
  /** Payload delivered per node during the measurement window, as a fraction of one link's bandwidth. */
  readonly acceptedLoad: number;
  readonly latencyNs: Omit<LatencySummary, "count">;
  readonly hops: number;
  readonly messagesMeasured: number;
  readonly packetsMeasured: number;
  readonly packetsInjected: number;
  readonly packetsDelivered: number;
  readonly maxLinkUtilization: number;
  readonly meanLinkUtilization: number;
  /** Offered load beyond saturation: measured packets failed to drain, or the backlog grew in the window. */
  readonly saturated: boolean;
  readonly simulatedNs: number;
  readonly events: number;
}

/**
 * A run is called saturated when its measured packets could not drain, or when its queues
 * grew during the window — the defining sign of offered load beyond what the network can
 * carry: with at least this many measured messages, the messages waiting or in flight at the
 * window's end exceed those at its start by more than this share of the messages offered in it.
 * (Below saturation the backlog is steady once the warm-up exceeds a few message latencies.)
 */
const SATURATION_MIN_MESSAGES = 1000;
const SATURATION_BACKLOG_GROWTH = 0.1;

/** Tokens of the messages sent: measured (created in the window) or not. */
const UNMEASURED = 0;
const MEASURED = 1;

const GENERATE = 0; // a: node
const START_MEASURE = 1;
const END_MEASURE = 2;
const CHECK_DRAIN = 3;

/**
 * Open-loop synthetic traffic: every node sends `messageBytes` messages to destinations
 * chosen by the pattern, with exponential inter-arrival times (a Poisson process) at the
 * offered load. As network simulators do (Dally & Towles §23.4), statistics come only from
 * messages created in the measurement window, after a warm-up; sources keep injecting while
 * those messages drain, so they see the same load throughout.
 */
export class TrafficWorkload implements EventHandler, DeliveryObserver {
  private readonly base: number;
  /** Latency and hops of every delivered packet of a measured message. */
  readonly stats = new LatencyStats();
  private measuring = false;
  private readonly meanGapNs: number;
  private generating = true;
  private busyAtStart: Float64Array | undefined;
  private startNs = 0;
  private backlogAtStart = 0;
  private backlogGrowth = 0;
  private deliveredAtStart = 0;
  private acceptedBytes = 0;
  private maxUtil = 0;
  private meanUtil = 0;
  private measuredMessages = 0;
  private measuredPacketsCreated = 0;
  private drainDeadlineNs = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly net: NetworkModel,
    private readonly pattern: TrafficPattern,
    private readonly options: TrafficOptions,
    private readonly rng: Rng,
  ) {
    this.base = sim.register(this, 4);
    const bytesPerNs = options.offeredLoad * net.linkBandwidthGBps;
    this.meanGapNs = bytesPerNs > 0 ? options.messageBytes / bytesPerNs : Infinity;
    net.setListener({ onDelivered: () => {} });
    net.setObserver(this);
  }

  onUnitDelivered(token: number, latencyNs: number, hops: number): void {
    if (token === MEASURED) this.stats.record(latencyNs, hops);
  }

  run(): TrafficResult {
    const { sim, net, options } = this;
    this.measuring = false;
    if (this.meanGapNs !== Infinity) {
      for (let node = 0; node < net.endpointCount; node++) {
        sim.schedule(this.rng.exponential(this.meanGapNs), this.base + GENERATE, node);
      }
    }
    sim.schedule(options.warmupNs, this.base + START_MEASURE);
    sim.schedule(options.warmupNs + options.measureNs, this.base + END_MEASURE);
    sim.run();
    net.stuck();
    const stats = this.stats;
    const lat = stats.latency();
    // Per sending node: a pattern's fixed points (transpose's diagonal, say) offer nothing.
    const accepted = this.pattern.activeSources === 0 ? 0 : this.acceptedBytes / (this.pattern.activeSources * options.measureNs * net.linkBandwidthGBps);
    return {
      offeredLoad: options.offeredLoad,
      acceptedLoad: accepted,
      latencyNs: { mean: lat.mean, p50: lat.p50, p99: lat.p99, max: lat.max },
      hops: stats.meanHops,
      messagesMeasured: this.measuredMessages,
      packetsMeasured: stats.count,
      packetsInjected: net.unitsInjected,
      packetsDelivered: net.unitsDelivered,
      maxLinkUtilization: this.maxUtil,
      meanLinkUtilization: this.meanUtil,
      saturated:
        stats.count < this.measuredPacketsCreated ||
        (this.measuredMessages >= SATURATION_MIN_MESSAGES && this.backlogGrowth > SATURATION_BACKLOG_GROWTH * this.measuredMessages),
      simulatedNs: sim.nowNs,
      events: sim.events,
    };
  }

  handleEvent(kind: number, node: number, _b: number, nowNs: number): void {
    const net = this.net;
    switch (kind) {
      case GENERATE: {
        if (!this.generating) return;
        const dst = this.pattern.destination(node);
        if (dst >= 0) {
          if (this.measuring) {
            this.measuredMessages++;
            this.measuredPacketsCreated += net.unitsPerMessage(this.options.messageBytes);
          }
          net.send(node, dst, this.options.messageBytes, this.measuring ? MEASURED : UNMEASURED);
        }
        this.sim.schedule(nowNs + this.rng.exponential(this.meanGapNs), this.base + GENERATE, node);
        break;
      }
      case START_MEASURE: {
        this.measuring = true;
        this.stats.reset();
        // Busy time and delivered bytes are counted exactly at the window's edges, even for
        // a packet that straddles one.
        const busy = new Float64Array(net.topology.linkCount);
        for (let l = 0; l < busy.length; l++) busy[l] = net.linkBusyUpToNs(l, nowNs);
        this.busyAtStart = busy;
        this.startNs = nowNs;
        this.backlogAtStart = net.messagesInFlight;
        this.deliveredAtStart = net.payloadDeliveredBy(nowNs);
        break;
      }
      case END_MEASURE: {
        this.measuring = false;
        this.backlogGrowth = net.messagesInFlight - this.backlogAtStart;
        this.acceptedBytes = net.payloadDeliveredBy(nowNs) - this.deliveredAtStart;
        const start = this.busyAtStart as Float64Array;
        const windowNs = nowNs - this.startNs;
        let max = 0;
        let sum = 0;
        const links = start.length;
        for (let l = 0; l < links; l++) {
          const u = (net.linkBusyUpToNs(l, nowNs) - start[l]) / windowNs;
          if (u > max) max = u;
          sum += u;
        }
        this.maxUtil = max;
        this.meanUtil = links > 0 ? sum / links : 0;
        this.drainDeadlineNs = nowNs + this.options.drainNs;
        this.sim.schedule(nowNs, this.base + CHECK_DRAIN);
        break;
      }
      case CHECK_DRAIN:
        if (this.stats.count >= this.measuredPacketsCreated || nowNs >= this.drainDeadlineNs) {
          // Done: stop the sources; what is left in the network is not measured.
          this.generating = false;
          this.sim.stop();
          return;
        }
        this.sim.schedule(Math.min(this.drainDeadlineNs, nowNs + Math.max(1000, this.options.measureNs / 100)), this.base + CHECK_DRAIN);
        break;
    }
  }
}
