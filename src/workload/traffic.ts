import type { EventHandler, Rng, Simulator } from "../engine/index.js";
import type { DeliveryListener, DeliveryObserver, NetworkModel } from "../network/index.js";
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
  /** The offered load in absolute terms: payload offered per sending node, GB/s (offeredLoad × link bandwidth). */
  readonly offeredGBps: number;
  /** The accepted load in absolute terms: payload delivered per sending node in the window, GB/s (acceptedLoad × link bandwidth). */
  readonly acceptedGBps: number;
  /** Packet latency: from the message's send to each measured packet's arrival; null when none arrived. */
  readonly latencyNs: Omit<LatencySummary, "count">;
  /**
   * Message latency: from the send to the arrival of the message's last packet, queueing at
   * the source included; null when no measured message arrived.
   */
  readonly messageLatencyNs: Omit<LatencySummary, "count">;
  /** Mean zero-load latency (their routes on an idle network) of the measured messages that arrived — the messages `messageLatencyNs` covers — ns; null when none arrived. */
  readonly zeroLoadLatencyNs: number | null;
  /** Mean hops of the measured packets; null when none arrived. */
  readonly hops: number | null;
  readonly messagesMeasured: number;
  readonly packetsMeasured: number;
  readonly packetsInjected: number;
  readonly packetsDelivered: number;
  readonly maxLinkUtilization: number;
  readonly meanLinkUtilization: number;
  /** Offered load beyond saturation (see `isSaturated`). */
  readonly saturated: boolean;
  readonly simulatedNs: number;
  readonly events: number;
}

/**
 * A run is called saturated (offered load beyond what the network carries) on any of three signs:
 * 1. its measured packets could not drain within `drainNs`;
 * 2. its queues grew during the window: with at least SATURATION_MIN_MESSAGES measured
 *    messages, the messages waiting or in flight at the window's end exceed those at its start
 *    by more than SATURATION_BACKLOG_GROWTH of the messages offered in it (below saturation
 *    the backlog is steady once the warm-up exceeds a few message latencies);
 * 3. it accepts clearly less than it offers while its messages wait far longer than on an idle
 *    network: accepted load below offered by more than max(5%, three standard deviations of
 *    the window's Poisson message count, 3/√messages), and mean message latency above
 *    SATURATION_LATENCY_FACTOR times the mean zero-load latency of the same messages. A short
 *    window past saturation shows this before its backlog is large enough for sign 2.
 */
const SATURATION_MIN_MESSAGES = 1000;
const SATURATION_BACKLOG_GROWTH = 0.1;
const SATURATION_SHORTFALL = 0.05;
const SATURATION_LATENCY_FACTOR = 3;

export interface SaturationEvidence {
  readonly drained: boolean;
  readonly measuredMessages: number;
  readonly backlogGrowth: number;
  readonly offeredLoad: number;
  readonly acceptedLoad: number;
  readonly meanMessageLatencyNs: number | null;
  readonly meanZeroLoadLatencyNs: number | null;
}

/** Whether a traffic run went past saturation (the rule above). */
export function isSaturated(e: SaturationEvidence): boolean {
  if (!e.drained) return true;
  if (e.measuredMessages >= SATURATION_MIN_MESSAGES && e.backlogGrowth > SATURATION_BACKLOG_GROWTH * e.measuredMessages) return true;
  if (e.measuredMessages === 0 || e.meanMessageLatencyNs === null || e.meanZeroLoadLatencyNs === null) return false;
  const tolerance = Math.max(SATURATION_SHORTFALL, 3 / Math.sqrt(e.measuredMessages));
  const shortfall = e.acceptedLoad < e.offeredLoad * (1 - tolerance);
  return shortfall && e.meanMessageLatencyNs > SATURATION_LATENCY_FACTOR * e.meanZeroLoadLatencyNs;
}

/**
 * Tokens of the messages sent: 0 for a message created outside the window, else 1 + its index
 * among the measured messages, which finds its send time on delivery.
 */
