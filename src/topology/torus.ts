import { TopologyKindError, type Topology } from "./topology.js";

/** A mesh/torus shape: axis sizes, a wrap flag per axis and axis names. */
export interface TopologySpec {
  readonly shape: readonly number[];
  readonly wrap: readonly boolean[];
  readonly axes: readonly string[];
}

/** Direction of a hop along an axis. */
export type Direction = 1 | -1;

export const MAX_AXIS_SIZE = 65_535;
/** Most axes (an axis index is one signed byte per port). */
export const MAX_AXES = 127;
/** Most port slots, nodes × ports (channel ids are int32). */
export const MAX_CHANNELS = 2 ** 31 - 1;

/**
 * An n-dimensional mesh/torus (Tofu included): node ids, coordinates, ports and links. Every
 * node is one router with one endpoint (router id = endpoint id = node id).
 *
 * Ports are numbered axis by axis: an axis of size ≥ 3 has two ports (+ then −), an axis of
 * size 2 has one (its single link, like Tofu's A and C: a wrap flag cannot double it), an
 * axis of size 1 has none. Every node has the same port numbering; ports on the open edge of
 * a mesh axis exist but are not connected. Channel `node * portCount + port` is the slot of
 * port `port` of `node`; link ids number the connected channels in that order.
 */
export class TorusTopology implements Topology {
  readonly kind = "torus" as const;
  readonly shape: readonly number[];
  readonly axes: readonly string[];
  /** Whether each axis is a ring (wrap requested and size ≥ 3). */
  readonly ring: readonly boolean[];
  /** The wrap flags as given. */
  readonly wrap: readonly boolean[];
  readonly axisCount: number;
  readonly nodeCount: number;
  /** Router ids = endpoint ids = node ids. */
  readonly endpointCount: number;
  readonly routerCount: number;
  readonly portCount: number;
  readonly maxRadix: number;
  /** Port slots, connected or not: nodeCount × portCount. */
  readonly channelCount: number;
  /** Directed links that exist (connected channels). */
  readonly linkCount: number;
  /** Largest minimal distance between two nodes. */
  readonly diameter: number;

  /** Multiplier of each axis' coordinate in the node id (axis 0 varies fastest). */
  readonly strides: Int32Array;
  /** Axis of each port. */
  readonly portAxis: Int8Array;
  /** +1 or −1 for each port; 0 for the single port of a size-2 axis. */
  readonly portDirection: Int8Array;
  private readonly plusPort: Int16Array;
  /** The port a link through port p arrives on at the neighbour (+ ↔ −; a size-2 axis' single port to itself). */
  private readonly reversePort: Int16Array;
  private readonly minusPort: Int16Array;
  // perf: coordinates and neighbours are tables (2 B × axes + 4 B × ports per node: 52 B on
  // Tofu's 6 axes and 10 ports) so that routing does no division on the hot path.
  private readonly coordTable: Uint16Array;
  private readonly neighborTable: Int32Array;
  /** Per channel: its link id, −1 where unconnected; per link: its channel. */
  private readonly channelLink: Int32Array;
  private readonly linkChannel: Int32Array;

