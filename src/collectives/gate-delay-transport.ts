import type { EventHandler } from "../engine/index.js";
import { TransportWrapper, type Transport } from "../network/index.js";

/**
 * A transport that holds every message for a fixed `delayNs` before handing it to the inner
 * one: the processing time of a hardware gate (Tofu's barrier interface) between the signal
 * arriving and the gate's own packet leaving. Unlike a host send overhead it occupies no CPU
 * and never queues: every message waits exactly `delayNs`, however many are in flight.
 */
export class GateDelayTransport extends TransportWrapper implements EventHandler {
  private readonly kind: number;
  // perf: every message waits the same delay and equal-time events run in scheduling order, so
  // messages leave in the order they came: a FIFO ring of typed arrays, no object per message.
  private src = new Int32Array(16);
  private dst = new Int32Array(16);
  private size = new Float64Array(16);
  private token = new Int32Array(16);
  private nic = new Int32Array(16);
  private head = 0;
  private count = 0;

  constructor(
    inner: Transport,
    readonly delayNs: number,
  ) {
    super(inner);
    if (!(delayNs >= 0 && delayNs < Infinity)) throw new RangeError(`gate delay must be a finite number ≥ 0 ns, got ${delayNs}`);
    this.kind = inner.sim.register(this, 1);
  }

  send(src: number, dst: number, sizeBytes: number, token: number, nic = -1): void {
    if (this.delayNs === 0) return this.forward(src, dst, sizeBytes, token, nic);
    if (this.count === this.src.length) this.grow();
    const slot = (this.head + this.count) % this.src.length;
    this.src[slot] = src;
    this.dst[slot] = dst;
    this.size[slot] = sizeBytes;
    this.token[slot] = token;
    this.nic[slot] = nic;
    this.count++;
    this.sim.scheduleIn(this.delayNs, this.kind);
  }

  handleEvent(): void {
    const slot = this.head;
    this.head = (this.head + 1) % this.src.length;
    this.count--;
    this.forward(this.src[slot], this.dst[slot], this.size[slot], this.token[slot], this.nic[slot]);
  }

  private forward(src: number, dst: number, sizeBytes: number, token: number, nic: number): void {
    if (nic < 0) this.inner.send(src, dst, sizeBytes, token);
    else this.inner.send(src, dst, sizeBytes, token, nic);
  }

  private grow(): void {
    const n = 2 * this.src.length;
    this.src = unroll(this.src, new Int32Array(n), this.head, this.count);
    this.dst = unroll(this.dst, new Int32Array(n), this.head, this.count);
    this.size = unroll(this.size, new Float64Array(n), this.head, this.count);
    this.token = unroll(this.token, new Int32Array(n), this.head, this.count);
    this.nic = unroll(this.nic, new Int32Array(n), this.head, this.count);
    this.head = 0;
  }
}

/** Copies the `count` queued entries of ring `from` starting at `head` to the front of `to`. */
function unroll<T extends Int32Array | Float64Array>(from: T, to: T, head: number, count: number): T {
  for (let k = 0; k < count; k++) to[k] = from[(head + k) % from.length];
  return to;
}
