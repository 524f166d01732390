import { WATCHDOG, type PacketState } from "./state.js";

/**
 * The deadlock watchdog: while packets are in the network it checks, `deadlockTimeoutNs` after
 * the last known progress (a grant, an arrival, a credit, a delivery), whether any packet has
 * moved since; if none has, it calls the network stuck.
 *
 * It sleeps while no packet is in the network — messages waiting at a NIC (for their NIC
 * latency, say) are not stuck: their NIC has a wake-up or a credit coming — and a packet's
 * injection wakes it (`arm`). So an idle network costs no events however long it stays idle.
 */
export class Watchdog {
  private pending = false;
  private readonly kind: number;
  private readonly timeoutNs: number;

  constructor(private readonly state: PacketState) {
    this.kind = state.eventBase + WATCHDOG;
    this.timeoutNs = state.config.deadlockTimeoutNs;
  }

  /** A packet entered the network now: make sure a check is pending. */
  arm(nowNs: number): void {
    if (this.pending) return;
    this.pending = true;
    const state = this.state;
    if (nowNs > state.lastProgressNs) state.lastProgressNs = nowNs;
    state.sim.schedule(deadlineAfter(state.lastProgressNs, this.timeoutNs), this.kind);
  }

  /** The check (a WATCHDOG event); true when the network is stuck. */
  check(nowNs: number): boolean {
    const state = this.state;
    if (state.packets.live === 0) {
      this.pending = false;
      return false;
    }
    // The deadline is computed once and compared as is: `now − last ≥ timeout` can be false
    // at `last + timeout` by one rounding step, which would reschedule the check forever.
    const deadlineNs = deadlineAfter(state.lastProgressNs, this.timeoutNs);
    if (nowNs >= deadlineNs) {
      this.pending = false;
      return true;
    }
    state.sim.schedule(deadlineNs, this.kind);
    return false;
  }
}

const bits = new Float64Array(1);
const bitsInt = new BigInt64Array(bits.buffer);

/**
 * `lastNs + timeoutNs`, but strictly after `lastNs` even when the timeout is below the clock's
 * resolution there (the next representable time): the check must come after every event at
 * the time of the last progress, and simulated time must move on.
 */
export function deadlineAfter(lastNs: number, timeoutNs: number): number {
  const t = lastNs + timeoutNs;
  if (t > lastNs) return t;
  bits[0] = lastNs;
  bitsInt[0] += 1n; // lastNs ≥ 0 and finite: the next double up
  return bits[0];
}
