/**
 * Struct-of-arrays tables for packets and messages, with free lists.
 * perf: packets and messages are integer ids into typed arrays, recycled through a free
 * list, so the network allocates nothing per packet once the tables have grown.
 */

function grow<T extends Float64Array | Int32Array | Int16Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

export class PacketPool {
  msg: Int32Array;
  dst: Int32Array;
  /** Node whose router holds the packet's head. */
  node: Int32Array;
  wireBytes: Int32Array;
  payloadBytes: Int32Array;
  /** Ejection interface at the destination. */
  nic: Uint8Array;
  /** Output requested at `node`: router port, or portCount + ejection interface. */
  outPort: Int16Array;
  /** Routing VC class of the channel the packet last took (its input VC for routing). */
  vcClass: Uint8Array;
  /** Output port of the previous hop, −1 before the first hop. */
  inPort: Int16Array;
  /** Next packet in the same buffer or NIC queue, −1 at the tail. */
  next: Int32Array;
  hops: Uint16Array;
  /** Earliest time the packet may be switched at `node`. */
  readyNs: Float64Array;
  /** When its message was handed to the NIC. */
  createdNs: Float64Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  live = 0;

  constructor(capacity = 1024) {
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
    this.free = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.msg.length;
  }

  allocate(): number {
    this.live++;
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  release(id: number): void {
    this.live--;
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.msg = grow(this.msg, n);
    this.dst = grow(this.dst, n);
    this.node = grow(this.node, n);
    this.wireBytes = grow(this.wireBytes, n);
    this.payloadBytes = grow(this.payloadBytes, n);
    this.nic = grow(this.nic, n);
    this.outPort = grow(this.outPort, n);
    this.vcClass = grow(this.vcClass, n);
    this.inPort = grow(this.inPort, n);
    this.next = grow(this.next, n);
    this.hops = grow(this.hops, n);
    this.readyNs = grow(this.readyNs, n);
    this.createdNs = grow(this.createdNs, n);
    this.free = grow(this.free, n);
  }
}

export class MessagePool {
  src: Int32Array;
  dst: Int32Array;
  token: Int32Array;
  /** Routing state chosen at send time (e.g. a Tofu path position). */
  tag: Int32Array;
  nic: Uint8Array;
  /** 1 if the message counts in the measured statistics. */
  measured: Uint8Array;
  /** Payload bytes not yet cut into packets. */
  unsentBytes: Float64Array;
  /** Packets not yet delivered (including those not yet cut). */
  undeliveredPackets: Int32Array;
  /** Next message in the same NIC queue, −1 at the tail. */
  next: Int32Array;
  /** Earliest time its first packet may leave the source router. */
  readyNs: Float64Array;
  postedNs: Float64Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  live = 0;

  constructor(capacity = 1024) {
    this.src = new Int32Array(capacity);
    this.dst = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.tag = new Int32Array(capacity);
    this.nic = new Uint8Array(capacity);
    this.measured = new Uint8Array(capacity);
    this.unsentBytes = new Float64Array(capacity);
    this.undeliveredPackets = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.readyNs = new Float64Array(capacity);
    this.postedNs = new Float64Array(capacity);
    this.free = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.src.length;
  }

  allocate(): number {
    this.live++;
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  release(id: number): void {
    this.live--;
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.src = grow(this.src, n);
    this.dst = grow(this.dst, n);
    this.token = grow(this.token, n);
    this.tag = grow(this.tag, n);
    this.nic = grow(this.nic, n);
    this.measured = grow(this.measured, n);
    this.unsentBytes = grow(this.unsentBytes, n);
    this.undeliveredPackets = grow(this.undeliveredPackets, n);
    this.next = grow(this.next, n);
    this.readyNs = grow(this.readyNs, n);
    this.postedNs = grow(this.postedNs, n);
    this.free = grow(this.free, n);
  }
}