  constructor(spec: TopologySpec) {
    validateSpec(spec);
    this.shape = [...spec.shape];
    this.axes = [...spec.axes];
    this.wrap = [...spec.wrap];
    this.axisCount = spec.shape.length;
    this.ring = this.shape.map((k, i) => spec.wrap[i] && k >= 3);

    this.strides = new Int32Array(this.axisCount);
    let nodes = 1;
    for (let i = 0; i < this.axisCount; i++) {
      this.strides[i] = nodes;
      nodes *= this.shape[i];
    }
    this.nodeCount = nodes;
    this.endpointCount = nodes;
    this.routerCount = nodes;

    this.plusPort = new Int16Array(this.axisCount).fill(-1);
    this.minusPort = new Int16Array(this.axisCount).fill(-1);
    const portAxis: number[] = [];
    const portDirection: number[] = [];
    for (let i = 0; i < this.axisCount; i++) {
      const k = this.shape[i];
      if (k === 2) {
        this.plusPort[i] = this.minusPort[i] = portAxis.length;
        portAxis.push(i);
        portDirection.push(0);
      } else if (k >= 3) {
        this.plusPort[i] = portAxis.length;
        portAxis.push(i);
        portDirection.push(1);
        this.minusPort[i] = portAxis.length;
        portAxis.push(i);
        portDirection.push(-1);
      }
    }
    this.portAxis = Int8Array.from(portAxis);
    this.portDirection = Int8Array.from(portDirection);
    this.portCount = portAxis.length;
    this.maxRadix = this.portCount;
    if (this.nodeCount * Math.max(1, this.portCount) > MAX_CHANNELS) {
      throw new RangeError(`topology too large: ${this.nodeCount} nodes × ${this.portCount} ports exceeds 2^31 channels`);
    }
    this.channelCount = this.nodeCount * this.portCount;

    this.coordTable = new Uint16Array(this.nodeCount * this.axisCount);
    for (let n = 0; n < this.nodeCount; n++) {
      let rest = n;
      for (let i = 0; i < this.axisCount; i++) {
        this.coordTable[n * this.axisCount + i] = rest % this.shape[i];
        rest = Math.floor(rest / this.shape[i]);
      }
    }

    this.neighborTable = new Int32Array(this.channelCount);
    this.channelLink = new Int32Array(this.channelCount);
    let links = 0;
    for (let n = 0; n < this.nodeCount; n++) {
      for (let p = 0; p < this.portCount; p++) {
        const m = this.computeNeighbor(n, p);
        this.neighborTable[n * this.portCount + p] = m;
        this.channelLink[n * this.portCount + p] = m >= 0 ? links++ : -1;
      }
    }
    this.linkCount = links;
    this.linkChannel = new Int32Array(links);
    for (let c = 0; c < this.channelCount; c++) if (this.channelLink[c] >= 0) this.linkChannel[this.channelLink[c]] = c;
    this.reversePort = new Int16Array(this.portCount);
    for (let p = 0; p < this.portCount; p++) {
      const dir = this.portDirection[p];
      this.reversePort[p] = dir === 0 ? p : this.portFor(this.portAxis[p], dir > 0 ? -1 : 1);
    }
    this.diameter = this.shape.reduce((sum, k, i) => sum + (this.ring[i] ? Math.floor(k / 2) : k - 1), 0);
  }

  /** Coordinate of `node` along `axis`. */
  coord(node: number, axis: number): number {
    return this.coordTable[node * this.axisCount + axis];
  }

  coordsOf(node: number): number[] {
    this.checkNode(node);
    const out: number[] = new Array(this.axisCount);
    for (let i = 0; i < this.axisCount; i++) out[i] = this.coord(node, i);
    return out;
  }

  nodeAt(coords: readonly number[]): number {
    if (coords.length !== this.axisCount) {
      throw new RangeError(`expected ${this.axisCount} coordinates, got ${coords.length}`);
    }
    let id = 0;
    for (let i = 0; i < this.axisCount; i++) {
      const c = coords[i];
      if (!Number.isInteger(c) || c < 0 || c >= this.shape[i]) {
        throw new RangeError(`coordinate ${this.axes[i]}=${c} is outside 0..${this.shape[i] - 1}`);
      }
      id += c * this.strides[i];
    }
    return id;
  }

  /** The node reached from `node` through `port`, or −1 where the port has no link. */
  neighbor(node: number, port: number): number {
    return this.neighborTable[node * this.portCount + port];
  }

  radix(_router: number): number {
    return this.portCount;
  }

  arrivalPort(node: number, port: number): number {
    return this.neighborTable[node * this.portCount + port] < 0 ? -1 : this.reversePort[port];
  }

  linkId(node: number, port: number): number {
    return this.channelLink[node * this.portCount + port];
  }

  linkSource(link: number): number {
    return Math.floor(this.linkChannel[link] / this.portCount);
  }

  linkPort(link: number): number {
    return this.linkChannel[link] % this.portCount;
  }

  endpointAttachments(_endpoint: number): number {
    return 1;
  }

