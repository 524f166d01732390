import { NIC_PUSH, WAKE, type PacketState } from "./state.js";

/**
 * Wake-ups: when an output or a NIC cannot act now but will be able to at a known time (its
 * link frees, a packet becomes ready, a message's NIC latency ends), it asks to be woken then.
 *
 * perf: one pending wake per output (and per NIC) is enough when it is no later than the one
 * asked for — the woken side looks again and asks anew if it must — so a burst of requests
 * costs one event, not one each.
 */
export class Wakeups {
  /** Time of each output's pending WAKE event, −1 if none (the state's column). */
  readonly outWakeNs: Float64Array;
  /** Time of each NIC's pending NIC_PUSH event, −1 if none (the state's column). */
  readonly nicWakeNs: Float64Array;
  private readonly wakeKind: number;
  private readonly nicPushKind: number;

  constructor(private readonly state: PacketState) {
    this.outWakeNs = state.outWakeNs;
    this.nicWakeNs = state.nicWakeNs;
    this.wakeKind = state.eventBase + WAKE;
    this.nicPushKind = state.eventBase + NIC_PUSH;
  }

  /** Wakes output slot `o` at `atNs` (≥ now) unless a wake no later than that is pending. */
  output(o: number, atNs: number): void {
    const pending = this.outWakeNs[o];
    if (pending >= this.state.sim.nowNs && pending <= atNs) return;
    this.outWakeNs[o] = atNs;
    this.state.sim.scheduleInLane(this.state.wakeLane, atNs, this.wakeKind, o);
  }

  /** Wakes NIC `q` at `atNs` (≥ now) unless a wake no later than that is pending. */
  nic(q: number, atNs: number): void {
    const pending = this.nicWakeNs[q];
    if (pending >= this.state.sim.nowNs && pending <= atNs) return;
    this.nicWakeNs[q] = atNs;
    this.state.sim.scheduleInLane(this.state.wakeLane, atNs, this.nicPushKind, q);
  }

  /** Output `o`'s WAKE event fired at `nowNs`: it no longer covers later requests. */
  outputWoken(o: number, nowNs: number): void {
    if (this.outWakeNs[o] === nowNs) this.outWakeNs[o] = -1;
  }

  /** NIC `q`'s NIC_PUSH event fired at `nowNs`. */
  nicWoken(q: number, nowNs: number): void {
    if (this.nicWakeNs[q] === nowNs) this.nicWakeNs[q] = -1;
  }

  /** Bytes of its own tables (its columns are the state's). */
  get byteLength(): number {
    return 0;
  }
}
