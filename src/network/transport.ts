import type { Simulator } from "../engine/index.js";

/** Told when a message has fully arrived. */
export interface DeliveryListener {
  onDelivered(token: number, nowNs: number): void;
}

/**
 * The narrow waist between what drives the network (collectives, traffic) and how the
 * network is modelled (packet level, ideal). The caller names each message with an integer
 * `token` of its own choosing and hears it back on delivery: no closure per message.
 */
export interface Transport {
  readonly sim: Simulator;
  readonly endpointCount: number;
  /** Where deliveries are reported; one listener per transport. */
  setListener(listener: DeliveryListener): void;
  /**
   * Sends `sizeBytes` (≥ 0) from endpoint `src` to endpoint `dst` now. `nic` picks the sending
   * network interface (default: round-robin per source). A message to oneself is delivered
   * at once, without touching the network.
   */
  send(src: number, dst: number, sizeBytes: number, token: number, nic?: number): void;
}

/**
 * A transport in front of another one (a delay, a queue): it shares the inner transport's
 * simulator, nodes and listener and decides only when and how messages are handed on.
 */
export abstract class TransportWrapper<T extends Transport = Transport> implements Transport {
  constructor(readonly inner: T) {}

  get sim(): Simulator {
    return this.inner.sim;
  }

  get endpointCount(): number {
    return this.inner.endpointCount;
  }

  setListener(listener: DeliveryListener): void {
    this.inner.setListener(listener);
  }

  abstract send(src: number, dst: number, sizeBytes: number, token: number, nic?: number): void;
}
