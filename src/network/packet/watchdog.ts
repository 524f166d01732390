import { WATCHDOG, type PacketState } from "./state.js";

/**
 * The deadlock watchdog: while messages are in flight it checks every `deadlockTimeoutNs`
 * whether any packet has moved (a grant, an arrival, a credit, a delivery) since the last
 * check; if none has while packets are in the network, it calls the network stuck.
 */
export class Watchdog {
  private pending = false;
  private readonly kind: number;
  private readonly timeoutNs: number;

  constructor(private readonly state: PacketState) {
    this.kind = state.eventBase + WATCHDOG;
    this.timeoutNs = state.config.deadlockTimeoutNs;
  }

  /** A message was sent now: make sure a check is pending. */
  arm(nowNs: number): void {
    if (this.pending) return;
    this.pending = true;
    const state = this.state;
    state.lastProgressNs = Math.max(state.lastProgressNs, nowNs);
    state.sim.scheduleIn(this.timeoutNs, this.kind);
  }

  /** The check (a WATCHDOG event); true when the network is stuck. */
  check(nowNs: number): boolean {
    const state = this.state;
    // Messages waiting at a NIC keep the watchdog alive too: their packets are yet to come.
    if (state.messages.live === 0) {
      this.pending = false;
      return false;
    }
    // The deadline is computed once and compared as is: `now − last ≥ timeout` can be false
    // at `last + timeout` by one rounding step, which would reschedule the check forever.
    const deadlineNs = state.lastProgressNs + this.timeoutNs;
    if (nowNs >= deadlineNs && state.packets.live > 0) {
      this.pending = false;
      return true;
    }
    state.sim.schedule(nowNs >= deadlineNs ? nowNs + this.timeoutNs : deadlineNs, this.kind);
    return false;
  }
}