  endpointRouter(endpoint: number, _i: number): number {
    return endpoint;
  }

  /** The axis a hop from `node` through `port` moves along and its direction (a size-2 axis' link is + from 0, − from 1). */
  step(node: number, port: number): { axis: number; direction: 1 | -1 } {
    const axis = this.portAxis[port];
    const dir = this.portDirection[port];
    return { axis, direction: dir !== 0 ? (dir as 1 | -1) : this.coord(node, axis) === 0 ? 1 : -1 };
  }

  /** `X+`, `Y-`; the single link of a size-2 axis is + from coordinate 0 and − from 1. */
  describePort(node: number, port: number): string {
    const axis = this.portAxis[port];
    const dir = this.portDirection[port];
    const sign = dir > 0 ? "+" : dir < 0 ? "-" : this.coord(node, axis) === 0 ? "+" : "-";
    return `${this.axes[axis]}${sign}`;
  }

  routerCoordinates(node: number): number[] {
    return this.coordsOf(node);
  }

  endpointCoordinates(node: number): number[] {
    return this.coordsOf(node);
  }

  /** The port for moving along `axis` in `direction`, or −1 if the axis has no link. */
  portFor(axis: number, direction: Direction): number {
    return direction > 0 ? this.plusPort[axis] : this.minusPort[axis];
  }

  /** Minimal number of hops along `axis` from coordinate `from` to `to`. */
  axisDistance(axis: number, from: number, to: number): number {
    const d = Math.abs(to - from);
    return this.ring[axis] ? Math.min(d, this.shape[axis] - d) : d;
  }

  /** Minimal hop count between two nodes. */
  distance(a: number, b: number): number {
    let sum = 0;
    for (let i = 0; i < this.axisCount; i++) sum += this.axisDistance(i, this.coord(a, i), this.coord(b, i));
    return sum;
  }

  /** Bytes of the per-node tables. */
  bytesPerEndpoint(): number {
    return (this.coordTable.byteLength + this.neighborTable.byteLength + this.channelLink.byteLength + this.linkChannel.byteLength) / this.nodeCount;
  }

  /** "24x23x24x2x3x2". */
  describeShape(): string {
    return this.shape.join("x");
  }

  checkNode(node: number): void {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) {
      throw new RangeError(`node ${node} is outside 0..${this.nodeCount - 1}`);
    }
  }

  private computeNeighbor(node: number, port: number): number {
    const axis = this.portAxis[port];
    const k = this.shape[axis];
    const c = this.coord(node, axis);
    const dir = this.portDirection[port];
    let next: number;
    if (dir === 0) next = 1 - c;
    else {
      next = c + dir;
      if (next < 0 || next >= k) {
        if (!this.ring[axis]) return -1;
        next = (next + k) % k;
      }
    }
    return node + (next - c) * this.strides[axis];
  }
}

function validateSpec(spec: TopologySpec): void {
  const n = spec.shape.length;
  if (n < 1) throw new RangeError("a topology needs at least one axis");
  if (spec.wrap.length !== n) throw new RangeError(`wrap has ${spec.wrap.length} entries, shape has ${n}`);
  if (spec.axes.length !== n) throw new RangeError(`axes has ${spec.axes.length} names, shape has ${n}`);
  if (new Set(spec.axes).size !== n) throw new RangeError(`axis names must be unique: ${spec.axes.join(", ")}`);
  if (n > MAX_AXES) throw new RangeError(`at most ${MAX_AXES} axes, got ${n}`);
  for (const k of spec.shape) {
    if (!Number.isInteger(k) || k < 1 || k > MAX_AXIS_SIZE) {
      throw new RangeError(`axis sizes must be integers in 1..${MAX_AXIS_SIZE}, got ${k}`);
    }
  }
}

/** `topology` as a mesh/torus, or a TopologyKindError naming `what` needed one. */
export function requireTorus(topology: Topology, what: string): TorusTopology {
  if (topology instanceof TorusTopology) return topology;
  throw new TopologyKindError(what, "torus", topology.kind);
}
