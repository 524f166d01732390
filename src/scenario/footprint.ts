import { hasPerLinkClasses, type NetworkConfig, type NetworkModelKind } from "../network/index.js";
import { TorusTopology, type Topology } from "../topology/index.js";

/**
 * Memory the simulator's structures take, bytes, from their counts alone: so that a point too
 * large for the machine is refused before any of it is allocated. Each figure follows the
 * typed arrays its class allocates (named beside it); a test builds them and compares.
 */

/** What sizes the topology, routing and network tables. */
export interface TopologyCounts {
  readonly routers: number;
  readonly endpoints: number;
  /** Directed links that exist. */
  readonly links: number;
  /** Σ radix over routers: network ports, connected or not. */
  readonly portSlots: number;
  /** Largest radix. */
  readonly maxRadix: number;
  /** Bytes of the topology's own tables. */
  readonly topologyBytes: number;
}

/** The counts of a mesh/torus of `shape`, computed without building it. */
export function torusCounts(shape: readonly number[], wrap: boolean | readonly boolean[]): TopologyCounts {
  const nodes = shape.reduce((a, b) => a * b, 1);
  let ports = 0;
  let links = 0;
  for (const [i, k] of shape.entries()) {
    const ring = (typeof wrap === "boolean" ? wrap : wrap[i]) && k >= 3;
    if (k === 2) {
      ports += 1;
      links += nodes;
    } else if (k >= 3) {
      ports += 2;
      links += ring ? 2 * nodes : (2 * nodes * (k - 1)) / k;
    }
  }
  const channels = nodes * ports;
  return {
    routers: nodes,
    endpoints: nodes,
    links,
    portSlots: channels,
    maxRadix: ports,
    // TorusTopology: coordTable (Uint16 per node and axis), neighborTable and channelLink
    // (Int32 per channel), linkChannel (Int32 per link); per axis its stride and + and − ports,
    // per port its axis, direction and reverse.
    topologyBytes: nodes * shape.length * 2 + channels * 8 + links * 4 + shape.length * 8 + ports * 4,
  };
}

/** Counts of a topology spec, and the field a refusal names. */
export interface SpecCounts extends TopologyCounts {
  readonly field: string;
}

/** What `kindCounts` needs of a topology spec (scenario/machine.ts validates it). */
export type KindSpec =
  | { readonly kind?: "torus"; readonly shape: readonly number[]; readonly wrap: boolean | readonly boolean[] }
  | { readonly kind: "fat-tree"; readonly children: readonly number[]; readonly parents: readonly number[]; readonly parallel?: readonly number[] | undefined }
  | { readonly kind: "dragonfly"; readonly groups: number; readonly routersPerGroup: number; readonly endpointsPerRouter: number; readonly globalLinksPerRouter: number; readonly attachmentsPerEndpoint?: number | undefined };

/**
 * The counts of a topology of any kind from its spec, computed without building it (a fat
 * tree of a few lines can hold 10⁹ endpoints). Fat tree: level ℓ has ∏_{i≤ℓ} wᵢ·∏_{i>ℓ} mᵢ
 * switches with mℓ·pℓ down and w_{ℓ+1}·p_{ℓ+1} up ports; dragonfly: g·a routers of a−1+h ports.
 */
export function kindCounts(spec: KindSpec): SpecCounts {
  if (spec.kind === "fat-tree") {
    const { children: m, parents: w } = spec;
    const p = spec.parallel ?? m.map(() => 1);
    const h = m.length;
    const levelSize = (level: number): number => m.reduce((n, mi, i) => n * (i + 1 <= level ? w[i] : mi), 1);
    let routers = 0;
    let portSlots = 0;
    let maxRadix = 0;
    for (let level = 1; level <= h; level++) {
      const size = levelSize(level);
      const radix = (level >= 2 ? m[level - 1] * p[level - 1] : 0) + (level < h ? w[level] * p[level] : 0);
      routers += size;
      portSlots += size * radix;
      maxRadix = Math.max(maxRadix, radix);
    }
    // Every port of a fat tree is connected.
    return { routers, endpoints: levelSize(0), links: portSlots, portSlots, maxRadix, topologyBytes: portSlots * 12 + portSlots * 4 + routers * (h * 4 + 5), field: "topology.children" };
  }
  if (spec.kind === "dragonfly") {
    const { groups: g, routersPerGroup: a, endpointsPerRouter: p, globalLinksPerRouter: h } = spec;
    const routers = g * a;
    const radix = a - 1 + h;
    const portSlots = routers * radix;
    const globalPairs = g > 1 ? (g - 1) * Math.floor((a * h) / (g - 1)) : 0;
    const links = routers * (a - 1) + g * globalPairs;
    return { routers, endpoints: (routers * p) / (spec.attachmentsPerEndpoint ?? 1), links, portSlots, maxRadix: radix, topologyBytes: portSlots * 12 + links * 4, field: "topology.groups" };
  }
  return { ...torusCounts(spec.shape, spec.wrap), field: "topology.shape" };
}

