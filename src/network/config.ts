import type { NetworkModelKind } from "./model.js";

/**
 * Physical and flow-control parameters of the packet network. Bandwidths are GB/s, which
 * is bytes per ns; times are ns; sizes are bytes.
 */
export interface NetworkConfig {
  /** Per direction of each link, GB/s (= bytes/ns). Injection and ejection run at this rate too. */
  readonly linkBandwidthGBps: number;
  /** Wire (time of flight) latency of a link, ns. */
  readonly linkLatencyNs: number;
  /** Per-hop router pipeline latency (routing + switch allocation), ns. */
  readonly routerLatencyNs: number;
  /** Largest payload one packet carries, bytes. */
  readonly packetPayloadBytes: number;
  /** Bytes of header (and CRC) added to every packet on the wire. */
  readonly packetHeaderBytes: number;
  /** Virtual channels per port (≥ what the routing needs). */
  readonly virtualChannels: number;
  /** Input buffer per (port, VC), bytes; must hold at least one full packet (virtual cut-through). */
  readonly bufferBytesPerVc: number;
  /** Network interfaces per node, each injecting and ejecting one packet at a time. */
  readonly injectionPorts: number;
  /** Fixed latency a NIC adds to each message before its first packet enters the router, ns. */
  readonly nicLatencyNs: number;
  /** Simulated time without any packet moving, while packets are in the network, that is called a deadlock, ns. */
  readonly deadlockTimeoutNs: number;
  /**
   * Bandwidth and wire latency per link class over `linkBandwidthGBps` and `linkLatencyNs`, by
   * the topology's class names (`endpoint` for the links between endpoints and their routers,
   * then e.g. `local`, `global` or `level1`…); absent or empty: every link alike.
   */
  readonly linkClasses?: Readonly<Record<string, LinkClassConfig>>;
}

/** One link class's parameters; an absent field keeps the network-wide value. */
export interface LinkClassConfig {
  readonly bandwidthGBps?: number;
  readonly latencyNs?: number;
}

/** Most virtual channels per port (VC ids are 4 bits in a routed hop). */
export const MAX_VIRTUAL_CHANNELS = 16;
/** Most NICs per endpoint (a NIC index is one byte per message). */
export const MAX_INJECTION_PORTS = 64;

/** Generic defaults; presets override them with sourced values. */
export const DEFAULT_NETWORK: NetworkConfig = {
  linkBandwidthGBps: 6.8,
  linkLatencyNs: 10,
  routerLatencyNs: 50,
  packetPayloadBytes: 1920,
  packetHeaderBytes: 72,
  virtualChannels: 4,
  bufferBytesPerVc: 8192,
  injectionPorts: 1,
  nicLatencyNs: 0,
  deadlockTimeoutNs: 1_000_000,
};

/** Packets a message of `sizeBytes` needs (a 0-byte message still sends one header-only packet). */
export function packetCount(config: Pick<NetworkConfig, "packetPayloadBytes">, sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / config.packetPayloadBytes));
}

/**
 * Zero-load latency of one message over `hops` links, first byte handed to the NIC to last
 * byte delivered, with cut-through at every router:
 *
 *   T = nicLatency + (hops + 1)·routerLatency + hops·linkLatency + Σ wireBytes / bandwidth
 *
 * The source and destination routers each add a router latency; every link adds its wire
 * latency; the packets' serialization is paid once, because each hop forwards the head while
 * the tail is still arriving and packets of one message follow each other back to back.
 * (Holds when buffers cover the credit round trip, so a stream never waits for credits.)
 */
export function zeroLoadLatencyNs(config: NetworkConfig, hops: number, sizeBytes: number): number {
  const packets = packetCount(config, sizeBytes);
  const totalWire = sizeBytes + packets * config.packetHeaderBytes;
  return (
    config.nicLatencyNs +
    (hops + 1) * config.routerLatencyNs +
    hops * config.linkLatencyNs +
    totalWire / config.linkBandwidthGBps
  );
}

/** A problem with one field of a NetworkConfig. */
export interface ConfigProblem {
  readonly field: keyof NetworkConfig;
  readonly message: string;
}

/**
 * Largest buffer, packet or header in bytes: the packet model counts credits and queued bytes
 * in 32-bit integers (a buffer of 2 GiB would wrap its credits and never send).
 */
export const MAX_COUNTED_BYTES = 2 ** 31 - 1;

/**
 * Time one packet of the largest size needs to cross one hop at zero load (router and wire
 * latency, and its serialization), ns: the packet model's deadlock timeout must not be shorter.
 */
export function packetHopNs(config: NetworkConfig): number {
  return config.routerLatencyNs + config.linkLatencyNs + (config.packetPayloadBytes + config.packetHeaderBytes) / config.linkBandwidthGBps;
}

