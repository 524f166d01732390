import { expect } from "vitest";
import { NO_HOST_COSTS, DEFAULT_COLLECTIVES, ALLREDUCE_ALGORITHMS } from "../../src/collectives/index.js";
import { Rng, Simulator, type EventHandler } from "../../src/engine/index.js";
import { DEFAULT_NETWORK, type DeliveryObserver, type NetworkConfig, type NetworkModel } from "../../src/network/index.js";
import type { Routing } from "../../src/routing/index.js";
import { runAllreduceJob } from "../../src/workload/index.js";

/** Builds a fresh model of one tier on `routing`'s topology. */
export type ModelFactory = (sim: Simulator, routing: Routing, config: NetworkConfig) => NetworkModel;

/** One case of the contract: a tier, a routed topology, a config and a seed for the traffic. */
export interface ModelSubject {
  readonly build: ModelFactory;
  readonly routing: Routing;
  readonly config: Partial<NetworkConfig>;
  readonly seed: number;
}

interface Sent {
  readonly src: number;
  readonly dst: number;
  readonly sizeBytes: number;
  readonly atNs: number;
}

/** Random messages at random times (some to oneself, some empty, some of many packets). */
function randomSends(endpoints: number, seed: number, count: number): Sent[] {
  const rng = Rng.fromSeed(seed).stream("contract");
  const out: Sent[] = [];
  for (let i = 0; i < count; i++) {
    const src = rng.int(endpoints);
    const dst = rng.next() < 0.1 ? src : rng.int(endpoints);
    const sizeBytes = rng.next() < 0.1 ? 0 : rng.int(rng.next() < 0.2 ? 60_000 : 3000);
    out.push({ src, dst, sizeBytes, atNs: rng.int(20_000) });
  }
  return out;
}

/** Sends `sends` at their times on a fresh model; returns the model and each token's delivery time(s). */
export function drive(subject: ModelSubject, sends: readonly Sent[], observer?: DeliveryObserver): { net: NetworkModel; deliveries: number[][] } {
  const sim = new Simulator();
  const net = subject.build(sim, subject.routing, { ...DEFAULT_NETWORK, ...subject.config });
  const deliveries: number[][] = sends.map(() => []);
  net.setListener({ onDelivered: (token, nowNs) => deliveries[token].push(nowNs) });
  net.setObserver(observer);
  const driver: EventHandler = {
    handleEvent: (_kind, token) => {
      const s = sends[token];
      net.send(s.src, s.dst, s.sizeBytes, token);
    },
  };
  const kind = sim.register(driver, 1);
  sends.forEach((s, token) => sim.schedule(s.atNs, kind, token));
  sim.run();
  return { net, deliveries };
}

export const MODEL_LAWS: Readonly<Record<string, (s: ModelSubject) => void>> = {
  "every message is delivered exactly once, never before its zero-load time, and its payload is counted once": (subject) => {
    const endpoints = subject.routing.topology.endpointCount;
    const sends = randomSends(endpoints, subject.seed, 150);
    const { net, deliveries } = drive(subject, sends);
    let payload = 0;
    sends.forEach((s, token) => {
      expect(deliveries[token].length).toBe(1);
      const zeroLoad = net.zeroLoadLatencyNs(s.src, s.dst, s.sizeBytes);
      expect(deliveries[token][0] - s.atNs).toBeGreaterThanOrEqual(zeroLoad - 1e-6);
      if (s.src !== s.dst) payload += s.sizeBytes;
    });
    expect(net.messagesInFlight).toBe(0);
    expect(net.payloadDeliveredBy(Infinity)).toBe(payload);
    expect(net.stuck()).toBeUndefined();
  },

  "a lone message on an idle network takes exactly the zero-load latency of the hops its packets took (its distance, for a minimal routing)": (subject) => {
    const topology = subject.routing.topology;
    const rng = Rng.fromSeed(subject.seed).stream("lone");
    const src = rng.int(topology.endpointCount);
    const dst = rng.int(topology.endpointCount);
    const sizeBytes = rng.int(100_000);
    const distance = topology.distance(src, dst);
    const unitHops: number[] = [];
    const observer: DeliveryObserver = { onUnitDelivered: (_token, _latencyNs, hops) => void unitHops.push(hops) };
    const { net, deliveries } = drive({ ...subject, config: { ...subject.config, bufferBytesPerVc: 1 << 22 } }, [{ src, dst, sizeBytes, atNs: 0 }], observer);
    const hops = src === dst ? 0 : Math.max(...unitHops);
    for (const h of unitHops) expect(h).toBeGreaterThanOrEqual(distance);
    if (subject.routing.minimal) expect(hops).toBe(distance);
    // An adaptive routing may send the packets of one message different ways (UGAL: the
    // first packet's credits still out make the minimal port look busier); exact when they all
    // took the same number of hops.
    if (unitHops.every((h) => h === hops)) expect(deliveries[0][0]).toBeCloseTo(net.zeroLoadLatencyNs(src, dst, sizeBytes) + (hops - distance) * net.hopLatencyNs, 6);
  },

  "the same sends give the same delivery times (determinism)": (subject) => {
    const sends = randomSends(subject.routing.topology.endpointCount, subject.seed, 80);
    expect(drive(subject, sends).deliveries).toEqual(drive(subject, sends).deliveries);
  },

  "no allreduce beats the collective lower bound, and every one sums correctly": (subject) => {
    const topology = subject.routing.topology;
    const rng = Rng.fromSeed(subject.seed).stream("allreduce");
    const algorithm = ALLREDUCE_ALGORITHMS.filter((a) => a !== "torus-ring" && a !== "torus-multiring")[rng.int(5)];
    const ranks = 1 + rng.int(topology.endpointCount);
    const sim = new Simulator();
    const net = subject.build(sim, subject.routing, { ...DEFAULT_NETWORK, ...subject.config });
    const sizeBytes = 8 * (1 + rng.int(4000));
    const r = runAllreduceJob(sim, net, { algorithm, sizeBytes, ranks, placement: "random", verify: true, host: NO_HOST_COSTS, collectives: DEFAULT_COLLECTIVES }, Rng.fromSeed(subject.seed));
    expect(r.verified).toBe(true);
    expect(r.timeUs).toBeGreaterThanOrEqual(r.lowerBoundUs * (1 - 1e-12));
  },
};
