/** No flow, element, block or resource. */
export const NONE = -1;

// What a flow id currently holds (field F_STATE).
/** Free. */
export const FREE = 0;
/** Sent, paying its head latency; not yet on any resource. */
export const LATENT = 1;
/** On its resources, sharing their bandwidth. */
export const ACTIVE = 2;
/** A message to oneself, delivered without the network. */
export const SELF = 3;
/** Past its head latency, waiting for its NIC to finish the messages sent before it. */
export const WAITING = 4;
/** Its NIC's turn, but waiting for a packet that another flow is finishing on one of its resources. */
export const DEFERRED = 5;

// Integer fields of a flow: fi[f * FI + field].
export const FI = 10;
/** First element of the flow's route block. */
export const F_ELEM_START = 0;
/** Resources the flow crosses (elements in its block). */
export const F_ELEM_COUNT = 1;
export const F_STATE = 2;
/** Free-list link; a live flow's owner may link it through this field too. */
export const F_NEXT = 3;
/** Solver: the epoch that last visited the flow. */
export const F_VISIT = 4;
/** The caller's token for the message. */
export const F_TOKEN = 5;
/** Links crossed. */
export const F_HOPS = 6;
/** Completion group the flow is in, NONE if none. */
export const F_GROUP = 7;
/** The next flow sent through the same NIC. */
export const F_NIC_NEXT = 8;

// Float fields of a flow: ff[f * FF + field].
export const FF = 8;
/** Current rate, bytes/ns (0 until first solved). */
export const F_RATE = 0;
/** Wire bytes still to send as of F_UPDATED_NS. */
export const F_REMAINING = 1;
export const F_UPDATED_NS = 2;
/** Max-min weight: rates on a shared bottleneck are proportional to it. */
export const F_WEIGHT = 3;
/** Solver: the rate being computed, −1 while not yet fixed. */
export const F_NEW_RATE = 4;
/** When its head latency ends (while latent), then when its last byte is due at its current rate. */
export const F_EVENT_NS = 5;
/** When the message was sent. */
export const F_POSTED_NS = 6;
export const F_PAYLOAD_BYTES = 7;

// Fields of a resource: ri[r * RI + field].
export const RI = 2;
/** First element of the resource's list of active flows, NONE if idle. */
export const R_HEAD = 0;
/** Active flows crossing the resource. */
export const R_FLOWS = 1;

// Fields of an element (one resource a flow crosses): el[e * EL + field].
export const EL = 4;
export const E_RES = 0;
export const E_FLOW = 1;
export const E_PREV = 2;
export const E_NEXT = 3;

const INITIAL_FLOWS = 1024;
const INITIAL_ELEMENTS = 4096;

/**
 * Flows and the resources they cross, in flat typed arrays indexed by integer ids.
 *
 * - Resources 0..resourceCount−1 each have a capacity (bytes/ns) and the list of the active
 *   flows that cross them (a doubly linked list of elements, so a flow leaves in O(hops)).
 * - A flow id names one message from its send to its delivery. Its route is a block of
 *   F_ELEM_COUNT consecutive elements, one per resource crossed (E_RES), taken when it is sent
 *   and returned when it is delivered.
 *
 * perf: each flow's, resource's and element's fields sit side by side in strided arrays
 * (`fi`, `ff`, `ri`, `el`) rather than one array per field: with a million flows and millions
 * of resources nearly every access misses the cache, and handling a flow then touches a few
 * cache lines instead of fifteen. A resource keeps only its list head and flow count here
 * (eight bytes, so a router's ports share a cache line); solver scratch lives in the solver. Flows, elements and blocks are recycled through
 * free lists and the arrays grow by doubling, so a run allocates nothing per message once it
 * reached its largest number of flows in flight. Read the arrays through the table each time
 * (`table.ff`): growing replaces them.
 */
export class FlowTable {
  readonly resourceCount: number;
  readonly ri: Int32Array;
  /** Bytes/ns of each resource. */
  readonly capacity: Float64Array;
  /** The capacity every resource has, or NaN when they differ. */
  readonly uniformCapacity: number;
  fi: Int32Array = new Int32Array(0);
  ff: Float64Array = new Float64Array(0);
  el: Int32Array = new Int32Array(0);

  private flowCapacity = 0;
  private freeFlow = NONE;
  /** Flows in use. */
  live = 0;
  private elemTop = 0;
  private elemCapacity = 0;
  /** Free blocks by length, linked through E_NEXT of their first element. */
  private freeBlock: Int32Array = new Int32Array(8).fill(NONE);
  private readonly flowGrowers: ((n: number) => void)[] = [];

  constructor(capacities: Float64Array) {
    const n = capacities.length;
    this.resourceCount = n;
    this.ri = new Int32Array(n * RI);
    this.capacity = capacities;
    let uniform = n > 0 ? capacities[0] : NaN;
    for (let r = 0; r < n; r++) {
      if (!(capacities[r] > 0 && capacities[r] < Infinity)) throw new RangeError(`resource ${r}: capacity must be a positive number, got ${capacities[r]}`);
      if (capacities[r] !== uniform) uniform = NaN;
      this.ri[r * RI + R_HEAD] = NONE;
    }
    this.uniformCapacity = uniform;
    this.growFlows(INITIAL_FLOWS);
    this.growElements(INITIAL_ELEMENTS);
  }

  /** Registers a caller's per-flow table to grow with the flow ids (called at once with the current size). */
  onFlowGrowth(grow: (n: number) => void): void {
    this.flowGrowers.push(grow);
    grow(this.flowCapacity);
  }