/** The counts of a built topology. */
export function topologyCounts(topology: Topology): TopologyCounts {
  if (topology instanceof TorusTopology) return torusCounts(topology.shape, topology.wrap);
  let portSlots = 0;
  let maxRadix = 0;
  for (let r = 0; r < topology.routerCount; r++) {
    const radix = topology.radix(r);
    portSlots += radix;
    if (radix > maxRadix) maxRadix = radix;
  }
  // Other kinds keep tables of the same order: a few integers per port.
  return { routers: topology.routerCount, endpoints: topology.endpointCount, links: topology.linkCount, portSlots, maxRadix, topologyBytes: portSlots * 12 + topology.linkCount * 4 };
}

/** Bytes of one packet (PacketPool's columns and free list) and one message (MessagePool's). */
export const PACKET_RECORD_BYTES = 52;
export const MESSAGE_RECORD_BYTES = 53;
/** Bytes of one pending simulator event (its columns, free-list slot, calendar link and heap entry). */
export const EVENT_RECORD_BYTES = 44;

/** Which link-class tables a network keeps (see network/link-classes.ts). */
export interface ClassTables {
  /** Some router-to-router class has its own bandwidth or latency: per-link tables. */
  readonly perLink: boolean;
  /** The NICs' rate differs from the links' (the packet network then keeps a rate per slot). */
  readonly endpointRate: boolean;
}

export const NO_CLASS_TABLES: ClassTables = { perLink: false, endpointRate: false };

/** The link-class tables a network of `config` keeps on `topology`. */
export function classTablesOf(topology: Topology, config: Pick<NetworkConfig, "linkClasses" | "linkBandwidthGBps">): ClassTables {
  return {
    perLink: hasPerLinkClasses(topology, config),
    endpointRate: (config.linkClasses?.endpoint?.bandwidthGBps ?? config.linkBandwidthGBps) !== config.linkBandwidthGBps,
  };
}

/** Bytes the network model allocates up front for a topology of these counts. */
export function networkBytes(model: NetworkModelKind, c: TopologyCounts, config: Pick<NetworkConfig, "virtualChannels" | "injectionPorts">, classes: ClassTables = NO_CLASS_TABLES): number {
  const nics = c.endpoints * config.injectionPorts;
  // IdealNetwork: NIC busy times and next-NIC per endpoint, and its pending-message columns.
  if (model === "ideal") return nics * 8 + c.endpoints + 1024 * 24;
  const slots = c.portSlots + nics;
  // Link classes: per link its ns per byte, latency and bandwidth (LinkTiming.perLink) and, in
  // the packet network, its hop delay, and a rate per slot where any rate differs (PacketState).
  const classBytes = model === "packet"
    ? (classes.perLink ? c.links * 32 : 0) + (classes.perLink || classes.endpointRate ? slots * 8 : 0)
    : classes.perLink ? c.links * 24 : 0;
  const maskWords = Math.max(1, Math.ceil((c.maxRadix + config.injectionPorts) / 32));
  // RouterLayout: radix, terminals and slotBase per router; four Int32 per slot; three per
  // link and per NIC.
  const layout = c.routers * 12 + slots * 16 + c.links * 12 + nics * 12;
  // PacketNetwork: inputBuffers per slot; head, tail and credits per buffer (a buffer per
  // link or NIC and VC); per slot output busy/wake times, round-robin, request mask, input
  // VC round-robin and busy time; per NIC ejection bytes, queue head/tail, busy/wake times;
  // nicNext per endpoint; LinkStats' busy time per link.
  const buffers = (c.links + nics) * config.virtualChannels;
  // Credit returns keep a list head and tail per owner (output slot or NIC); adaptive
  // routing's view keeps the bytes queued per output slot.
  const state = slots * 4 + buffers * 12 + slots * (8 + 8 + 2 + 4 * maskWords + 1 + 8 + 4) + nics * 28 + c.endpoints + c.links * 8 + (slots + nics) * 8;
  // Pending credit returns: a table of 1,024 records (time, sequence, buffer, bytes, next,
  // owner, queued flag, free list) to start with.
  const creditRecords = 1024 * 37;
  return layout + state + classBytes + creditRecords + 1024 * (PACKET_RECORD_BYTES + MESSAGE_RECORD_BYTES);
}

/** Bytes of the routing's tables (Tofu routing keeps a path position per node). */
export function routingBytes(algorithm: string, c: TopologyCounts): number {
  return algorithm === "tofu" ? c.routers * 2 : 0;
}

/** `1.5 GB`, `312 MB`, `40 kB`: memory as people read it (powers of 1000). */
export function formatMemory(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toPrecision(3)} TB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toPrecision(3)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toPrecision(3)} MB`;
  return `${Math.ceil(bytes / 1e3)} kB`;
}
