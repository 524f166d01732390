import { TransportWrapper, type DeliveryListener, type Transport } from "../network/index.js";

/**
 * MPI's rendezvous protocol in front of a transport. A message of at most `eagerLimitBytes`
 * goes at once (eager: MPI copies it through its own buffers, which the executor charges as
 * CPU time, `HostCosts.eagerCopyGBps`). A larger one first sends a header-only request to send
 * (RTS) to the receiver, which answers with a header-only RDMA get request; only then does the
 * data move, without copies, through the same network interface. The handshake is one round
 * trip of real messages through the network, so it costs more between distant nodes and under
 * load. Fujitsu MPI's rendezvous on Tofu is an RDMA get (its eager limit is the MCA parameter
 * `btl_tofu_eager_limit`); that the receiver answers at once — the receive already posted, as
 * collectives post theirs before they send — is this model's assumption.
 *
 * Tokens: the caller's token t travels as 2t (data); handshake messages use odd tokens 2s+1 for
 * a slot s of the pending-rendezvous table.
 */
export class MpiProtocolTransport extends TransportWrapper implements DeliveryListener {
  private listener: DeliveryListener | undefined;
  // perf: pending rendezvous live in a pooled struct-of-arrays table with a free list.
  private src = new Int32Array(16);
  private dst = new Int32Array(16);
  private size = new Float64Array(16);
  private token = new Int32Array(16);
  private nic = new Int32Array(16);
  /** 0: the RTS is on its way; 1: the get request is on its way back. Free slots: next free slot. */
  private phase = new Int32Array(16);
  private next = new Int32Array(16);
  private free = -1;
  private capacity = 0;
  /** Rendezvous started (for reports and tests). */
  rendezvousCount = 0;

  constructor(
    inner: Transport,
    readonly eagerLimitBytes: number,
  ) {
    super(inner);
    if (!(eagerLimitBytes >= 0)) throw new RangeError(`eagerLimitBytes must be ≥ 0, got ${eagerLimitBytes}`);
    this.grow(16);
    inner.setListener(this);
  }

  override setListener(listener: DeliveryListener): void {
    this.listener = listener;
  }

  send(src: number, dst: number, sizeBytes: number, token: number, nic = -1): void {
    if (sizeBytes <= this.eagerLimitBytes || src === dst) return this.forward(src, dst, sizeBytes, 2 * token, nic);
    if (this.free < 0) this.grow(2 * this.capacity);
    const s = this.free;
    this.free = this.next[s];
    this.src[s] = src;
    this.dst[s] = dst;
    this.size[s] = sizeBytes;
    this.token[s] = token;
    this.nic[s] = nic;
    this.phase[s] = 0;
    this.rendezvousCount++;
    this.forward(src, dst, 0, 2 * s + 1, nic);
  }

  onDelivered(token: number, nowNs: number): void {
    if ((token & 1) === 0) {
      this.listener?.onDelivered(token / 2, nowNs);
      return;
    }
    const s = (token - 1) / 2;
    if (this.phase[s] === 0) {
      this.phase[s] = 1;
      this.forward(this.dst[s], this.src[s], 0, token, this.nic[s]);
      return;
    }
    const src = this.src[s];
    const dst = this.dst[s];
    const size = this.size[s];
    const data = this.token[s];
    const nic = this.nic[s];
    this.next[s] = this.free;
    this.free = s;
    this.forward(src, dst, size, 2 * data, nic);
  }

  private forward(src: number, dst: number, sizeBytes: number, token: number, nic: number): void {
    if (nic < 0) this.inner.send(src, dst, sizeBytes, token);
    else this.inner.send(src, dst, sizeBytes, token, nic);
  }

  private grow(capacity: number): void {
    const n = Math.max(16, capacity);
    const old = this.capacity;
    const int = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a.subarray(0, old));
      return b;
    };
    this.src = int(this.src);
    this.dst = int(this.dst);
    this.token = int(this.token);
    this.nic = int(this.nic);
    this.phase = int(this.phase);
    this.next = int(this.next);
    const size = new Float64Array(n);
    size.set(this.size.subarray(0, old));
    this.size = size;
    for (let i = n - 1; i >= old; i--) {
      this.next[i] = this.free;
      this.free = i;
    }
    this.capacity = n;
  }
}