const UNMEASURED = 0;

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
export class TrafficWorkload implements EventHandler, DeliveryObserver, DeliveryListener {
  private readonly base: number;
  /** Latency and hops of every delivered packet of a measured message. */
  readonly stats = new LatencyStats();
  /** Latency of every delivered measured message (hops unused). */
  readonly messageStats = new LatencyStats();
  // perf: send times of measured messages by token − 1, a growable typed array: no object
  // or closure per message.
  private sendNs = new Float64Array(1024);
  /** Zero-load latency of each measured message, by token − 1. */
  private zeroLoadNs = new Float64Array(1024);
  /** Σ zero-load latency of the measured messages delivered: the same messages as `messageStats`. */
  private deliveredZeroLoadSumNs = 0;
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
    net.setListener(this);
    net.setObserver(this);
  }

  onUnitDelivered(token: number, latencyNs: number, hops: number): void {
    if (token !== UNMEASURED) this.stats.record(latencyNs, hops);
  }

  onDelivered(token: number, nowNs: number): void {
    if (token === UNMEASURED) return;
    this.messageStats.record(nowNs - this.sendNs[token - 1], 0);
    this.deliveredZeroLoadSumNs += this.zeroLoadNs[token - 1];
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
    const msg = this.messageStats.latency();
    // Per sending node: a pattern's fixed points (transpose's diagonal, say) offer nothing.
    // Over the messages that arrived, as the message latency is: messages still in the network
    // at the end are the slow ones, and comparing means over different sets would let the
    // latency seem to beat its zero-load bound.
    const zeroLoad = this.messageStats.count > 0 ? this.deliveredZeroLoadSumNs / this.messageStats.count : null;
    const accepted = this.pattern.activeSources === 0 ? 0 : this.acceptedBytes / (this.pattern.activeSources * options.measureNs * net.linkBandwidthGBps);
    return {
      offeredLoad: options.offeredLoad,
      acceptedLoad: accepted,
      offeredGBps: options.offeredLoad * net.linkBandwidthGBps,
      acceptedGBps: accepted * net.linkBandwidthGBps,
      latencyNs: { mean: lat.mean, p50: lat.p50, p99: lat.p99, max: lat.max },
      messageLatencyNs: { mean: msg.mean, p50: msg.p50, p99: msg.p99, max: msg.max },
      zeroLoadLatencyNs: zeroLoad,
      hops: stats.meanHops,
      messagesMeasured: this.measuredMessages,
      packetsMeasured: stats.count,
      packetsInjected: net.unitsInjected,
      packetsDelivered: net.unitsDelivered,
      maxLinkUtilization: this.maxUtil,
      meanLinkUtilization: this.meanUtil,
      saturated: isSaturated({
        drained: stats.count >= this.measuredPacketsCreated,
        measuredMessages: this.measuredMessages,
        backlogGrowth: this.backlogGrowth,
        offeredLoad: options.offeredLoad,
        acceptedLoad: accepted,
        meanMessageLatencyNs: msg.mean,
        meanZeroLoadLatencyNs: zeroLoad,
      }),
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
          let token = UNMEASURED;
          if (this.measuring) {
            const i = this.measuredMessages++;
            if (i === this.sendNs.length) {
              const bigger = new Float64Array(2 * i);
              bigger.set(this.sendNs);
              this.sendNs = bigger;
              const biggerZero = new Float64Array(2 * i);
              biggerZero.set(this.zeroLoadNs);
              this.zeroLoadNs = biggerZero;
            }
            this.sendNs[i] = nowNs;
            this.zeroLoadNs[i] = net.zeroLoadLatencyNs(node, dst, this.options.messageBytes);
            token = i + 1;
            this.measuredPacketsCreated += net.unitsPerMessage(this.options.messageBytes);
          }
          net.send(node, dst, this.options.messageBytes, token);
        }
        this.sim.schedule(nowNs + this.rng.exponential(this.meanGapNs), this.base + GENERATE, node);
        break;
      }
      case START_MEASURE: {
        this.measuring = true;
        this.stats.reset();
        this.messageStats.reset();
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
        // Resolution refuses windows the clock cannot resolve; this guards the division anyway.
        const windowNs = Math.max(nowNs - this.startNs, Number.MIN_VALUE);
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