  get flowIdCapacity(): number {
    return this.flowCapacity;
  }

  /** A fresh flow id with a route block of `length` elements (resources to fill in), weight 1, rate 0. */
  allocate(length: number): number {
    if (this.freeFlow === NONE) this.growFlows(2 * this.flowCapacity);
    const f = this.freeFlow;
    const fi = this.fi;
    const ff = this.ff;
    const i = f * FI;
    this.freeFlow = fi[i + F_NEXT];
    this.live++;
    const start = length > 0 ? this.allocateBlock(length) : 0;
    fi[i + F_ELEM_START] = start;
    fi[i + F_ELEM_COUNT] = length;
    fi[i + F_NEXT] = NONE;
    fi[i + F_GROUP] = NONE;
    const j = f * FF;
    ff[j + F_RATE] = 0;
    ff[j + F_REMAINING] = 0;
    ff[j + F_WEIGHT] = 1;
    const el = this.el;
    for (let e = start; e < start + length; e++) el[e * EL + E_FLOW] = f;
    return f;
  }

  /** Returns flow `f` (detached, out of any group) and its block to the free lists. */
  release(f: number): void {
    const fi = this.fi;
    const i = f * FI;
    const n = fi[i + F_ELEM_COUNT];
    if (n > 0) {
      const first = fi[i + F_ELEM_START];
      this.el[first * EL + E_NEXT] = this.freeBlock[n];
      this.freeBlock[n] = first;
    }
    fi[i + F_STATE] = FREE;
    fi[i + F_NEXT] = this.freeFlow;
    this.freeFlow = f;
    this.live--;
  }

  /** Sets the k-th resource flow `f` crosses. */
  setResource(f: number, k: number, r: number): void {
    this.el[(this.fi[f * FI + F_ELEM_START] + k) * EL + E_RES] = r;
  }

  /** Puts flow `f` on the flow list of every resource it crosses. */
  attach(f: number): void {
    const el = this.el;
    const ri = this.ri;
    const start = this.fi[f * FI + F_ELEM_START];
    const end = start + this.fi[f * FI + F_ELEM_COUNT];
    for (let e = start; e < end; e++) {
      const x = e * EL;
      const r = el[x + E_RES] * RI;
      const head = ri[r + R_HEAD];
      el[x + E_PREV] = NONE;
      el[x + E_NEXT] = head;
      if (head !== NONE) el[head * EL + E_PREV] = e;
      ri[r + R_HEAD] = e;
      ri[r + R_FLOWS]++;
    }
  }

  /** Takes flow `f` off the flow lists of its resources. */
  detach(f: number): void {
    const el = this.el;
    const ri = this.ri;
    const start = this.fi[f * FI + F_ELEM_START];
    const end = start + this.fi[f * FI + F_ELEM_COUNT];
    for (let e = start; e < end; e++) {
      const x = e * EL;
      const r = el[x + E_RES] * RI;
      const prev = el[x + E_PREV];
      const next = el[x + E_NEXT];
      if (prev === NONE) ri[r + R_HEAD] = next;
      else el[prev * EL + E_NEXT] = next;
      if (next !== NONE) el[next * EL + E_PREV] = prev;
      ri[r + R_FLOWS]--;
    }
  }

  /** Active flows crossing resource `r`. */
  flowsOn(r: number): number {
    return this.ri[r * RI + R_FLOWS];
  }

  rate(f: number): number {
    return this.ff[f * FF + F_RATE];
  }

  /** Bytes per flow id, per element (one per resource a flow crosses) and per resource. */
  static readonly BYTES_PER_FLOW_ID = FI * 4 + FF * 8;
  static readonly BYTES_PER_ELEMENT = EL * 4;
  static readonly BYTES_PER_RESOURCE = RI * 4 + 8;

  /** Bytes of every array as allocated now. */
  get byteLength(): number {
    return this.ri.byteLength + this.capacity.byteLength + this.fi.byteLength + this.ff.byteLength + this.el.byteLength + this.freeBlock.byteLength;
  }

  private allocateBlock(length: number): number {
    if (length >= this.freeBlock.length) {
      const grown = new Int32Array(Math.max(length + 1, 2 * this.freeBlock.length)).fill(NONE);
      grown.set(this.freeBlock);
      this.freeBlock = grown;
    }
    const free = this.freeBlock[length];
    if (free !== NONE) {
      this.freeBlock[length] = this.el[free * EL + E_NEXT];
      return free;
    }
    while (this.elemTop + length > this.elemCapacity) this.growElements(2 * this.elemCapacity);
    const first = this.elemTop;
    this.elemTop += length;
    return first;
  }

  private growFlows(n: number): void {
    const old = this.flowCapacity;
    this.fi = grow(this.fi, n * FI);
    this.ff = grow(this.ff, n * FF);
    // New ids join the free list in id order.
    for (let f = n - 1; f >= old; f--) {
      this.fi[f * FI + F_NEXT] = this.freeFlow;
      this.freeFlow = f;
    }
    this.flowCapacity = n;
    for (const g of this.flowGrowers) g(n);
  }

  private growElements(n: number): void {
    this.el = grow(this.el, n * EL);
    this.elemCapacity = n;
  }
}

type Typed = Uint8Array | Int32Array | Float64Array;

/** A copy of `a` lengthened to `n` entries (zero-filled). */
export function grow<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