/**
 * Every value the model cannot run with, each naming its field. With `model` "packet", also
 * what only the packet model needs (32-bit byte counters, a deadlock timeout of at least one hop).
 */
export function networkConfigProblems(config: NetworkConfig, routingVcs: number, model?: NetworkModelKind): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const positive = ["linkBandwidthGBps", "packetPayloadBytes", "virtualChannels", "bufferBytesPerVc", "injectionPorts", "deadlockTimeoutNs"] as const;
  for (const field of positive) {
    if (!(config[field] > 0) || !Number.isFinite(config[field])) problems.push({ field, message: `must be a positive number, got ${config[field]}` });
  }
  for (const field of ["linkLatencyNs", "routerLatencyNs", "packetHeaderBytes", "nicLatencyNs"] as const) {
    if (!(config[field] >= 0) || !Number.isFinite(config[field])) problems.push({ field, message: `must be ≥ 0, got ${config[field]}` });
  }
  for (const field of ["packetPayloadBytes", "packetHeaderBytes", "virtualChannels", "bufferBytesPerVc", "injectionPorts"] as const) {
    if (!Number.isInteger(config[field])) problems.push({ field, message: `must be an integer, got ${config[field]}` });
  }
  if (config.virtualChannels < routingVcs) {
    problems.push({ field: "virtualChannels", message: `must be at least ${routingVcs} (what the routing needs for deadlock freedom), got ${config.virtualChannels}` });
  }
  if (config.virtualChannels > MAX_VIRTUAL_CHANNELS) problems.push({ field: "virtualChannels", message: `must be at most ${MAX_VIRTUAL_CHANNELS}, got ${config.virtualChannels}` });
  if (config.injectionPorts > MAX_INJECTION_PORTS) problems.push({ field: "injectionPorts", message: `must be at most ${MAX_INJECTION_PORTS}, got ${config.injectionPorts}` });
  const maxPacket = config.packetPayloadBytes + config.packetHeaderBytes;
  if (config.bufferBytesPerVc < maxPacket) {
    problems.push({ field: "bufferBytesPerVc", message: `must hold one whole packet (${maxPacket} bytes) for virtual cut-through, got ${config.bufferBytesPerVc}` });
  }
  if (model === "packet" && problems.length === 0) {
    if (config.bufferBytesPerVc > MAX_COUNTED_BYTES) {
      problems.push({ field: "bufferBytesPerVc", message: `must be below 2 GiB (${MAX_COUNTED_BYTES + 1} bytes): the packet model counts credits in 32-bit integers, got ${config.bufferBytesPerVc}` });
    }
    const hopNs = packetHopNs(config);
    if (config.deadlockTimeoutNs < hopNs) {
      problems.push({
        field: "deadlockTimeoutNs",
        message: `must be at least one packet's hop (router + link latency + a whole packet at link bandwidth = ${hopNs} ns), got ${config.deadlockTimeoutNs}`,
      });
    }
  }
  return problems;
}

/**
 * Problems with `config.linkClasses` on a topology whose link classes are `classNames`
 * (`Topology.linkClassNames`; none on a mesh/torus): each names its class.
 */
export function linkClassProblems(config: Pick<NetworkConfig, "linkClasses">, classNames: readonly string[] | undefined, kind: string): { readonly path: string; readonly message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const [name, c] of Object.entries(config.linkClasses ?? {})) {
    const path = `linkClasses.${name}`;
    if (classNames === undefined || classNames.length === 0) problems.push({ path, message: `a ${kind} has no link classes (its links all take linkBandwidthGBps and linkLatencyNs)` });
    else if (!classNames.includes(name)) problems.push({ path, message: `expected a link class of this ${kind}: ${classNames.join(", ")}, found ${name}` });
    if (c.bandwidthGBps !== undefined && !(c.bandwidthGBps > 0 && Number.isFinite(c.bandwidthGBps))) problems.push({ path: `${path}.bandwidthGBps`, message: `must be a positive number, got ${c.bandwidthGBps}` });
    if (c.latencyNs !== undefined && !(c.latencyNs >= 0 && Number.isFinite(c.latencyNs))) problems.push({ path: `${path}.latencyNs`, message: `must be ≥ 0, got ${c.latencyNs}` });
  }
  return problems;
}

/** Throws a RangeError naming the first field the model cannot run with. */
export function checkNetworkConfig(config: NetworkConfig, routingVcs: number, model?: NetworkModelKind): void {
  const [first] = networkConfigProblems(config, routingVcs, model);
  if (first !== undefined) throw new RangeError(`network.${first.field} ${first.message}`);
}
