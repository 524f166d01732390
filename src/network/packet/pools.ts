/**
 * Struct-of-arrays tables for packets and messages, with free lists.
 * perf: packets and messages are integer ids into typed arrays, recycled through a free
 * list, so the network allocates nothing per packet once the tables have grown.
 */

type Column = Float64Array | Int32Array | Int16Array | Uint16Array | Uint8Array;

function grown<T extends Column>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Ids 0.. handed out and recycled; subclasses hold one typed-array column per field. */
abstract class IdTable {
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  /** Ids allocated and not released. */
  live = 0;

  constructor(protected capacity: number) {
    this.free = new Int32Array(capacity);
  }

  allocate(): number {
    this.live++;
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.capacity) {
      this.capacity *= 2;
      this.free = grown(this.free, this.capacity);
      this.growColumns(this.capacity);
    }
    return this.used++;
  }

  release(id: number): void {
    this.live--;
    this.free[this.freeCount++] = id;
  }

  /** Doubles every column; called when the table is full. */
  protected abstract growColumns(n: number): void;

  /** Replaces each named column by a copy of size `n`. */
  protected growEach<K extends keyof this>(keys: readonly K[], n: number): void {
    const self = this as unknown as Record<K, Column>;
    for (const k of keys) self[k] = grown(self[k], n);
  }
}

const PACKET_COLUMNS = ["msg", "dst", "node", "wireBytes", "payloadBytes", "nic", "outPort", "vcClass", "inPort", "next", "hops", "readyNs", "createdNs"] as const;

export class PacketPool extends IdTable {
  msg: Int32Array;
  /** Destination router. */
  dst: Int32Array;
  /** Router holding the packet's head. */
  node: Int32Array;
  wireBytes: Int32Array;
  payloadBytes: Int32Array;
  /** Ejection interface at the destination. */
  nic: Uint8Array;
  /** Output requested at `node`: a network port, or a terminal (radix + index) to eject. */
  outPort: Int16Array;
  /** Routing VC class of the channel the packet last took (its input VC for routing). */
  vcClass: Uint8Array;
  /** Output port of the previous hop, −1 before the first hop. */
  inPort: Int16Array;
  /** Next packet in the same buffer, −1 at the tail. */
  next: Int32Array;
  hops: Uint16Array;
  /** Earliest time the packet may be switched at `node`. */
  readyNs: Float64Array;
  /** When its message was handed to the NIC. */
  createdNs: Float64Array;

  constructor(capacity = 1024) {
    super(capacity);
    this.msg = new Int32Array(capacity);
    this.dst = new Int32Array(capacity);
    this.node = new Int32Array(capacity);
    this.wireBytes = new Int32Array(capacity);
    this.payloadBytes = new Int32Array(capacity);
    this.nic = new Uint8Array(capacity);
    this.outPort = new Int16Array(capacity);
    this.vcClass = new Uint8Array(capacity);
    this.inPort = new Int16Array(capacity);
    this.next = new Int32Array(capacity);
    this.hops = new Uint16Array(capacity);
    this.readyNs = new Float64Array(capacity);
    this.createdNs = new Float64Array(capacity);
  }

  protected growColumns(n: number): void {
    this.growEach(PACKET_COLUMNS, n);
  }
}

const MESSAGE_COLUMNS = ["dst", "dstRouter", "token", "tag", "nic", "unsentBytes", "undeliveredPackets", "next", "readyNs", "postedNs"] as const;

export class MessagePool extends IdTable {
  /** Destination endpoint, and the router where its NIC of the message's index attaches. */
  dst: Int32Array;
  dstRouter: Int32Array;
  token: Int32Array;
  /** Routing state chosen at send time (e.g. a Tofu path position). */
  tag: Int32Array;
  nic: Uint8Array;
  /** Payload bytes not yet cut into packets. */
  unsentBytes: Float64Array;
  /** Packets not yet delivered (including those not yet cut). */
  undeliveredPackets: Int32Array;
  /** Next message in the same NIC queue, −1 at the tail. */
  next: Int32Array;
  /** Earliest time its first packet may enter the router. */
  readyNs: Float64Array;
  postedNs: Float64Array;

  constructor(capacity = 1024) {
    super(capacity);
    this.dst = new Int32Array(capacity);
    this.dstRouter = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.tag = new Int32Array(capacity);
    this.nic = new Uint8Array(capacity);
    this.unsentBytes = new Float64Array(capacity);
    this.undeliveredPackets = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.readyNs = new Float64Array(capacity);
    this.postedNs = new Float64Array(capacity);
  }

  protected growColumns(n: number): void {
    this.growEach(MESSAGE_COLUMNS, n);
  }
}
